"""Graphics items of the map: process boxes, links (arrows) and sticky notes.

Items own geometry and painting only. They show an entity snapshot the scene
hands them (:meth:`ProcessItem.set_process` …); they never change the document.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPolygonF,
                           QStaticText)
from PySide6.QtWidgets import QGraphicsItem

from ...model.layout import BOX_H, BOX_W, NOTE_H, NOTE_W
from .style import LOD_DETAIL, LOD_TEXT, STYLE

BOX_RECT = QRectF(0, 0, BOX_W, BOX_H)
NOTE_RECT = QRectF(0, 0, NOTE_W, NOTE_H)
ARROW = 11.0
MAX_DOTS = 8


def wrap_lines(text: str, font, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` in at most ``max_lines``, eliding the last line."""
    fm = QFontMetricsF(font)
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if fm.horizontalAdvance(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
    if lines:
        lines[-1] = fm.elidedText(lines[-1], Qt.ElideRight, width)
        lines[:-1] = [fm.elidedText(s, Qt.ElideRight, width) for s in lines[:-1]]
    return lines


def _static_lines(lines: list[str], font) -> list[tuple[QStaticText, float]]:
    fm = QFontMetricsF(font)
    out = []
    for line in lines:
        st = QStaticText(line)
        st.setTextFormat(Qt.PlainText)
        st.prepare(font=font)
        out.append((st, fm.horizontalAdvance(line)))
    return out


class ProcessItem(QGraphicsItem):
    """A process box: name, department colour, moment-of-truth mark, vote dots,
    a badge with the number of 5 Hows changes, and a link handle on the right."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, process, color: str = "#9e9e9e"):
        super().__init__()
        self.pid = process.id
        self.process = process
        self.links: set[LinkItem] = set()
        self.role: str | None = None      # focus role: focus/ancestor/descendant/both
        self.on_chain = False             # on the way to the nearest moment of truth
        self.badge = 0
        self.editable = True
        self._hover = False
        self._color = color
        self._fill = STYLE.department_fill(color)
        self._text: list[tuple[QStaticText, float]] | None = None
        self.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable
                      | QGraphicsItem.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.setToolTip(self._tooltip())

    def type(self) -> int:
        return self.Type

    # -- state from the scene -------------------------------------------------------
    def set_process(self, process, color: str | None = None) -> None:
        name_changed = process.name != self.process.name
        self.process = process
        if color is not None and color != self._color:
            self._color = color
            self._fill = STYLE.department_fill(color)
        if name_changed:
            self._text = None
        self.setToolTip(self._tooltip())
        self.update()

    def restyle(self) -> None:
        self._fill = STYLE.department_fill(self._color)
        self._text = None
        self.update()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.setFlag(QGraphicsItem.ItemIsMovable, editable)
        self.update()

    def _tooltip(self) -> str:
        p = self.process
        bits = [p.name or "(unnamed process)"]
        if p.moment_of_truth:
            bits.append("★ Moment of truth")
        bits.append("Frontstage" if p.frontstage else "Backstage")
        if p.owner:
            bits.append(f"Owner: {p.owner}")
        if p.votes:
            bits.append(f"{p.votes} vote{'s' * (p.votes != 1)}")
        if p.description:
            bits.append(p.description)
        return "\n".join(bits)

    # -- geometry -----------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        r = STYLE.handle_radius
        return QRectF(-8, -12, BOX_W + 16 + r, BOX_H + 20)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(BOX_RECT)
        if self.editable:
            path.addEllipse(self.handle_rect())
        return path

    def handle_rect(self) -> QRectF:
        r = STYLE.handle_radius
        return QRectF(BOX_W - r, BOX_H / 2 - r, 2 * r, 2 * r)

    def box_rect(self) -> QRectF:
        return BOX_RECT.translated(self.pos())

    def itemChange(self, change, value):
        if change == QGraphicsItem.ItemPositionHasChanged:
            for link in self.links:
                link.adjust()
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter, option, widget=None) -> None:
        s = STYLE
        lod = painter.worldTransform().m11()
        p = self.process
        if lod < LOD_DETAIL:
            painter.fillRect(BOX_RECT, s.moment_fill if p.moment_of_truth else self._fill)
            if self.role:
                painter.setPen(s.focus_pens[self.role])
                painter.setBrush(Qt.NoBrush)
                painter.drawRect(BOX_RECT)
            return
        if self.role:
            pen = s.focus_pens[self.role]
        elif p.moment_of_truth:
            pen = s.moment_pen
        elif p.frontstage:
            pen = s.frontstage_pen
        else:
            pen = s.backstage_pen
        painter.setPen(pen)
        painter.setBrush(self._fill)
        painter.drawRoundedRect(BOX_RECT, 7, 7)
        if p.moment_of_truth:
            self._paint_star(painter)
        if lod >= LOD_TEXT:
            if self._text is None:
                font = s.font_bold if p.moment_of_truth else s.font
                lines = wrap_lines(p.name or "(unnamed)", font, BOX_W - 20, 2)
                self._text = _static_lines(lines, font)
            painter.setPen(s.box_text)
            painter.setFont(s.font_bold if p.moment_of_truth else s.font)
            line_h = QFontMetricsF(painter.font()).height()
            top = (BOX_H - 12 - line_h * len(self._text)) / 2
            for i, (st, w) in enumerate(self._text):
                painter.drawStaticText(QPointF((BOX_W - w) / 2, top + i * line_h), st)
            if not p.frontstage and not s.large:
                painter.setFont(s.small_font)
                painter.drawText(QRectF(6, BOX_H - 17, BOX_W - 12, 14),
                                 Qt.AlignRight | Qt.AlignVCenter, "backstage")
        if p.votes:
            self._paint_votes(painter, lod)
        if self.badge:
            self._paint_badge(painter, lod)
        if self.on_chain:
            painter.setPen(s.chain_ring_pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(BOX_RECT.adjusted(-6, -6, 6, 6), 10, 10)
        if self.isSelected():
            painter.setPen(s.selected_pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(BOX_RECT.adjusted(-5, -5, 5, 5), 9, 9)
        if self.editable and (self._hover or self.isSelected()):
            painter.setPen(s.handle_pen)
            painter.setBrush(s.handle_brush)
            painter.drawEllipse(self.handle_rect())

    def _paint_star(self, painter) -> None:
        s = STYLE
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.moment_fill)
        star = QPolygonF()
        cx, cy, r1, r2 = 5.0, 3.0, 14.0, 6.0
        for i in range(10):
            r = r1 if i % 2 == 0 else r2
            a = -math.pi / 2 + i * math.pi / 5
            star.append(QPointF(cx + r * math.cos(a), cy + r * math.sin(a)))
        painter.drawPolygon(star)

    def _paint_votes(self, painter, lod) -> None:
        s = STYLE
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.vote_brush)
        n = min(self.process.votes, MAX_DOTS)
        for i in range(n):
            painter.drawEllipse(QRectF(7 + i * 12, BOX_H - 15, 10, 10))
        if self.process.votes > MAX_DOTS and lod >= LOD_TEXT:
            painter.setPen(s.box_text)
            painter.setFont(s.small_font)
            painter.drawText(QPointF(9 + n * 12, BOX_H - 6), f"+{self.process.votes - n}")

    def _paint_badge(self, painter, lod) -> None:
        s = STYLE
        rect = QRectF(BOX_W - 20, -10, 24, 20)
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.badge_brush)
        painter.drawRoundedRect(rect, 10, 10)
        if lod >= LOD_TEXT:
            painter.setPen(s.badge_text)
            painter.setFont(s.small_font)
            painter.drawText(rect, Qt.AlignCenter, str(self.badge))


def _clip_to_box(center: QPointF, toward: QPointF) -> QPointF:
    """Where the segment from a box's centre toward ``toward`` leaves the box."""
    dx, dy = toward.x() - center.x(), toward.y() - center.y()
    if dx == 0 and dy == 0:
        return QPointF(center)
    tx = (BOX_W / 2) / abs(dx) if dx else math.inf
    ty = (BOX_H / 2) / abs(dy) if dy else math.inf
    t = min(tx, ty, 1.0)
    return QPointF(center.x() + dx * t, center.y() + dy * t)


def arrow_head(p1: QPointF, p2: QPointF, size: float = ARROW) -> QPolygonF:
    angle = math.atan2(p2.y() - p1.y(), p2.x() - p1.x())
    left = QPointF(p2.x() - size * math.cos(angle - 0.45), p2.y() - size * math.sin(angle - 0.45))
    right = QPointF(p2.x() - size * math.cos(angle + 0.45), p2.y() - size * math.sin(angle + 0.45))
    return QPolygonF([p2, left, right])


class LinkItem(QGraphicsItem):
    """An upstream → downstream arrow between two process boxes; follows them."""

    Type = QGraphicsItem.UserType + 2
    fast = False   # set while a box is dragged: plain (non-antialiased) lines, 10x cheaper

    def __init__(self, link, up: ProcessItem, down: ProcessItem):
        super().__init__()
        self.lid = link.id
        self.link = link
        self.up = up
        self.down = down
        self.cyclic = False
        self.role: str | None = None
        self.dimmed = False
        self._line = QLineF()
        self._bounds = QRectF()
        self._arrow = QPolygonF()
        self._shape: QPainterPath | None = None
        self.setFlag(QGraphicsItem.ItemIsSelectable)
        self.setZValue(1)
        up.links.add(self)
        down.links.add(self)
        self.adjust()

    def type(self) -> int:
        return self.Type

    def detach(self) -> None:
        self.up.links.discard(self)
        self.down.links.discard(self)

    def set_link(self, link) -> None:
        self.link = link
        self.setToolTip(link.label)
        self.update()

    def adjust(self) -> None:
        """Recompute the arrow from the boxes' current positions."""
        c1 = self.up.pos() + QPointF(BOX_W / 2, BOX_H / 2)
        c2 = self.down.pos() + QPointF(BOX_W / 2, BOX_H / 2)
        p1, p2 = _clip_to_box(c1, c2), _clip_to_box(c2, c1)
        self.prepareGeometryChange()
        self._line = QLineF(p1, p2)
        self._arrow = arrow_head(p1, p2)
        m = ARROW + 4
        self._bounds = QRectF(p1, p2).normalized().adjusted(-m, -m, m, m)
        self._shape = None

    def line(self) -> QLineF:
        return QLineF(self._line)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            path = QPainterPath(self._line.p1())
            path.lineTo(self._line.p2())
            stroker = QPainterPathStroker()
            stroker.setWidth(12)
            self._shape = stroker.createStroke(path)
            self._shape.addPolygon(self._arrow)
        return self._shape

    def paint(self, painter, option, widget=None) -> None:
        s = STYLE
        if self.isSelected():
            pen, brush = s.link_selected_pen, s.handle_brush
        elif self.role:
            pen = s.focus_link_pens[self.role]
            brush = pen.color()
        elif self.dimmed:   # a faint pen, cheaper than item opacity
            pen, brush = s.dim_link_pen, s.dim_link_brush
        elif self.cyclic:
            pen, brush = s.cycle_pen, s.cycle_brush
        else:
            pen, brush = s.link_pen, s.link_brush
        lod = painter.worldTransform().m11()
        if lod < LOD_TEXT or LinkItem.fast:
            painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setPen(pen)
        painter.drawLine(self._line)
        if lod >= LOD_DETAIL:
            painter.setBrush(brush)
            painter.setPen(Qt.NoPen)
            painter.drawPolygon(self._arrow)


class NoteItem(QGraphicsItem):
    """A sticky note (pain point, idea or question), on a process box or free."""

    Type = QGraphicsItem.UserType + 3

    def __init__(self, note):
        super().__init__()
        self.nid = note.id
        self.note = note
        self.editable = True
        self._text: list[tuple[QStaticText, float]] | None = None
        self.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable)
        self.setZValue(3)
        self.setToolTip(note.text)

    def type(self) -> int:
        return self.Type

    def set_note(self, note) -> None:
        if note.text != self.note.text:
            self._text = None
        self.note = note
        self.setToolTip(note.text)
        self.update()

    def restyle(self) -> None:
        self._text = None
        self.update()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.setFlag(QGraphicsItem.ItemIsMovable, editable)

    def boundingRect(self) -> QRectF:
        return NOTE_RECT.adjusted(-4, -4, 4, 4)

    def paint(self, painter, option, widget=None) -> None:
        s = STYLE
        painter.setPen(s.selected_pen if self.isSelected() else s.note_pen)
        painter.setBrush(s.note_brushes.get(self.note.kind, s.note_brushes["idea"]))
        painter.drawRect(NOTE_RECT)
        lod = painter.worldTransform().m11()
        if lod < LOD_TEXT:
            return
        if self._text is None:
            max_lines = max(1, int((NOTE_H - 6) // QFontMetricsF(s.note_font).height()))
            self._text = _static_lines(wrap_lines(self.note.text or self.note.kind, s.note_font,
                                                  NOTE_W - 8, max_lines), s.note_font)
        painter.setPen(s.note_text)
        painter.setFont(s.note_font)
        line_h = QFontMetricsF(s.note_font).height()
        for i, (st, _w) in enumerate(self._text):
            painter.drawStaticText(QPointF(4, 3 + i * line_h), st)
