"""Graphics items of the map: process boxes, links (arrows) and sticky notes.

Items own geometry and painting only. They show an entity snapshot the scene
hands them (:meth:`ProcessItem.set_process` …); they never change the document.

An item is normally *pictured*: the scene paints it into each view's cached
picture of the map (:mod:`.render`, cached by the view) and Qt skips it
(``ItemHasNoContents``), so a repaint is a blit however big the map.
Every change of its look goes through :meth:`MapItem.update`,
:meth:`MapItem.move_to`, :meth:`MapItem.set_dim` or
:meth:`MapItem.picture_changed`, which repaint the picture where it lies (the
scene reports selection changes). The picture painter keeps an item's
*record* (where it is, in scene coordinates) between paints: moves drop it.
While dragged an item is *live*: Qt paints
it over the picture on every mouse move. Bounds live in the C++ rectangle
(``QGraphicsRectItem``) and no ``itemChange`` is overridden, so Qt's searches
and bookkeeping never call back into Python.
"""
from __future__ import annotations

import math
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from ...i18n import ngettext, tr
from ...model.layout import BOX_H, BOX_W, NOTE_H, NOTE_W
from .. import plain_tip
from .style import FAR_NAME_MIN_PX, FAR_NAME_PX, LOD_DETAIL, LOD_SMALL_TEXT, LOD_TEXT, STYLE

BOX_RECT = QRectF(0, 0, BOX_W, BOX_H)
NOTE_RECT = QRectF(0, 0, NOTE_W, NOTE_H)
ARROW = 11.0
MAX_DOTS = 8
NO_CONTENTS = QGraphicsItem.ItemHasNoContents
NO_PEN = QPen(Qt.NoPen)
_MOVABLE = QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable | NO_CONTENTS
_LINK_FLAGS = (QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemUsesExtendedStyleOption
               | NO_CONTENTS)


