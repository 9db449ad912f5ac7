"""Painting the map's picture: grid, links, boxes and notes inside a rectangle.

:meth:`MapScene.drawBackground` hands every repaint of a view's cached
picture to :func:`paint_picture`. It walks the scene's own item maps (no scene
index lookups) using each item's *record* (where it is in scene coordinates,
kept between paints) and, for links, a look from ``STYLE.link_looks``, and
batches what it can:

- links (paths of one or more pieces) are drawn in layers (dimmed, plain,
  focused, selected), labels and loop-back marks on top of them,
  one ``drawLines`` per pen; only the part inside the repainted rectangle of a
  line is stroked; lines within a pixel of horizontal or vertical, and faint
  dimmed ones, are drawn without antialiasing (they look the same and cost a
  tenth); arrowheads are drawn only where they are in the rectangle;
- from far away (below ``LOD_DETAIL``) boxes are blocks, one ``drawRects``
  per colour, and links plain lines without arrowheads;
- closer up each box paints itself (its name, marks, votes) in one pass,
  in the scene's order (a box, then the notes stuck on it).
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from .items import ARROW, clip_line, draw_link_marks
from .style import LOD_DETAIL, LOD_TEXT, STYLE

DROP_CELL = QColor(26, 115, 232, 40)


def paint_picture(scene, painter: QPainter, rect: QRectF) -> None:
    """Paint the grid and every pictured item of ``scene`` inside scene ``rect``."""
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
    device = painter.device()
    if device is not None:   # never more than the device shows (a long arrow's
        inverse, ok = painter.worldTransform().inverted()   # dirty rects run far off it)
        if ok:
            rect = rect.intersected(inverse.mapRect(QRectF(0, 0, device.width(),
                                                           device.height())))
    parts = None
    if painter.hasClipping():
        rect = rect.intersected(painter.clipBoundingRect())
        region = painter.clipRegion()
        parts = _parts(region, rect)
        if parts is None:   # one rect, or rects filling most of their bounding box
            painter.setClipRect(rect)
        else:   # the view clips to a path (slow for every fill and line): rects instead
            painter.setClipRegion(region)
    if rect.isEmpty():
        return
    draw_grid(scene, painter, rect)
    lod = painter.worldTransform().m11()
    _draw_links(scene, painter, rect, lod, parts)
    if lod < LOD_DETAIL:
        _draw_blocks(scene, painter, rect)
        _draw_cell_counts(scene, painter, rect, lod)
        notes = list(scene.item_for_note.values())   # on top of the blocks
    else:
        _draw_boxes(scene, painter, rect, lod, parts)
        notes = [n for n in scene.item_for_note.values() if n.parentItem() is None]
    if notes:
        _draw_notes(painter, notes, rect, lod, painter.worldTransform(), 1.0)
    painter.setOpacity(1.0)


PARTS_MAX = 64        # dirty rects whose items are sorted out one by one, at most…
PARTS_SHARE = 0.5     # … when they cover at most this share of their bounding box


def _parts(region, rect: QRectF) -> list[tuple[float, float, float, float]] | None:
    """The dirty rects (left, top, right, bottom) when only what meets one of them
    should be painted (a drop: the box's old and new place and its links' paths,
    thin strips across the view); None when painting all of their bounding box
    costs less."""
    n = region.rectCount()
    if n <= 1 or n > PARTS_MAX or rect.isEmpty():
        return None
    rects = [QRectF(r).intersected(rect) for r in region]
    rects = [r for r in rects if not r.isEmpty()]
    area = sum(r.width() * r.height() for r in rects)
    if area > PARTS_SHARE * rect.width() * rect.height():
        return None
    return [(r.left(), r.top(), r.right(), r.bottom()) for r in rects]


def _meets(x0: float, y0: float, x1: float, y1: float, parts) -> bool:
    """True when the box ``x0, y0`` – ``x1, y1`` meets one of ``parts``."""
    for left, top, right, bottom in parts:
        if x0 <= right and left <= x1 and y0 <= bottom and top <= y1:
            return True
    return False


LABEL_REACH = 110.0   # how far a link's label plate may reach off its path, sideways…
MARK_REACH = 12.0     # … and up or down (a loop-back's mark: both ways)


COUNT_FROM = 5        # from far away, cells with this many boxes or more show their count
COUNT_PX = 13.0       # the count's size on screen


def count_badges(layout) -> list[tuple[QRectF, str]]:
    """(badge rect in scene units at zoom 1, text) for each crowded cell; the rect is
    scaled for the zoom by :func:`_draw_cell_counts`."""
    out = []
    for (li, si), rects in layout.cell_rects.items():
        if len(rects) >= COUNT_FROM:
            lane, col = layout.lanes[li], layout.stages[si]
            out.append((QRectF(col.x, lane.y, col.width, lane.height), str(len(rects))))
    return out


def _draw_cell_counts(scene, painter: QPainter, rect: QRectF, lod: float) -> None:
    """From far away: how many boxes a crowded cell holds, in its top-right corner,
    in a font sized for the screen."""
    badges = count_badges(scene.layout)
    if not badges:
        return
    font = QFont(STYLE.font_bold)
    font.setPixelSize(max(1, int(COUNT_PX / lod)))
    painter.setFont(font)
    fm = QFontMetricsF(font)
    pad = 4 / lod
    for cell, text in badges:
        w, h = fm.horizontalAdvance(text) + 2 * pad, fm.height() + pad
        badge = QRectF(cell.right() - w - pad, cell.top() + pad, w, h)
        if not badge.intersects(rect) or badge.width() > cell.width():
            continue
        painter.setPen(Qt.NoPen)
        painter.setBrush(STYLE.hint_bg)
        painter.drawRoundedRect(badge, h / 3, h / 3)
        painter.setPen(STYLE.hint_text)
        painter.drawText(badge, Qt.AlignCenter, text)


class _Layer:
    """The links of one look, sorted by how they are drawn."""
    __slots__ = ("pen", "brush", "smooth", "plain", "arrows", "dashed")

    def __init__(self, pen: QPen, brush):
        self.pen, self.brush = pen, brush
        self.smooth: list[QLineF] = []    # antialiased
        self.plain: list[QLineF] = []     # without antialiasing
        self.arrows: list = []            # arrowheads (polygons)
        self.dashed: list[tuple] = []     # (whole line, part in view): dashes kept in step


def _draw_links(scene, painter: QPainter, rect: QRectF, lod: float, parts=None) -> None:
    """Links inside ``rect`` (meeting one of ``parts`` when given), a batch per pen,
    layer by layer (see module doc)."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    detail = lod >= LOD_DETAIL
    smooth = lod >= LOD_TEXT          # below it thin lines look alike without antialiasing
    straight = 1.0 / lod              # under a pixel off the axis: a straight row of pixels
    il, it, ir, ib = left + ARROW, top + ARROW, right - ARROW, bottom - ARROW
    reach = rect.adjusted(-ARROW, -ARROW, ARROW, ARROW)
    rl, rt, rr, rb = left - ARROW, top - ARROW, right + ARROW, bottom + ARROW
    dimmed = STYLE.dim_link_pen
    looks = STYLE.link_looks
    layers: dict[int, _Layer] = {}
    marked = []   # links with a label or a loop mark in the rectangle
    for item in scene.item_for_link.values():
        if item.live:
            continue
        rec = item.rec
        if rec is None:   # (re)routed only when it may show here
            h0, h1, h2, h3 = item.hint
            if h0 > right or h2 < left or h1 > bottom or h3 < top:
                continue
            rec = item.record()
        x0, y0, x1, y1, lines, minor, tx, ty = rec
        if item.loop_back or item.link.label:   # a mark or label reaches off the path
            rx = LABEL_REACH if item.link.label else MARK_REACH
            if (x0 - rx > right or x1 + rx < left
                    or y0 - MARK_REACH > bottom or y1 + MARK_REACH < top):
                continue
        elif x0 > right or x1 < left or y0 > bottom or y1 < top:
            continue
        if parts is not None:   # only what passes through a dirty rect
            if item.loop_back or item.link.label:
                if not _meets(x0 - LABEL_REACH, y0 - LABEL_REACH, x1 + LABEL_REACH,
                              y1 + LABEL_REACH, parts):
                    continue
            elif not any(_meets(min(ln.x1(), ln.x2()) - ARROW, min(ln.y1(), ln.y2()) - ARROW,
                                max(ln.x1(), ln.x2()) + ARROW, max(ln.y1(), ln.y2()) + ARROW,
                                parts) for ln in lines):
                continue
        layer, pen, brush, width, dashed = looks[item.look_key or item.look()]
        batch = layers.get(layer)
        if batch is None:
            batch = layers[layer] = _Layer(pen, brush)
        if not detail:
            batch.plain.extend(lines)
            continue
        if item.loop_back or item.link.label:
            marked.append(item)
        inside = x0 >= il and x1 <= ir and y0 >= it and y1 <= ib
        tip = inside or (rl <= tx <= rr and rt <= ty <= rb)
        for line in lines:
            if inside:
                cut = line
            elif width * lod > 1.0:
                # wide antialiased lines cost by length, even outside the clip
                cut = clip_line(line, reach)
                if cut is None:
                    continue
                if dashed and cut is not line:
                    batch.dashed.append((line, cut))
                    continue
            else:
                cut = line   # hairlines: Qt skips what is outside quickly (dashes in step)
            if smooth and (dashed or pen is not dimmed and minor > straight):
                batch.smooth.append(cut)
            else:
                batch.plain.append(cut)
        if tip:
            batch.arrows.append(item.arrow())
    aa = QPainter.Antialiasing
    for layer in sorted(layers):
        batch = layers[layer]
        pen = batch.pen
        if batch.plain:
            painter.setRenderHint(aa, False)
            painter.setPen(_whole_pixels(pen, lod) if smooth else pen)
            painter.drawLines(batch.plain)
        painter.setPen(pen)
        painter.setRenderHint(aa, smooth)
        if batch.smooth:
            painter.drawLines(batch.smooth)
        for line, cut in batch.dashed:
            offset = QPen(pen)
            offset.setDashOffset(QLineF(line.p1(), cut.p1()).length() / pen.widthF())
            painter.setPen(offset)
            painter.drawLine(cut)
        if batch.arrows:
            painter.setPen(Qt.NoPen)
            painter.setBrush(batch.brush)
            for arrow in batch.arrows:
                painter.drawPolygon(arrow)
    painter.setRenderHint(aa, True)
    if marked and lod >= LOD_TEXT:
        for item in marked:
            if item.dim != 1.0 or item.dimmed:
                painter.setOpacity(STYLE.dim_opacity)
            draw_link_marks(painter, item)
            painter.setOpacity(1.0)


