"""Cards on the presenter: text wraps, shrinks to the floor, then pages.

:class:`CardBoard` lays out :class:`Card` s in a grid on a black screen: as
many columns as fit cards at least ~16 characters-widths wide (fewer per row
on small screens), each card as tall as its wrapped text. It tries the
largest text size first and shrinks in steps down to :data:`FLOOR_PX`; what
still does not fit goes on further pages ("2 / 3" in the corner).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from .common import FLOOR_PX, px_font, wrap_lines

GAP = 16
PAD = 12


@dataclass
class Card:
    """One card: a coloured heading, then lines of (text, style).

    ``style`` is ``"bold"``, ``"plain"``, ``"italic"`` or ``"muted"``; a card
    with ``hidden`` set shows only that (an answer not revealed yet).
    """

    head: str = ""
    color: str = "#37474f"
    lines: list[tuple[str, str]] = field(default_factory=list)
    hidden: str | None = None


class CardBoard(QWidget):
    """Cards that fit the widget: wrap, shrink to the floor, then page."""

    pages_changed = Signal(int)

    def __init__(self, start_px: float = 34, min_chars: int = 16, parent=None):
        super().__init__(parent)
        self.cards: list[Card] = []
        self.empty = ""
        self.start_px = start_px
        self.min_chars = min_chars
        self.page = 0
        self.text_px = start_px
        self._pages: list[list[tuple[int, QRectF]]] = []
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_cards(self, cards: list[Card], empty: str = "", start_px: float | None = None,
                  min_chars: int | None = None) -> None:
        self.cards = cards
        self.empty = empty
        if start_px is not None:
            self.start_px = start_px
        if min_chars is not None:
            self.min_chars = min_chars
        self._layout()
        self.update()

    def set_page(self, page: int) -> None:
        self.page = max(0, min(page, self.page_count - 1))
        self.update()

    @property
    def page_count(self) -> int:
        return max(1, len(self._pages))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    # -- layout ---------------------------------------------------------------------------
    def _card_height(self, card: Card, width: float, px: float) -> float:
        if card.hidden is not None:
            return px * 2.6
        line = QFontMetricsF(px_font(px)).lineSpacing()
        h = PAD * 2 + self._head_height(card, width, px)
        for text, style in card.lines:
            metrics = QFontMetricsF(px_font(px, bold=style == "bold", italic=style == "italic"))
            h += line * max(1, len(wrap_lines(text, metrics, width - 2 * PAD, 999)))
        return h

    @staticmethod
    def _head_lines(card: Card, width: float, px: float) -> list[str]:
        """The heading wrapped (never cut): a question or a name is read whole."""
        if not card.head:
            return []
        return wrap_lines(card.head, QFontMetricsF(px_font(px, bold=True)), width - 2 * PAD, 4)

    def _head_height(self, card: Card, width: float, px: float) -> float:
        lines = self._head_lines(card, width, px)
        if not lines:
            return 0.0
        return QFontMetricsF(px_font(px, bold=True)).lineSpacing() * len(lines) + px * 0.5

    def _pack(self, px: float, w: float, h: float) -> tuple[list, float]:
        n = len(self.cards)
        min_w = px * self.min_chars * 0.55 * 1.9
        cols = max(1, min(n, int((w + GAP) // (min_w + GAP)) or 1))
        cw = (w - GAP * (cols - 1)) / cols
        heights = [self._card_height(c, cw, px) for c in self.cards]
        pages: list[list[tuple[int, QRectF]]] = [[]]
        y = 0.0
        for start in range(0, n, cols):
            row = list(range(start, min(n, start + cols)))
            rh = min(max(heights[i] for i in row), h)
            if y > 0 and y + rh > h:
                pages.append([])
                y = 0.0
            for k, i in enumerate(row):
                pages[-1].append((i, QRectF(k * (cw + GAP), y, cw,
                                            heights[i] if self.cards[i].hidden is None
                                            else rh)))
            y += rh + GAP
        return pages, cw

    def _layout(self) -> None:
        w, h = float(self.width()), float(self.height())
        if not self.cards or w <= 0 or h <= 0:
            self._pages = []
            self.pages_changed.emit(1)
            return
        px = float(self.start_px)
        while True:
            pages, _ = self._pack(px, w, h)
            if len(pages) == 1 or px <= FLOOR_PX:
                break
            px = max(FLOOR_PX, px - 2)
        if len(pages) > 1:  # leave room for the page number
            pages, _ = self._pack(px, w, h - px * 1.6)
        self.text_px = px
        self._pages = pages
        self.page = min(self.page, len(pages) - 1)
        self.pages_changed.emit(len(pages))

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        px = self.text_px
        if not self.cards:
            p.setPen(QColor("#ffffff"))
            p.setFont(px_font(self.start_px))
            p.drawText(self.rect(), Qt.AlignCenter | Qt.TextWordWrap, self.empty)
            p.end()
            return
        for i, r in self._pages[self.page] if self._pages else []:
            self._paint_card(p, self.cards[i], r, px)
        if len(self._pages) > 1:
            p.setPen(QColor("#bdbdbd"))
            p.setFont(px_font(px))
            p.drawText(QRectF(0, self.height() - px * 1.5, self.width(), px * 1.5),
                       Qt.AlignRight | Qt.AlignVCenter,
                       f"{self.page + 1} / {len(self._pages)}  ▸")
        p.end()

    def _paint_card(self, p: QPainter, card: Card, r: QRectF, px: float) -> None:
        p.setPen(Qt.NoPen)
        if card.hidden is not None:
            p.setBrush(QColor("#2b2b2b"))
            p.drawRoundedRect(r, 12, 12)
            p.setPen(QColor("#9e9e9e"))
            p.setFont(px_font(px * 1.4, bold=True))
            p.drawText(r, Qt.AlignCenter, card.hidden)
            return
        p.setBrush(QColor("#f5f5f5"))
        p.drawRoundedRect(r, 12, 12)
        y = r.y() + PAD
        if card.head:
            head = QRectF(r.x(), r.y(), r.width(), self._head_height(card, r.width(), px))
            p.setBrush(QColor(card.color))
            p.drawRoundedRect(head, 12, 12)
            p.drawRect(QRectF(head.x(), head.center().y(), head.width(), head.height() / 2))
            p.setPen(QColor("#ffffff"))
            bold = px_font(px, bold=True)
            p.setFont(bold)
            step = QFontMetricsF(bold).lineSpacing()
            hy = head.y() + px * 0.25
            for t in self._head_lines(card, r.width(), px):
                p.drawText(QRectF(head.x() + PAD, hy, head.width() - 2 * PAD, step),
                           Qt.AlignLeft | Qt.AlignVCenter, t)
                hy += step
            y = head.bottom() + PAD / 2
        width = r.width() - 2 * PAD
        line = QFontMetricsF(px_font(px)).lineSpacing()
        colors = {"muted": "#555555"}
        for text, style in card.lines:
            f = px_font(px, bold=style == "bold", italic=style == "italic")
            p.setFont(f)
            p.setPen(QColor(colors.get(style, "#111111")))
            room = int((r.bottom() - PAD / 2 - y) // line)
            if room <= 0:
                break
            for t in wrap_lines(text, QFontMetricsF(f), width, room):
                p.drawText(QRectF(r.x() + PAD, y, width, line), Qt.AlignLeft | Qt.AlignVCenter, t)
                y += line
