"""Small vector charts for the report: labelled horizontal bars and share bars."""
from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from .pdf_map import wrap
from .pdf_style import ACCENT, ACCENT_LIGHT, FAINT, FONT, FONT_BOLD, INK, MUTED, short, text_width

ROW_H = 15.0
TITLE_H = 16.0


class _RowChart(Flowable):
    """A titled chart of labelled horizontal bars, one row each."""

    KEY_H = 4.0  # room below the rows (a key, if any)
    TITLE_CHARS = 80

    def __init__(self, title: str, rows: Sequence[tuple[Any, ...]], width: float):
        super().__init__()
        self.title = title
        self.rows = rows
        self.width = width
        self.label_w = min(130.0, width * 0.38)
        self.bar_w = width - self.label_w - 62
        self.height = TITLE_H + ROW_H * len(rows) + self.KEY_H

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw_title(self) -> None:
        self.canv.setFont(FONT_BOLD, 9)
        self.canv.setFillColor(INK)
        self.canv.drawString(0, self.height - 11, short(self.title, self.TITLE_CHARS))

    def draw_row(self, i: int, label: str, bold: bool, track: Color) -> float:
        """Draw row ``i``'s label and empty bar track; return the bar's baseline y."""
        canv = self.canv
        y = self.height - TITLE_H - (i + 1) * ROW_H + 3
        canv.setFont(FONT_BOLD if bold else FONT, 8)
        canv.setFillColor(INK)
        text = wrap(label, FONT, 8, self.label_w - 6, 1)
        canv.drawString(0, y + 3, text[0] if text else "")
        canv.setFillColor(track)
        canv.rect(self.label_w, y, self.bar_w, 10, stroke=0, fill=1)
        return y


class BarChart(_RowChart):
    """One bar per ``(label, count)``; the count and its share of ``total`` beside it."""

    def __init__(self, title: str, rows: list[tuple[str, int]], width: float,
                 bar_color: Color = ACCENT, total: int | None = None,
                 highlight: AbstractSet[str] = frozenset()):
        super().__init__(title, rows, width)
        self.bar_color = bar_color
        self.total = total if total is not None else sum(c for _, c in rows)
        self.highlight = highlight

    def bar_length(self, count: int) -> float:
        """The track is the whole (``total``): a bar's length is its share, as its label says."""
        whole = max([self.total] + [c for _, c in self.rows] + [1])
        return max(1.5, self.bar_w * count / whole) if count else 0.0

    def draw(self) -> None:
        canv = self.canv
        self.draw_title()
        for i, (label, count) in enumerate(self.rows):
            strong = label in self.highlight
            y = self.draw_row(i, label, strong, FAINT)
            if count:
                canv.setFillColor(self.bar_color)
                canv.rect(self.label_w, y, self.bar_length(count), 10, stroke=0, fill=1)
            share = f" ({round(100 * count / self.total)}%)" if self.total else ""
            canv.setFont(FONT_BOLD if strong else FONT, 8)
            canv.setFillColor(INK if count else MUTED)
            canv.drawString(self.label_w + self.bar_w + 5, y + 2, f"{count}{share}")


class ShareChart(_RowChart):
    """One bar per group split in two: ``part`` of ``whole`` ("3 of 5"), e.g. people
    who served a customer this quarter, per department."""

    KEY_H = 18.0
    TITLE_CHARS = 90

    def __init__(self, title: str, rows: list[tuple[str, int, int]], width: float,
                 part_label: str, rest_label: str):
        super().__init__(title, rows, width)
        self.part_label = part_label
        self.rest_label = rest_label

    def draw(self) -> None:
        canv = self.canv
        self.draw_title()
        for i, (label, part, whole) in enumerate(self.rows):
            y = self.draw_row(i, label, False, ACCENT_LIGHT)
            if whole and part:
                canv.setFillColor(ACCENT)
                canv.rect(self.label_w, y, self.bar_w * part / whole, 10, stroke=0, fill=1)
            canv.setFillColor(INK)
            canv.drawString(self.label_w + self.bar_w + 5, y + 2, f"{part} of {whole}")
        # key
        y = 2
        x = self.label_w
        for fill, text in ((ACCENT, self.part_label), (ACCENT_LIGHT, self.rest_label)):
            canv.setFillColor(fill)
            canv.rect(x, y, 8, 8, stroke=0, fill=1)
            canv.setFillColor(MUTED)
            canv.setFont(FONT, 7)
            canv.drawString(x + 11, y + 1, text)
            x += 11 + text_width(text, FONT, 7) + 14