def _whole_pixels(pen: QPen, lod: float) -> QPen:
    """``pen`` as wide as a whole number of device pixels (at least one): without
    antialiasing, a straight line then has the same weight wherever it lies."""
    snapped = QPen(pen)
    snapped.setWidthF(max(1, round(pen.widthF() * lod)) / lod)
    return snapped


def _draw_blocks(scene, painter: QPainter, rect: QRectF) -> None:
    """Boxes from far away: a block of colour each, one ``drawRects`` per colour
    and opacity; focused boxes after, with their outline."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    moment_fill = STYLE.moment_fill
    fills: dict[tuple, list] = {}
    outlined = []
    for item in scene.item_for_process.values():
        if item.live:
            continue
        rec = item.rec or item.record()
        if rec[0] > right or rec[2] < left or rec[1] > bottom or rec[3] < top:
            continue
        if item.role:
            outlined.append(item)
            continue
        fill = moment_fill if item.process.moment_of_truth else item._fill
        key = (id(fill), item.dim)
        batch = fills.get(key)
        if batch is None:
            batch = fills[key] = (fill, [])
        batch[1].append(rec[5])
    painter.setPen(Qt.NoPen)
    painter.setRenderHint(QPainter.Antialiasing, False)
    for (_, opacity), (fill, rects) in fills.items():
        painter.setOpacity(opacity)
        painter.setBrush(fill)
        painter.drawRects(rects)
    for item in outlined:
        painter.setOpacity(item.dim)
        item.paint_block(painter, item.rec[5])
    painter.setRenderHint(QPainter.Antialiasing, True)


def _draw_boxes(scene, painter: QPainter, rect: QRectF, lod: float, parts=None) -> None:
    """Boxes close up (meeting one of ``parts`` when given), each painting itself in
    its own coordinates, in the scene's stacking order: a box, the notes stuck on
    it, the next box…"""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    attached: dict = {}
    for note in scene.item_for_note.values():
        parent = note.parentItem()
        if parent is not None:
            attached.setdefault(parent, []).append(note)
    base = painter.worldTransform()
    opacity = 1.0
    for item in scene.item_for_process.values():
        if item.live:
            continue
        rec = item.rec or item.record()
        if not (rec[0] > right or rec[2] < left or rec[1] > bottom or rec[3] < top) and (
                parts is None or _meets(rec[0], rec[1], rec[2], rec[3], parts)):
            if item.dim != opacity:
                opacity = item.dim
                painter.setOpacity(opacity)
            painter.setWorldTransform(base)
            painter.translate(rec[4])
            item.draw(painter, lod)
        if attached and item in attached:
            opacity = _draw_notes(painter, attached[item], rect, lod, base, opacity)
    painter.setWorldTransform(base)
    painter.setOpacity(1.0)


def _draw_notes(painter: QPainter, notes, rect: QRectF, lod: float, base, opacity: float
                ) -> float:
    """Sticky ``notes`` inside ``rect``; returns the painter's opacity."""
    for item in notes:
        if item.live or not item.sceneBoundingRect().intersects(rect):
            continue
        o = item.effectiveOpacity()
        if o != opacity:
            opacity = o
            painter.setOpacity(o)
        painter.setWorldTransform(base)
        painter.translate(item.scenePos())
        item.draw(painter, lod)
    painter.setWorldTransform(base)
    return opacity


