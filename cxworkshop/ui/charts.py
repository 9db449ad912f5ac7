"""Small bar charts drawn with QPainter (PySide6-Essentials has no QtCharts).

:class:`BarChart` draws labelled horizontal bars with their counts;
:class:`GroupChart` draws one stacked bar per group (e.g. per department:
served this quarter / earlier / no answer). Both scale with a ``scale``
factor so the presenter window can draw them large.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import tr

#: Colours readable on white and on black, distinct for colour-blind viewers.
SERIES_COLORS = ("#0072b2", "#e69f00", "#9e9e9e", "#009e73", "#cc79a7", "#d55e00",
                 "#56b4e9", "#f0e442")
RECENCY_COLORS = ("#0b6e4f", "#2a9d8f", "#57b894", "#9bd0a9", "#f4a259", "#e76f51",
                  "#b23a48", "#9e9e9e")
OUTCOME_COLORS = ("#2a9d8f", "#e9c46a", "#e76f51", "#9e9e9e")


class _Chart(QWidget):
    def __init__(self, title: str = "", scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.title = title
        self.scale = scale
        self.dark = False  # draw light text on a dark background
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def _font(self, factor: float = 1.0, bold: bool = False) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(6.0, self.font().pointSizeF() * self.scale * factor))
        f.setBold(bold)
        return f

    def _text_color(self) -> QColor:
        return QColor("#ffffff") if self.dark else self.palette().color(QPalette.WindowText)

    def _line_height(self) -> float:
        return QFontMetricsF(self._font()).height()

    def _row_height(self, fm: QFontMetricsF, rows: int) -> float:
        """Rows are 1.5 lines high, squeezed (down to one line) to fit the widget."""
        return max(fm.height(), min(fm.height() * 1.5, self.height() / max(rows, 1)))

    def _draw_title(self, p: QPainter, row_h: float) -> float:
        if not self.title:
            return 0.0
        p.setFont(self._font(1.1, bold=True))
        p.setPen(self._text_color())
        p.drawText(QRectF(0, 0, self.width(), row_h), Qt.AlignLeft | Qt.AlignVCenter,
                   self.title)
        return row_h

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetricsF(self._font())
        return QSize(int(200 * self.scale), int(fm.height() * (self._rows() + 1)))

    def _rows(self) -> int:
        return 0

    def set_title(self, title: str) -> None:
        self.title = title
        self.update()


class BarChart(_Chart):
    """Horizontal bars: one ``(label, value)`` row each, the value written at the bar's end."""

    def __init__(self, title: str = "", colors=SERIES_COLORS, scale: float = 1.0, parent=None):
        super().__init__(title, scale, parent)
        self.rows: list[tuple[str, int]] = []
        self.colors = tuple(colors)

    def set_rows(self, rows: list[tuple[str, int]]) -> None:
        self.rows = list(rows)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        h = self._line_height()
        return QSize(int(320 * self.scale), int(h * 1.5 * (len(self.rows) + 1)))

    def _rows(self) -> int:
        return len(self.rows)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        text = self._text_color()
        font = self._font()
        fm = QFontMetricsF(font)
        row_h = self._row_height(fm, len(self.rows) + (1 if self.title else 0))
        y = self._draw_title(p, row_h)
        value_w = fm.horizontalAdvance("0000") + 8
        # the labels take what they need, up to 60 % of the width; longer ones (German
        # "Vor über einem Jahr") are set smaller, down to 3/4 size, before any is cut short
        pad = 12 * self.scale
        wanted = max([fm.horizontalAdvance(lbl) for lbl, _ in self.rows] + [0])
        room = self.width() * 0.6 - pad
        label_font = QFont(font)
        if wanted > room > 0:
            label_font.setPointSizeF(font.pointSizeF() * max(0.75, room / wanted))
        label_fm = QFontMetricsF(label_font)
        label_w = min(max([label_fm.horizontalAdvance(lbl) for lbl, _ in self.rows] + [0]) + pad,
                      self.width() * 0.6)
        bar_w = max(10.0, self.width() - label_w - value_w)
        top = max([v for _, v in self.rows] + [1])
        for i, (label, value) in enumerate(self.rows):
            r = QRectF(0, y, label_w - 8 * self.scale, row_h)
            p.setPen(text)
            p.setFont(label_font)
            p.drawText(r, Qt.AlignRight | Qt.AlignVCenter,
                       label_fm.elidedText(label, Qt.ElideRight, r.width()))
            p.setFont(font)
            w = bar_w * value / top
            bar = QRectF(label_w, y + row_h * 0.18, w, row_h * 0.64)
            p.fillRect(bar, QColor(self.colors[i % len(self.colors)]))
            p.drawText(QRectF(label_w + w + 6, y, value_w, row_h),
                       Qt.AlignLeft | Qt.AlignVCenter, str(value))
            y += row_h
        p.end()


