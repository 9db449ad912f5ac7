"""Metric gauge chips on the map's process boxes (toggled from the Map toolbar).

A chip hangs on the bottom-right corner of a box that has metrics linked to
it: the first customer (outside-in) metric's current value with its trend,
green when on target, red when not, grey when there is no target; "+n" when
there are more. Chips are children of the box items, so they move with them;
the layer follows the document and never changes it.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from ...i18n import tr
from ...model import metrics as M
from ...model.entities import Metric
from ...model.layout import BOX_H, BOX_W
from .style import LOD_SMALL_TEXT, STYLE

CHIP_H = 18
COLORS = {True: "#2e7d32", False: "#c62828", None: "#52606d"}
WATCHED = ("metrics", "metric_links", "processes")


class GaugeChip(QGraphicsItem):
    """A small rounded label under a process box."""

    def __init__(self, parent: QGraphicsItem):
        super().__init__(parent)
        self.text = ""
        self.state: bool | None = None
        self._rect = QRectF()
        self.setZValue(3)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_content(self, text: str, state: bool | None, tooltip: str) -> None:
        if (text, state) != (self.text, self.state):
            self.prepareGeometryChange()
            self.text, self.state = text, state
            width = QFontMetricsF(STYLE.small_font).horizontalAdvance(text) + 14
            # half out of the box's bottom edge, right-aligned (votes sit on the left)
            self._rect = QRectF(BOX_W - width - 6, BOX_H - CHIP_H / 2, width, CHIP_H)
            self.update()
        self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter, option, widget=None) -> None:
        color = QColor(COLORS[self.state])
        painter.setPen(QPen(QColor("white"), 1.2))
        painter.setBrush(color)
        painter.drawRoundedRect(self._rect, CHIP_H / 2, CHIP_H / 2)
        if painter.worldTransform().m11() >= LOD_SMALL_TEXT:
            painter.setPen(QColor("white"))
            painter.setFont(STYLE.small_font)
            painter.drawText(self._rect, Qt.AlignCenter, self.text)


def chip_content(workshop, metric_ids: list[str]) -> tuple[str, bool | None, str]:
    """Text, target state and tooltip of a chip for a box with ``metric_ids``."""
    metrics = [workshop.table(Metric)[k] for k in metric_ids
               if k in workshop.table(Metric)]
    metrics.sort(key=lambda m: m.kind != "outside_in")  # the customer's number first
    first = metrics[0]
    mark = "◉" if first.kind == "outside_in" else "○"
    text = f"{mark} {M.gauge_text(first)}"
    if len(metrics) > 1:
        text += f"  +{len(metrics) - 1}"
    lines = []
    for m in metrics:
        target = (" " + tr("(target {value})").format(value=M.format_value(m.target, m.unit))
                  if m.target is not None else "")
        kind = tr("customer") if m.kind == "outside_in" else tr("internal")
        lines.append(f"{m.name} — {M.gauge_text(m)}{target}, {kind}")
    return text, M.on_target(first), "\n".join(lines)


class GaugeLayer:
    """Keeps a chip on each linked process box of ``scene`` while ``visible``."""

    def __init__(self, scene, document):
        self.scene = scene
        self.document = document
        self.visible = False
        self.chips: dict[str, GaugeChip] = {}
        self._dirty = True
        document.entity_added.connect(self._touched)
        document.entity_removed.connect(self._touched)
        document.entity_changed.connect(self._changed_fields)
        document.changed.connect(self._after_change)

    def _touched(self, kind: str, _id: str) -> None:
        if kind in WATCHED:
            self._dirty = True

    def _changed_fields(self, kind: str, _id: str, fields) -> None:
        if kind in ("metrics", "metric_links") or (
                kind == "processes" and not set(fields) <= {"x", "y", "position", "votes"}):
            self._dirty = True

    def _after_change(self) -> None:
        if self._dirty and self.visible:
            self.sync()

    def set_visible(self, on: bool) -> None:
        self.visible = on
        if on:
            self.sync()
        else:
            for chip in self.chips.values():
                chip.setVisible(False)

    def sync(self) -> None:
        """Make the chips match the document (only boxes with metrics get one)."""
        self._dirty = False
        w = self.document.workshop
        index = M.MetricIndex.of(w)
        items = self.scene.item_for_process
        wanted = {pid for pid, mids in index.metrics_of.items() if mids and pid in items}
        for pid in list(self.chips):
            chip = self.chips[pid]
            if not isValid(chip):  # its box was deleted, and the chip with it
                del self.chips[pid]
            elif pid not in wanted or chip.parentItem() is not items.get(pid):
                if chip.scene() is not None:
                    self.scene.removeItem(chip)
                del self.chips[pid]
        for pid in wanted:
            chip = self.chips.get(pid)
            if chip is None:
                chip = self.chips[pid] = GaugeChip(items[pid])
            chip.set_content(*chip_content(w, index.metrics_of[pid]))
            chip.setVisible(self.visible)