def draw_grid(scene, painter: QPainter, rect: QRectF) -> None:
    """Lane bands, grid lines and the headers at their place in the scene (views
    may pin headers of their own over them)."""
    s = STYLE
    painter.fillRect(rect, s.background)
    lay = scene.layout
    gx, gy, gw, gh = lay.grid_rect
    for lane in lay.lanes:
        band = QRectF(0, lane.y, gx + gw, lane.height)
        if band.intersects(rect):
            painter.fillRect(band, s.lane_brush(lane.color))
    painter.setPen(s.grid_pen)
    for lane in lay.lanes:
        painter.drawLine(QPointF(0, lane.y), QPointF(gx + gw, lane.y))
    painter.drawLine(QPointF(0, gy + gh), QPointF(gx + gw, gy + gh))
    for col in lay.stages:
        painter.drawLine(QPointF(col.x, 0), QPointF(col.x, gy + gh))
    painter.drawLine(QPointF(gx + gw, 0), QPointF(gx + gw, gy + gh))
    if rect.top() < lay.header_h:
        painter.setFont(s.header_font)
        painter.setPen(s.header_text)
        for col in lay.stages:
            painter.drawText(QRectF(col.x + 6, 0, col.width - 12, lay.header_h),
                             Qt.AlignCenter | Qt.TextWordWrap, col.name)
    if rect.left() < lay.header_w:
        painter.setFont(s.header_font)
        painter.setPen(s.header_text)
        for lane in lay.lanes:
            painter.drawText(QRectF(8, lane.y + 4, lay.header_w - 16, lane.height - 8),
                             Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap, lane.name)