def wrap_lines(text: str, font, width: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` in at most ``max_lines``, eliding the last line."""
    fm = QFontMetricsF(font)
    words = text.split()
    lines: list[str] = []
    current = ""
    start = 0   # index of the first word of the current line
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if not current or fm.horizontalAdvance(candidate) <= width:
            current = candidate   # a word wider than the line stays (cut short below)
            continue
        if len(lines) == max_lines - 1:   # the last line takes the rest
            current = " ".join(words[start:])
            break
        lines.append(current)
        current, start = word, i
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


def _box_text(name: str, bold: bool) -> list[tuple[QPointF, QStaticText]]:
    """A box's name in at most two centred lines: (top-left in the box, text)."""
    s = STYLE
    font = s.font_bold if bold else s.font
    line_h = s.line_h_bold if bold else s.line_h
    lines = _static_lines(wrap_lines(name or "(unnamed)", font, BOX_W - 20, 2), font)
    top = (BOX_H - 12 - line_h * len(lines)) / 2
    return [(QPointF((BOX_W - w) / 2, top + i * line_h), st) for i, (st, w) in enumerate(lines)]


FAR_ROOM = BOX_H - 4           # height a far name may take (over the vote dots)
_far_fonts: dict[int, tuple] = {}


def far_name_size(lod: float) -> tuple[int, int]:
    """(pixel size in map units, lines) of a box's name seen from far away at
    zoom ``lod``: FAR_NAME_PX tall on screen, smaller down to FAR_NAME_MIN_PX
    where that fits two lines in the box, else one line."""
    ratio = _far_font(20)[1] / 20   # line height per pixel of size
    size = int(FAR_NAME_PX / lod)
    if 2 * size * ratio <= FAR_ROOM:
        return size, 2
    two = int(FAR_ROOM / 2 / ratio)
    if two * lod >= FAR_NAME_MIN_PX:
        return two, 2
    return min(size, int(FAR_ROOM / ratio)), 1


def legible_scale() -> float:
    """The zoom from which every box name can show in two lines FAR_NAME_PX tall."""
    ratio = _far_font(20)[1] / 20
    return min(STYLE.lod_name, FAR_NAME_PX * 2 * ratio / FAR_ROOM)


def _far_font(size: int) -> tuple:
    """(font, line height) of a far name of pixel ``size`` (the map's family)."""
    hit = _far_fonts.get(size)
    if hit is None or hit[2] != STYLE.generation:
        font = QFont(STYLE.font)
        font.setPixelSize(size)
        hit = _far_fonts[size] = (font, QFontMetricsF(font).height(), STYLE.generation)
    return hit


def _far_text(name: str, lod: float) -> tuple:
    """(size, font, [(top-left in the box, text)]) of a name seen from far away."""
    size, max_lines = far_name_size(lod)
    font, line_h, _gen = _far_font(size)
    lines = _static_lines(wrap_lines(name or "(unnamed)", font, BOX_W - 8, max_lines), font)
    top = (BOX_H - 2 - line_h * len(lines)) / 2
    return size, font, [(QPointF((BOX_W - w) / 2, top + i * line_h), st)
                        for i, (st, w) in enumerate(lines)]


class MapItem(QGraphicsRectItem):
    """Base of the map's items: pictured by the scene, or live while dragged.

    The C++ rectangle holds the item's bounds (no pen, so bounds = rect).
    """

    def __init__(self, bounds: QRectF, flags):
        super().__init__(bounds)
        self.live = False
        self.dim = 1.0   # its opacity, kept here too for the picture painter
        self.rec: tuple | None = None   # see record(); None after a move
        self.setPen(NO_PEN)
        self.setFlags(flags)   # pictured (ItemHasNoContents) from the start

    def update(self, *args) -> None:
        """Repaint the item (in the views' cached picture while pictured)."""
        super().update(*args)
        self.picture_changed()

    def picture_rect(self) -> QRectF:
        """Where the item paints, in scene coordinates."""
        return self.sceneBoundingRect()

    def picture_changed(self, rect: QRectF | None = None) -> None:
        """The item looks different inside ``rect`` (default: all of it)."""
        if not self.live:
            scene = self.scene()
            if scene is not None and not scene.repainting_everything:
                scene.picture_changed(self.picture_rect() if rect is None else rect)

    def set_live(self, live: bool) -> None:
        """Live: Qt paints the item on every frame (while dragged); else pictured."""
        if live == self.live:
            return
        if live:
            self.picture_changed()      # take it out of the picture…
            self.live = True
            self.setFlag(NO_CONTENTS, False)
            QGraphicsItem.update(self)  # …and let Qt paint it
        else:
            self.live = False
            self.rec = None   # Qt may have moved it
            self.setFlag(NO_CONTENTS, True)
            self.picture_changed()

    def move_to(self, pos: QPointF, parent: QGraphicsItem | None = None) -> None:
        """Put the item at ``pos`` (relative to ``parent`` when given)."""
        self.picture_changed()          # where it was
        if parent is not None or self.parentItem() is not None:
            self.setParentItem(parent)
        self.setPos(pos)
        self.rec = None
        self.moved()
        self.picture_changed()

    def moved(self) -> None:
        """Called after the item moved (subclasses move what hangs on it)."""

    def set_dim(self, opacity: float) -> None:
        """Dim the item (focus on other processes); 1.0 shows it plainly."""
        if self.dim != opacity:
            self.dim = opacity
            self.setOpacity(opacity)
            self.picture_changed()


class ProcessItem(MapItem):
    """A process box: name, department colour, moment-of-truth mark, vote dots,
    a badge with the number of 5 Hows changes, and a link handle on the right."""

    def __init__(self, process, color: str = "#9e9e9e"):
        super().__init__(self._bounds(), _MOVABLE)
        self.pid = process.id
        self.process = process
        self._text_bold = process.moment_of_truth
        self.links: set[LinkItem] = set()
        self.role: str | None = None      # focus role: focus/ancestor/descendant/both
        self.on_chain = False             # on the way to the nearest moment of truth
        self.badge = 0
        self.editable = True
        self._hover = False
        self._color = color
        self._fill = STYLE.department_fill(color)
        self._text: list[tuple[QPointF, QStaticText]] | None = None
        self._far: tuple | None = None    # the name from far away: see _far_text
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.setToolTip(self._tooltip())

    # -- state from the scene -------------------------------------------------------
    def set_process(self, process, color: str | None = None) -> None:
        name_changed = process.name != self.process.name
        self.process = process
        if color is not None and color != self._color:
            self._color = color
            self._fill = STYLE.department_fill(color)
        if name_changed or process.moment_of_truth != self._text_bold:
            self._text = None
        if name_changed:
            self._far = None
        self.setToolTip(self._tooltip())
        self.update()

    def restyle(self) -> None:
        self._fill = STYLE.department_fill(self._color)
        self._text = self._far = None
        self.setRect(self._bounds())
        self.rec = None
        self.update()

    def set_editable(self, editable: bool) -> None:
        if editable != self.editable:
            self.editable = editable
            self.setFlag(QGraphicsItem.ItemIsMovable, editable)
            self.update()   # the link handle shows only when editable

    def _tooltip(self) -> str:
        p = self.process
        bits = [p.name or tr("(unnamed process)")]
        if p.moment_of_truth:
            bits.append(tr("★ Moment of truth"))
        bits.append(tr("Frontstage") if p.frontstage else tr("Backstage"))
        if p.owner:
            bits.append(tr("Owner: {name}").format(name=p.owner))
        if p.votes:
            bits.append(ngettext("{n} vote", "{n} votes", p.votes).format(n=p.votes))
        if p.description:
            bits.append(p.description)
        return "\n".join(bits)

    # -- geometry -----------------------------------------------------------------------
    @staticmethod
    def _bounds() -> QRectF:
        r = STYLE.handle_radius   # room for the star, badge, rings and the handle
        return QRectF(-10, -12, BOX_W + 18 + r, BOX_H + 22)

    def picture_rect(self) -> QRectF:
        rect = self.sceneBoundingRect()
        if self.childItems():   # its notes move and dim with it
            rect |= self.mapRectToScene(self.childrenBoundingRect())
        return rect

    def record(self) -> tuple:
        """(left, top, right, bottom) of what it paints, its position and its
        block (far-zoom rectangle), in scene coordinates."""
        rec = self.rec
        if rec is None:
            pos = self.pos()
            x, y = pos.x(), pos.y()
            b = self.rect()
            rec = self.rec = (x + b.left(), y + b.top(), x + b.right(), y + b.bottom(), pos,
                              BOX_RECT.translated(x, y))
        return rec

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.WindingFill)   # the handle's inner half stays part of the shape
        path.addRect(BOX_RECT)
        if self.editable:
            path.addEllipse(self.handle_rect())
        return path

    def handle_rect(self) -> QRectF:
        r = STYLE.handle_radius
        return QRectF(BOX_W - r, BOX_H / 2 - r, 2 * r, 2 * r)

    def box_rect(self) -> QRectF:
        return BOX_RECT.translated(self.pos())

    def moved(self) -> None:
        scene = self.scene()
        if scene is not None and scene.links_deferred:
            return   # the scene runs every link anew once it is done moving boxes
        for link in self.links:
            link.adjust()

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
        self.draw(painter, painter.worldTransform().m11())

    def draw(self, painter, lod: float) -> None:
        """Paint the box in its own coordinates at zoom ``lod`` (block below LOD_DETAIL)."""
        s = STYLE
        p = self.process
        if lod < LOD_DETAIL:
            self.paint_block(painter, BOX_RECT)
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
            painter.setPen(Qt.NoPen)
            painter.setBrush(s.moment_fill)
            painter.drawPolygon(STAR)
        if lod < s.lod_name:
            self._paint_far_name(painter, lod)
        else:
            text = self._text
            if text is None:
                self._text_bold = p.moment_of_truth
                text = self._text = _box_text(p.name, p.moment_of_truth)
            painter.setPen(s.box_text)
            painter.setFont(s.font_bold if p.moment_of_truth else s.font)
            for pos, st in text:
                painter.drawStaticText(pos, st)
        if p.votes:
            self._paint_votes(painter, lod)
        if self.badge:
            self._paint_badge(painter, lod)
        if self.on_chain:
            painter.setPen(s.chain_ring_pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(BOX_RECT.adjusted(-6, -6, 6, 6), 10, 10)
        selected = self.isSelected()
        if selected:
            painter.setPen(s.selected_pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(BOX_RECT.adjusted(-5, -5, 5, 5), 9, 9)
        if self.editable and (self._hover or selected):
            painter.setPen(s.handle_pen)
            painter.setBrush(s.handle_brush)
            painter.drawEllipse(self.handle_rect())

    def _paint_far_name(self, painter, lod: float) -> None:
        """The name in a font sized for the screen (see :func:`far_name_size`)."""
        far = self._far
        if far is None or far[0] != far_name_size(lod)[0]:
            far = self._far = _far_text(self.process.name, lod)
        painter.setPen(STYLE.box_text)
        painter.setFont(far[1])
        for pos, st in far[2]:
            painter.drawStaticText(pos, st)

    def paint_block(self, painter, rect: QRectF) -> None:
        """The box from far away: a block of its colour, with its focus outline."""
        s = STYLE
        painter.fillRect(rect, s.moment_fill if self.process.moment_of_truth else self._fill)
        if self.role:
            painter.setPen(s.focus_pens[self.role])
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(rect)

    def _paint_votes(self, painter, lod) -> None:
        s = STYLE
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.vote_brush)
        n = min(self.process.votes, MAX_DOTS)
        for rect in (VOTE_DOTS if lod >= STYLE.lod_name else FAR_VOTE_DOTS)[:n]:
            painter.drawEllipse(rect)
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
        if lod >= LOD_SMALL_TEXT:
            painter.setPen(s.badge_text)
            painter.setFont(s.small_font)
            painter.drawText(rect, Qt.AlignCenter, str(self.badge))


def _star() -> QPolygonF:
    """The moment-of-truth star on a box's top-left corner."""
    star = QPolygonF()
    cx, cy, r1, r2 = 5.0, 3.0, 14.0, 6.0
    for i in range(10):
        r = r1 if i % 2 == 0 else r2
        a = -math.pi / 2 + i * math.pi / 5
        star.append(QPointF(cx + r * math.cos(a), cy + r * math.sin(a)))
    return star


STAR = _star()
VOTE_DOTS = [QRectF(7 + i * 12, BOX_H - 15, 10, 10) for i in range(MAX_DOTS)]
# from far away the name fills the box: the dots sit on its bottom edge
FAR_VOTE_DOTS = [rect.translated(0, 10) for rect in VOTE_DOTS]


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


class LinkItem(MapItem):
    """An upstream → downstream arrow between two process boxes; follows them.

    Its path comes from the scene's router (:mod:`cxworkshop.model.route`):
    around other boxes, a loop-back below the grid; the arrowhead sits on the
    target's border and the label on the path.
    """

    def __init__(self, link, up: ProcessItem, down: ProcessItem, router=None,
                 loop_back: bool = False):
        super().__init__(QRectF(), _LINK_FLAGS)
        self.lid = link.id
        self.link = link
        self.up = up
        self.down = down
        self.loop_back = loop_back
        self.role: str | None = None
        self.dimmed = False
        self.look_key: str | None = None   # see look(); None after any change
        self._lines: tuple[QLineF, ...] = (QLineF(),)
        self._stale = True
        self._router = router
        self.hint = (0.0, 0.0, 0.0, 0.0)   # where the path may run (see adjust)
        self._arrow: QPolygonF | None = None
        self._shape: QPainterPath | None = None
        self.setZValue(1)
        up.links.add(self)
        down.links.add(self)
        self.adjust(router, lazy=True)

    def detach(self) -> None:
        self.up.links.discard(self)
        self.down.links.discard(self)

    def set_link(self, link) -> None:
        self.link = link
        self.setToolTip(link.label)
        self.update()

    def adjust(self, router=None, lazy: bool = False) -> None:
        """The boxes moved: the path runs anew. With ``lazy`` only where it may run
        is worked out now (cheap) and the path is routed when first needed (painted,
        hit, …): a relayout that moves hundreds of boxes routes only what is seen."""
        if router is None:
            router = getattr(self.scene(), "router", None)
        self._router = router
        up, down = self.up.box_rect(), self.down.box_rect()
        if not self._stale:
            self.picture_changed()      # where it was
        self._stale = True
        self.rec = None
        self._arrow = None
        self._shape = None
        if router is not None:
            self.hint = router.bounds((up.x(), up.y(), BOX_W, BOX_H),
                                      (down.x(), down.y(), BOX_W, BOX_H), self.loop_back)
        else:
            r = up.united(down)
            self.hint = (r.left(), r.top(), r.right(), r.bottom())
        if not lazy and router is not None:   # route now: repaint only along the path
            self._route()
            xs = [ln.x1() for ln in self._lines] + [self._lines[-1].x2()]
            ys = [ln.y1() for ln in self._lines] + [self._lines[-1].y2()]
            self.hint = (min(xs), min(ys), max(xs), max(ys))
        x0, y0, x1, y1 = self.hint
        m = ARROW + 4
        self.setRect(QRectF(x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m))
        self.update()

    def _route(self) -> None:
        """Work out the path now (see :meth:`adjust`)."""
        self._stale = False
        router = self._router
        up, down = self.up.box_rect(), self.down.box_rect()
        if router is not None:
            route = router.route(self.lid, (up.x(), up.y(), BOX_W, BOX_H),
                                 (down.x(), down.y(), BOX_W, BOX_H),
                                 (self.link.upstream, self.link.downstream), self.loop_back)
            points = [QPointF(x, y) for x, y in route.points]
        else:
            c1, c2 = up.center(), down.center()
            points = [_clip_to_box(c1, c2), _clip_to_box(c2, c1)]
        self._lines = tuple(QLineF(p, q) for p, q in pairwise(points)) or (QLineF(),)

    @property
    def routed(self) -> tuple[QLineF, ...]:
        if self._stale:
            self._route()
        return self._lines

    def line(self) -> QLineF:
        """The last piece of the path (it ends on the target's border)."""
        return QLineF(self.routed[-1])

    def lines(self) -> tuple[QLineF, ...]:
        return self.routed

    def label_pos(self) -> QPointF:
        """Where the label is drawn: the middle of the longest piece."""
        best = max(self.routed, key=lambda ln: ln.length())
        return best.center()

    def loop_mark_pos(self) -> QPointF | None:
        """Where a loop-back shows its ↺: the middle of its run under the grid."""
        lines = self.routed
        if not self.loop_back or len(lines) < 3:
            return None
        low = max(lines, key=lambda ln: (ln.y1() == ln.y2(), ln.y1()))
        return low.center()

    def arrow(self) -> QPolygonF:
        if self._arrow is None:
            last = self.routed[-1]
            self._arrow = arrow_head(last.p1(), last.p2())
        return self._arrow

    def picture_changed(self, rect: QRectF | None = None) -> None:
        self.look_key = None
        scene = self.scene()
        if rect is None and not self.live and scene is not None \
                and not scene.repainting_everything:
            if self._stale:   # not routed yet: wherever it may run
                scene.picture_changed(self.sceneBoundingRect())
                return
            for line in self._lines:   # along the path, not its whole bounding box
                scene.line_changed(line)
            if self.link.label or self.loop_back:
                scene.picture_changed(_label_rect(self))
        else:
            super().picture_changed(rect)

    def shape(self) -> QPainterPath:
        if self._shape is None:
            lines = self.routed
            path = QPainterPath(lines[0].p1())
            for line in lines:
                path.lineTo(line.p2())
            stroker = QPainterPathStroker()
            stroker.setWidth(12)
            self._shape = stroker.createStroke(path)
            self._shape.addPolygon(self.arrow())
        return self._shape

    def pen_and_brush(self) -> tuple:
        """How the arrow is drawn: selected, focused, dimmed or plain."""
        return STYLE.link_looks[self.look()][1:3]

    def look(self) -> str:
        """Which of ``STYLE.link_looks`` the arrow has (selected, a focus role,
        dimmed or plain: a loop-back is drawn like any link, with a ↺ mark)."""
        key = self.look_key
        if key is None:
            if self.isSelected():
                key = "selected"
            elif self.role:
                key = self.role
            elif self.dimmed:   # a faint pen, cheaper than item opacity
                key = "dimmed"
            else:
                key = "plain"
            self.look_key = key
        return key

    def record(self) -> tuple:
        """Where the arrow is, in scene coordinates: (left, top, right, bottom
        (arrowhead included), pieces of the path, smaller of the width and height
        of a lone straight piece (0 for a path of axis-parallel pieces), tip x, tip y)."""
        rec = self.rec
        if rec is None:
            lines = self.routed
            xs = [ln.x1() for ln in lines] + [lines[-1].x2()]
            ys = [ln.y1() for ln in lines] + [lines[-1].y2()]
            tip = lines[-1]
            if len(lines) == 1:
                minor = min(abs(tip.x2() - tip.x1()), abs(tip.y2() - tip.y1()))
            else:
                minor = 0.0
            rec = self.rec = (min(xs) - ARROW, min(ys) - ARROW, max(xs) + ARROW,
                              max(ys) + ARROW, lines, minor, tip.x2(), tip.y2())
        return rec

    def paint(self, painter, option, widget=None) -> None:
        pen, brush = self.pen_and_brush()
        lod = painter.worldTransform().m11()
        antialiased = painter.testRenderHint(QPainter.Antialiasing)
        if lod < LOD_TEXT:   # thin lines, small arrows: plain ones look alike and cost far less
            painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setPen(pen)
        painter.drawLines(list(self.routed))
        if lod >= LOD_DETAIL:
            painter.setBrush(brush)
            painter.setPen(Qt.NoPen)
            painter.drawPolygon(self.arrow())
        if lod >= LOD_TEXT:
            draw_link_marks(painter, self)
        painter.setRenderHint(QPainter.Antialiasing, antialiased)


LOOP_MARK = "↺"


def _label_rect(item: LinkItem) -> QRectF:
    """Where a link's label and loop mark may paint (generously)."""
    rect = QRectF()
    if item.link.label:
        c = item.label_pos()
        rect = QRectF(c.x() - 110, c.y() - 16, 220, 32)
    mark = item.loop_mark_pos()
    if mark is not None:
        rect = rect.united(QRectF(mark.x() - 16, mark.y() - 16, 32, 32))
    return rect


def draw_link_marks(painter, item: LinkItem) -> None:
    """A link's label on its path (on a small plate) and a loop-back's ↺ mark."""
    s = STYLE
    label = item.link.label
    if label:
        font = s.small_font
        fm = QFontMetricsF(font)
        text = fm.elidedText(label, Qt.ElideRight, 200)
        w = fm.horizontalAdvance(text) + 8
        h = fm.height() + 2
        c = item.label_pos()
        plate = QRectF(c.x() - w / 2, c.y() - h / 2, w, h)
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.background)
        painter.drawRoundedRect(plate, 3, 3)
        painter.setPen(s.box_text)
        painter.setFont(font)
        painter.drawText(plate, Qt.AlignCenter, text)
    mark = item.loop_mark_pos()
    if mark is not None:
        r = QRectF(mark.x() - 10, mark.y() - 10, 20, 20)
        painter.setPen(Qt.NoPen)
        painter.setBrush(s.background)
        painter.drawEllipse(r)
        painter.setPen(s.link_pen.color())
        painter.setFont(s.font_bold)
        painter.drawText(r, Qt.AlignCenter, LOOP_MARK)


def clip_line(line: QLineF, rect: QRectF) -> QLineF | None:
    """The part of ``line`` inside ``rect`` (Liang–Barsky), None when it misses."""
    x0, y0, x1, y1 = line.x1(), line.y1(), line.x2(), line.y2()
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - rect.left()), (dx, rect.right() - x0),
                 (-dy, y0 - rect.top()), (dy, rect.bottom() - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return None
            t0 = max(t0, t)
        else:
            if t < t0:
                return None
            t1 = min(t1, t)
    if t0 == 0.0 and t1 == 1.0:
        return line
    return QLineF(x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)


def segment_rects(line: QLineF, margin: float, step: float = 160.0) -> list[QRectF]:
    """Rectangles hugging ``line`` (pieces of about ``step`` map units, widened by
    ``margin``): a long diagonal arrow dirties these, not its whole bounding box."""
    x0, y0 = line.x1(), line.y1()
    if x0 == line.x2() or y0 == line.y2():   # along an axis: its own rect hugs it
        return [QRectF(line.p1(), line.p2()).normalized().adjusted(-margin, -margin,
                                                                    margin, margin)]
    n = max(1, math.ceil(line.length() / step))
    dx, dy = (line.x2() - x0) / n, (line.y2() - y0) / n
    return [QRectF(QPointF(x0 + i * dx, y0 + i * dy), QPointF(x0 + (i + 1) * dx, y0 + (i + 1) * dy))
            .normalized().adjusted(-margin, -margin, margin, margin) for i in range(n)]


class NoteItem(MapItem):
    """A sticky note (pain point, idea or question), on a process box or free.

    Its size comes from the layout (the stored ``w``, ``h``; see
    :func:`~cxworkshop.model.layout.note_size`); selected, it shows a handle in
    its bottom-right corner to resize it. Its text wraps to its width; what does
    not fit ends in "…" and the tooltip holds all of it.
    """

    HANDLE = 12.0   # the resize handle's side, map units

    def __init__(self, note):
        super().__init__(NOTE_RECT.adjusted(-4, -4, 4, 4), _MOVABLE)
        self.nid = note.id
        self.note = note
        self.editable = True
        self.size = (NOTE_W, NOTE_H)
        self._text: list[tuple[QStaticText, float]] | None = None
        self._far: tuple | None = None
        self.setZValue(3)
        self.setToolTip(plain_tip(note.text))
        self.setAcceptHoverEvents(True)

    def hoverMoveEvent(self, event) -> None:
        on_handle = (self.isSelected() and self.editable
                     and self.handle_rect().contains(event.pos()))
        if on_handle:
            self.setCursor(Qt.SizeFDiagCursor)
        else:
            self.unsetCursor()
        super().hoverMoveEvent(event)

    def note_rect(self) -> QRectF:
        return QRectF(0, 0, *self.size)

    def set_size(self, w: float, h: float) -> None:
        """Show the note ``w`` × ``h`` map units big (its text wraps anew)."""
        if (w, h) == self.size:
            return
        self.picture_changed()
        self.prepareGeometryChange()
        self.size = (w, h)
        self.setRect(self.note_rect().adjusted(-4, -4, 4, 4))
        self._text = self._far = None
        self.rec = None
        self.update()

    def handle_rect(self) -> QRectF:
        """The resize handle (bottom-right corner), in item coordinates."""
        w, h = self.size
        return QRectF(w - self.HANDLE, h - self.HANDLE, self.HANDLE, self.HANDLE)

    def cut(self) -> bool:
        """True when the note's text does not fit and ends in "…"."""
        lines = self._lines(STYLE.note_font, STYLE.note_line_h, 8, 6)
        return bool(lines) and lines[-1].endswith("…")

    def set_note(self, note) -> None:
        if note.text != self.note.text:
            self._text = self._far = None
        self.note = note
        self.setToolTip(plain_tip(note.text))
        self.update()

    def restyle(self) -> None:
        self._text = self._far = None
        self.update()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.setFlag(QGraphicsItem.ItemIsMovable, editable)

    def paint(self, painter, option, widget=None) -> None:
        self.draw(painter, painter.worldTransform().m11())

    def _lines(self, font, line_h: float, pad_w: float, pad_h: float) -> list[str]:
        w, h = self.size
        return wrap_lines(self.note.text or self.note.kind, font, w - pad_w,
                          max(1, int((h - pad_h) // line_h)))

    def draw(self, painter, lod: float) -> None:
        """Paint the note in its own coordinates at zoom ``lod`` (no text from afar)."""
        s = STYLE
        painter.setPen(s.selected_pen if self.isSelected() else s.note_pen)
        painter.setBrush(s.note_brushes.get(self.note.kind, s.note_brushes["idea"]))
        painter.drawRect(self.note_rect())
        if lod < LOD_TEXT:   # from far away: its first words, like a box's name
            if lod >= LOD_DETAIL:
                far = self._far
                if far is None or far[0] != far_name_size(lod)[0]:
                    size, _lines = far_name_size(lod)
                    font, line_h, _gen = _far_font(size)
                    far = self._far = (size, font, line_h,
                                       _static_lines(self._lines(font, line_h, 6, 4), font))
                painter.setPen(s.note_text)
                painter.setFont(far[1])
                for i, (st, _w) in enumerate(far[3]):
                    painter.drawStaticText(QPointF(3, 2 + i * far[2]), st)
            return
        line_h = s.note_line_h
        if self._text is None:
            self._text = _static_lines(self._lines(s.note_font, line_h, 8, 6), s.note_font)
        painter.setPen(s.note_text)
        painter.setFont(s.note_font)
        for i, (st, _w) in enumerate(self._text):
            painter.drawStaticText(QPointF(4, 3 + i * line_h), st)
        if self.isSelected() and self.editable:   # the resize handle: a corner of stripes
            r = self.handle_rect()
            painter.setPen(QPen(s.note_text, 1.2))
            for k in (0.25, 0.55, 0.85):
                painter.drawLine(QPointF(r.right() - r.width() * k, r.bottom() - 1),
                                 QPointF(r.right() - 1, r.bottom() - r.height() * k))