class GroupChart(_Chart):
    """One stacked horizontal bar per group, with a legend of the parts."""

    def __init__(self, title: str = "", parts: tuple[str, ...] = (),
                 colors=SERIES_COLORS, scale: float = 1.0, parent=None):
        super().__init__(title, scale, parent)
        self.parts = tuple(parts)
        self.colors = tuple(colors)
        self.groups: list[tuple[str, tuple[int, ...]]] = []

    def set_groups(self, groups: list[tuple[str, tuple[int, ...]]]) -> None:
        self.groups = list(groups)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        h = self._line_height()
        return QSize(int(320 * self.scale), int(h * 1.5 * (len(self.groups) + 2)))

    def _rows(self) -> int:
        return len(self.groups) + 1

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        text = self._text_color()
        font = self._font()
        fm = QFontMetricsF(font)
        row_h = self._row_height(fm, len(self.groups) + (2 if self.title else 1))
        y = self._draw_title(p, row_h)
        p.setFont(font)
        # legend
        x = 0.0
        for i, part in enumerate(self.parts):
            sw = fm.height() * 0.7
            p.fillRect(QRectF(x, y + (row_h - sw) / 2, sw, sw),
                       QColor(self.colors[i % len(self.colors)]))
            x += sw + 4
            p.setPen(text)
            p.drawText(QRectF(x, y, fm.horizontalAdvance(part) + 2, row_h),
                       Qt.AlignLeft | Qt.AlignVCenter, part)
            x += fm.horizontalAdvance(part) + 16 * self.scale
        y += row_h
        label_w = max([fm.horizontalAdvance(lbl) for lbl, _ in self.groups] + [0])
        label_w = min(label_w + 12 * self.scale, self.width() * 0.4)
        value_w = fm.horizontalAdvance("000") + 8
        bar_w = max(10.0, self.width() - label_w - value_w)
        top = max([sum(v) for _, v in self.groups] + [1])
        for label, values in self.groups:
            r = QRectF(0, y, label_w - 8 * self.scale, row_h)
            p.setPen(text)
            p.drawText(r, Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(label, Qt.ElideRight, r.width()))
            x = label_w
            for i, value in enumerate(values):
                w = bar_w * value / top
                seg = QRectF(x, y + row_h * 0.18, w, row_h * 0.64)
                p.fillRect(seg, QColor(self.colors[i % len(self.colors)]))
                if value and w > fm.horizontalAdvance(str(value)) + 4:
                    p.setPen(QColor("#ffffff"))
                    p.drawText(seg, Qt.AlignCenter, str(value))
                x += w
            p.setPen(text)
            p.drawText(QRectF(x + 6, y, value_w, row_h), Qt.AlignLeft | Qt.AlignVCenter,
                       str(sum(values)))
            y += row_h
        p.end()


def fill_story_charts(stats, recency: BarChart, outcome: BarChart, groups: GroupChart) -> None:
    """Put a :class:`~cxworkshop.model.stats.StoryStats` into the three chart widgets."""
    recency.set_rows([row for row, key in zip(stats.recency_rows(), stats.recency, strict=False)
                      if key != "no_answer" or stats.recency[key]])
    outcome.set_rows(stats.outcome_rows())
    rows = []
    for g in (*stats.by_department, stats.customer_facing, stats.behind_the_scenes):
        if g.participants:
            rows.append((g.label, (g.recent, g.answered - g.recent, g.participants - g.answered)))
    groups.set_groups(rows)


def story_charts(scale: float = 1.0, parent=None) -> tuple[BarChart, BarChart, GroupChart]:
    """The three story charts: recency, outcome, and per group."""
    return (BarChart(tr("When was it?"), RECENCY_COLORS, scale, parent),
            BarChart(tr("How did it end?"), OUTCOME_COLORS, scale, parent),
            GroupChart(tr("By department and role"),
                       (tr("This quarter or sooner"), tr("Earlier or can't remember"),
                        tr("No answer")),
                       ("#0b6e4f", "#e76f51", "#9e9e9e"), scale, parent))
