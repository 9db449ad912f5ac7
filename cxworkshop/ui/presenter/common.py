"""Type, colours and text fitting shared by the presenter's room views."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel

#: Smallest point sizes on the presenter (readable from about 8 metres).
MIN_TEXT_PT = 24
MIN_TITLE_PT = 40
TIMER_PT = 64
#: Text is never drawn smaller than this many pixels: it wraps, shrinks to it, then pages.
FLOOR_PX = 24

BACKGROUND = "#000000"
INK = "#ffffff"
MUTED = "#bdbdbd"


def font(pt: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(pt)
    f.setBold(bold)
    f.setItalic(italic)
    return f


def px_font(px: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, int(round(px))))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def label(text: str = "", pt: float = MIN_TEXT_PT, bold: bool = False,
          color: str = INK, wrap: bool = True) -> QLabel:
    lbl = QLabel(text)
    lbl.setFont(font(pt, bold))
    lbl.setWordWrap(wrap)
    lbl.setStyleSheet(f"color: {color}; background: transparent;")
    return lbl


def wrap_lines(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; a cut last line ends in "…"."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):  # noqa: B007 - i is read after the break
        trial = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    else:
        if current:
            lines.append(current)
        return [metrics.elidedText(t, Qt.ElideRight, width) for t in lines[:max_lines]]
    # out of lines: the last one takes the rest of the text and ends in "…"
    lines[-1] = metrics.elidedText(" ".join([lines[-1], *words[i:]]), Qt.ElideRight, width)
    return lines


def text_px(height: int) -> float:
    """The body text size for a presenter ``height`` pixels tall (never below the floor)."""
    return max(FLOOR_PX, height / 26)
