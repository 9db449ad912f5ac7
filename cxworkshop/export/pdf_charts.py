"""Small vector charts for the report: labelled horizontal bars and share bars."""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .pdf_map import wrap
from .pdf_style import ACCENT, ACCENT_LIGHT, FAINT, FONT, FONT_BOLD, INK, MUTED, short

ROW_H = 15.0
TITLE_H = 16.0


class BarChart(Flowable):
    """One bar per ``(label, count)``; the count and its share of ``total`` beside it."""

    def __init__(self, title: str, rows: list[tuple[str, int]], width: float,
                 bar_color=ACCENT, total: int | None = None, highlight: set[str] = frozenset()):
        super().__init__()
        self.title = title
        self.rows = rows
        self.width = width
        self.bar_color = bar_color
        self.total = total if total is not None else sum(c for _, c in rows)
        self.highlight = highlight
        self.label_w = min(130.0, width * 0.38)
        self.height = TITLE_H + ROW_H * len(rows) + 4

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        canv.setFont(FONT_BOLD, 9)
        canv.setFillColor(INK)
        canv.drawString(0, top - 11, short(self.title, 80))
        most = max([c for _, c in self.rows] + [1])
        bar_w = self.width - self.label_w - 62
        for i, (label, count) in enumerate(self.rows):
            y = top - TITLE_H - (i + 1) * ROW_H + 3
            strong = label in self.highlight
            canv.setFont(FONT_BOLD if strong else FONT, 8)
            canv.setFillColor(INK)
            text = wrap(label, FONT, 8, self.label_w - 6, 1)
            canv.drawString(0, y + 3, text[0] if text else "")
            canv.setFillColor(FAINT)
            canv.rect(self.label_w, y, bar_w, 10, stroke=0, fill=1)
            if count:
                canv.setFillColor(self.bar_color)
                canv.rect(self.label_w, y, max(1.5, bar_w * count / most), 10, stroke=0, fill=1)
            share = f" ({round(100 * count / self.total)}%)" if self.total else ""
            canv.setFont(FONT_BOLD if strong else FONT, 8)
            canv.setFillColor(INK if count else MUTED)
            canv.drawString(self.label_w + bar_w + 5, y + 2, f"{count}{share}")


class ShareChart(Flowable):
    """One bar per group split in two: ``part`` of ``whole`` ("3 of 5"), e.g. people
    who served a customer this quarter, per department."""

    def __init__(self, title: str, rows: list[tuple[str, int, int]], width: float,
                 part_label: str, rest_label: str):
        super().__init__()
        self.title = title
        self.rows = rows
        self.width = width
        self.part_label = part_label
        self.rest_label = rest_label
        self.label_w = min(130.0, width * 0.38)
        self.height = TITLE_H + ROW_H * len(rows) + 18

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        canv.setFont(FONT_BOLD, 9)
        canv.setFillColor(INK)
        canv.drawString(0, top - 11, short(self.title, 90))
        bar_w = self.width - self.label_w - 62
        for i, (label, part, whole) in enumerate(self.rows):
            y = top - TITLE_H - (i + 1) * ROW_H + 3
            canv.setFont(FONT, 8)
            canv.setFillColor(INK)
            text = wrap(label, FONT, 8, self.label_w - 6, 1)
            canv.drawString(0, y + 3, text[0] if text else "")
            canv.setFillColor(ACCENT_LIGHT)
            canv.rect(self.label_w, y, bar_w, 10, stroke=0, fill=1)
            if whole and part:
                canv.setFillColor(ACCENT)
                canv.rect(self.label_w, y, bar_w * part / whole, 10, stroke=0, fill=1)
            canv.setFillColor(INK)
            canv.drawString(self.label_w + bar_w + 5, y + 2, f"{part} of {whole}")
        # key
        y = 2
        x = self.label_w
        for fill, text in ((ACCENT, self.part_label), (ACCENT_LIGHT, self.rest_label)):
            canv.setFillColor(fill)
            canv.rect(x, y, 8, 8, stroke=0, fill=1)
            canv.setFillColor(MUTED)
            canv.setFont(FONT, 7)
            canv.drawString(x + 11, y + 1, text)
            x += 11 + stringWidth(text, FONT, 7) + 14
