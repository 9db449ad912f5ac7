"""The process map drawn for the room, made for reading from 8 metres.

Not the editor's canvas: a grid of department lanes × journey stages that
fills the screen (lanes without processes left out), refits on every resize,
and gives each process a box as large as its cell allows. The name is drawn
as large as every box allows — one size for all, in up to two lines (three
with Large Text) — and secondary marks (vote dots) are dropped before the
names shrink. It follows the facilitator's Map page (selection, lit chain,
the part of the map in view, animated) and, on the Connect the dots step,
lights the chain of the person the facilitator picked.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QEasingCurve,
    QLineF,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ....i18n import tr
from ....model.graph import ProcessGraph, moments_of_truth
from ....model.layout import UNASSIGNED, UNASSIGNED_COLOR, compute_layout
from ...theme import Theme
from ..common import MIN_TEXT_PT, label, px_font, wrap_lines

FOLLOW_MS = 250      # the pan/zoom animation when the facilitator's view moves
MAX_NAME_PX = 44.0   # names never larger than this (a 4K wall need not shout)
LINE_STEP = 1.1      # line distance of a two-line name, in ems (tighter than the font's)
GAP = 2.5
DRAW_AHEAD_BOXES = 400  # above this, the other picture of a view is drawn ahead
LARGE_NAME_PX = 24.0    # Large Text: names at least this big, the lanes paged to get there
LARGE_TEXT_GAIN = 1.25  # and this much bigger than with every lane on one screen


@dataclass
class Box:
    pid: str
    rect: QRectF
    name: str
    color: str
    moment: bool
    votes: int


class RoomMapCanvas(QWidget):
    """Paints the room's map; :meth:`set_state` says what is lit, selected and in view.

    Signals:
        frame_painted(): a frame is on the room's screen (the follow-me latency ends here).
        pages_changed(int): the number of pages of lanes changed.
    """

    frame_painted = Signal()
    pages_changed = Signal(int)   # how many pages of lanes (Large Text on a crowded map)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.document = None
        self.selected: set[str] = set()
        self.lit: set[str] | None = None       # None: nothing dimmed
        self.cells: set[tuple[object, int]] | None = None  # the facilitator's view, or all
        self._layout_key = None
        self.boxes: list[Box] = []
        self.lanes: list[tuple[str, str, QRectF]] = []   # name, colour, header rect
        self.stages: list[tuple[str, QRectF]] = []
        self.cell_rects: dict[tuple[object, int], QRectF] = {}
        self.name_px = 0.0
        self.name_lines: dict[str, list[str]] = {}
        self.links: list[tuple[str, str]] = []
        self._link_geo: list[tuple[str, str, QLineF]] = []
        self.view_rect = QRectF()   # the part of the grid shown (widget coordinates at fit)
        self._version = 0           # bumped when what the cached picture shows changes
        self._graph = None          # (version, ProcessGraph, moments) of the document
        self._editor_layout = None  # (version, the editor's MapLayout) for follow me
        self._base: QPixmap | None = None
        self._base_key = None
        self._base_rect = QRectF()
        self.lane_pages: list[list] = [[]]   # lanes per page (one page unless Large Text)
        self.lane_page = 0
        self._page_count_told = 1
        self._spare: tuple | None = None  # (key, picture, rect): the other picture, kept
        self._ahead = QTimer(self)          # draws it while the room looks at this one
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._ahead_now)
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(FOLLOW_MS)
        self._anim.setEasingCurve(QEasingCurve.InOutCubic)
        self._anim.valueChanged.connect(self._animate)

    # -- state --------------------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = document
        self._layout_key = None
        self.update()

    def invalidate(self) -> None:
        self._layout_key = None
        self._version += 1
        self.update()

    def set_state(self, selected: set[str], focus: set[str], cells=None,
                  animate: bool = False) -> None:
        self.selected = set(selected)
        if focus and self.document is not None:
            w = self.document.workshop
            if self._graph is None or self._graph[0] != self._version:
                self._graph = (self._version, ProcessGraph.of(w), moments_of_truth(w))
            graph, moments = self._graph[1], self._graph[2]
            lit = set(focus) | graph.ancestors(focus) | graph.descendants(focus)
            for pid in focus:
                lit |= graph.chain_to_moments(pid, moments)
            self.lit = lit
        else:
            self.lit = None
        self.cells = set(cells) if cells else None
        self._ensure_layout()
        target = self._target_rect()
        if animate and self.isVisible() and self.view_rect.isValid() and target != self.view_rect:
            self._anim.stop()
            self._anim.setStartValue(QRectF(self.view_rect))
            self._anim.setEndValue(target)
            self._anim.start()
        else:
            self.view_rect = target
        self.update()

    def _animate(self, rect) -> None:
        if isinstance(rect, QRectF):
            self.view_rect = rect
            self.update()

    def _target_rect(self) -> QRectF:
        full = QRectF(0, 0, self.width(), self.height())
        if not self.cells:
            return full
        rects = [self.cell_rects[c] for c in self.cells if c in self.cell_rects]
        if not rects:
            return full
        r = rects[0]
        for other in rects[1:]:
            r = r.united(other)
        # keep the headers of what is shown: extend to the left / top edges
        r.setLeft(0 if r.left() <= self._header_w + 1 else r.left())
        r.setTop(0 if r.top() <= self._header_h + 1 else r.top())
        return r

    # -- layout ------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout_key = None
        self._ensure_layout()
        self.view_rect = self._target_rect()

    def _ensure_layout(self) -> None:
        doc = self.document
        key = (self.width(), self.height(), id(doc), Theme.large_text, self.lane_page)
        if doc is None or key == self._layout_key:
            return
        self._layout_key = key
        self._compute()

    def _compute(self) -> None:
        """Lay out the lanes of the current page (all of them unless Large Text pages
        the map) and fit the names."""
        self._version += 1
        w = self.document.workshop
        procs = list(w.table("processes").values())
        depts = w.table("departments")
        lane_ids: list[object] = [d for d in depts if any(p.department == d for p in procs)]
        if any(p.department is None or p.department not in depts for p in procs):
            lane_ids.append(None)
        if not lane_ids:
            lane_ids = list(depts)[:1] or [None]
        self.lane_pages = self._page_lanes(lane_ids)
        self.lane_page = min(self.lane_page, len(self.lane_pages) - 1)
        self._layout(self.lane_pages[self.lane_page])
        self._fit_names()
        if len(self.lane_pages) != self._page_count_told:
            self._page_count_told = len(self.lane_pages)
            self.pages_changed.emit(len(self.lane_pages))

    def _page_lanes(self, lane_ids: list) -> list[list]:
        """Large Text: the lanes in pages, each with as many lanes as keep every name
        :data:`LARGE_TEXT_GAIN` times the size it has with all lanes on one screen, and
        at least :data:`LARGE_NAME_PX` (the room pages with PageDown, as cards do);
        otherwise one page."""
        one = [list(lane_ids)]
        if (not Theme.large_text or len(lane_ids) < 2
                or len(self.document.workshop.table("processes")) > 400):
            return one
        self._layout(lane_ids)
        self._fit_names()
        whole = self.name_px
        target = min(MAX_NAME_PX, max(LARGE_NAME_PX, whole * LARGE_TEXT_GAIN))
        if whole >= target:
            return one
        pages: list[list] = [[]]
        for lane in lane_ids:
            trial = [*pages[-1], lane]
            if pages[-1]:
                self._layout(trial)
                self._fit_names()
                if self.name_px < target:
                    pages.append([lane])
                    continue
            pages[-1] = trial
        if len(pages) > 2:   # a short last page joins the one before if names stay large
            self._layout([*pages[-2], *pages[-1]])
            self._fit_names()
            if self.name_px >= max(LARGE_NAME_PX, whole * 1.1):
                pages[-2:] = [[*pages[-2], *pages[-1]]]
        return pages

    def _layout(self, lane_ids: list) -> None:
        """Boxes, lanes, stages and arrows for ``lane_ids`` filling the canvas."""
        w = self.document.workshop
        width, height = float(self.width()), float(self.height())
        stage_names = list(w.info.stages)
        procs = list(w.table("processes").values())
        depts = w.table("departments")
        # cells: processes in map order (top to bottom as the facilitator placed them)
        cells: dict[tuple[object, int], list] = {}
        for p in sorted(procs, key=lambda p: (p.y, p.x)):
            lane = p.department if p.department in depts else None
            cells.setdefault((lane, min(max(p.stage, 0), len(stage_names) - 1)), []).append(p)
        per_lane = {lane: max([len(cells.get((lane, s), [])) for s in
                               range(len(stage_names))] or [1]) or 1 for lane in lane_ids}
        lane_font_px = max(14.0, min(28.0, height / 34))
        lane_font = px_font(lane_font_px, bold=True)
        fm = QFontMetricsF(lane_font)
        names = {lane: (depts[lane].name if lane in depts else tr(UNASSIGNED)) for lane in lane_ids}
        widest = max((max(fm.horizontalAdvance(word) for word in n.split() or [""])
                      for n in names.values()), default=80.0)
        self._header_w = hw = min(width * 0.16, max(widest + 20, width * 0.09))
        self._header_h = hh = max(26.0, lane_font_px * 1.7)
        total = sum(per_lane.values())
        cw = (width - hw) / max(1, len(stage_names))
        self.stages = [(n, QRectF(hw + i * cw, 0, cw, hh)) for i, n in enumerate(stage_names)]
        self.lanes, self.boxes, self.cell_rects = [], [], {}
        y = hh
        for lane in lane_ids:
            lh = (height - hh) * per_lane[lane] / total
            color = depts[lane].color if lane in depts else UNASSIGNED_COLOR
            self.lanes.append((names[lane], color, QRectF(0, y, hw, lh)))
            row_h = lh / per_lane[lane]
            for s in range(len(stage_names)):
                cell = QRectF(hw + s * cw, y, cw, lh)
                self.cell_rects[(lane, s)] = cell
                for k, p in enumerate(cells.get((lane, s), [])):
                    r = QRectF(cell.x() + GAP * 1.5, y + k * row_h + GAP,
                               cw - GAP * 3, row_h - GAP * 2)
                    self.boxes.append(Box(p.id, r, p.name, color, p.moment_of_truth, p.votes))
            y += lh
        self.links = [(ln.upstream, ln.downstream) for ln in w.table("links").values()]
        rect_of = {b.pid: b.rect for b in self.boxes}
        self._link_geo = []
        for up, down in self.links:  # where each arrow runs, once per layout
            a, b = rect_of.get(up), rect_of.get(down)
            if a is None or b is None:   # an end on another page: no arrow
                continue
            if b.left() >= a.right():
                start, end = QPointF(a.right(), a.center().y()), QPointF(b.left(), b.center().y())
            else:
                below = b.top() > a.bottom()
                start = QPointF(a.center().x(), a.bottom() if below else a.top())
                end = QPointF(b.center().x(), b.top() if below else b.bottom())
            self._link_geo.append((up, down, QLineF(start, end)))

    def _fit_names(self) -> None:
        """One name size for every box: the largest at which each name fits its box."""
        max_lines = 3 if Theme.large_text else 2
        cap = MAX_NAME_PX * (1.3 if Theme.large_text else 1.0)
        lo, hi = 4.0, cap
        if not self.boxes:
            self.name_px, self.name_lines = 0.0, {}
            return
        if len(self.boxes) > 400:  # a huge map: one quick estimate, names only if legible
            r = min(b.rect.height() for b in self.boxes)
            hi = min(cap, r / (max_lines * 1.2))
        best = lo
        for _ in range(12):
            mid = (lo + hi) / 2
            if self._fits(mid, max_lines):
                best, lo = mid, mid
            else:
                hi = mid
            if hi - lo < 0.25:
                break
        self.name_px = best
        if best < 6:  # too small to read: names are not drawn, so not wrapped either
            self.name_lines = {}
            return
        fm = QFontMetricsF(px_font(best, bold=True))
        self.name_lines = {b.pid: wrap_lines(b.name, fm, b.rect.width() - 8, max_lines)
                           for b in self.boxes}

    def _fits(self, px: float, max_lines: int) -> bool:
        fm = QFontMetricsF(px_font(px, bold=True))
        line = px * LINE_STEP
        sample = (self.boxes if len(self.boxes) <= 400
                  else self.boxes[::max(1, len(self.boxes) // 200)])
        for b in sample:
            width = b.rect.width() - 8
            lines = wrap_lines(b.name, fm, width, 99)
            if len(lines) > max_lines or line * len(lines) > b.rect.height() - 2:
                return False
            if any(fm.horizontalAdvance(word) > width for word in b.name.split()):
                return False  # one word wider than the box (wrap_lines would cut it)
        return True

    def zoom(self) -> float:
        v = self.view_rect
        return min(self.width() / v.width(), self.height() / v.height()) if v.isValid() else 1.0

    def name_px_drawn(self) -> float:
        """The process names' font size in screen pixels (em), at the current zoom."""
        return self.name_px * self.zoom()

    def name_cap_px(self) -> float:
        """The process names' cap height in screen pixels, at the current zoom."""
        return QFontMetricsF(px_font(self.name_px, bold=True)).capHeight() * self.zoom()

    # -- painting ----------------------------------------------------------------------------
    def _transform(self, p: QPainter, v: QRectF) -> None:
        scale = min(self.width() / v.width(), self.height() / v.height())
        p.translate((self.width() - v.width() * scale) / 2,
                    (self.height() - v.height() * scale) / 2)
        p.scale(scale, scale)
        p.translate(-v.left(), -v.top())

    def paintEvent(self, event) -> None:
        """The map comes from a cached picture; only the selection is drawn per frame.
        While the view animates, the last picture is scaled; it is redrawn sharp after."""
        self._ensure_layout()
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#000000"))
        if self.document is None:
            p.end()
            return
        v = self.view_rect if self.view_rect.isValid() else QRectF(self.rect())
        key = (self.width(), self.height(), round(v.x(), 1), round(v.y(), 1),
               round(v.width(), 1), round(v.height(), 1), self._version, self.lit is None)
        animating = self._anim.state() == QVariantAnimation.Running
        if self._base is None or (key != self._base_key and not animating):
            spare = self._spare
            if spare is not None and spare[0] == key:  # drawn ahead (the dimmed map)
                self._spare = (self._base_key, self._base, self._base_rect)
                self._base_key, self._base, self._base_rect = spare
            else:
                if self._base is not None:
                    self._spare = (self._base_key, self._base, self._base_rect)
                self._base = self._picture(v, dimmed=self.lit is not None)
                self._base_key, self._base_rect = key, QRectF(v)
                self._draw_ahead()
        if key == self._base_key:
            p.drawPixmap(0, 0, self._base)
        else:  # mid-animation: the picture of one view rect shown in another
            b = self._base_rect
            p.save()
            self._transform(p, v)
            sb = min(self.width() / b.width(), self.height() / b.height())
            x0 = b.left() - (self.width() / sb - b.width()) / 2
            y0 = b.top() - (self.height() / sb - b.height()) / 2
            p.drawPixmap(QRectF(x0, y0, self.width() / sb, self.height() / sb), self._base,
                         QRectF(self._base.rect()))
            p.restore()
        p.setRenderHint(QPainter.Antialiasing)
        self._transform(p, v)
        if self.lit:
            self._render(p, self.lit, only=self.lit)
        if self.selected:
            p.setBrush(Qt.NoBrush)
            p.setPen(QPen(QColor("#ffd600"), 4))
            for b in self.boxes:
                if b.pid in self.selected:
                    p.drawRoundedRect(b.rect.adjusted(-1, -1, 1, 1), 6, 6)
        if len(self.lane_pages) > 1:   # which group of lanes, as the cards say their page
            p.resetTransform()
            p.setFont(px_font(max(18.0, self.height() / 36), bold=True))
            p.setPen(QColor("#ffd600"))
            p.drawText(QRectF(self.rect()).adjusted(8, 8, -12, -8),
                       Qt.AlignRight | Qt.AlignBottom,
                       tr("lanes {n} / {count}").format(n=self.lane_page + 1,
                                                        count=len(self.lane_pages)) + "  ▸")
        p.end()
        self.frame_painted.emit()

    def _picture(self, v: QRectF, dimmed: bool) -> QPixmap:
        """The map in view ``v``, all lit or (``dimmed``) all dimmed: the cached
        picture a frame starts from (a lit chain is drawn over it per frame)."""
        dpr = self.devicePixelRatioF()
        picture = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
        picture.setDevicePixelRatio(dpr)
        picture.fill(QColor("#000000"))
        bp = QPainter(picture)
        bp.setRenderHint(QPainter.Antialiasing, len(self.boxes) <= 400)
        self._transform(bp, v)
        self._render(bp, set() if dimmed else None)
        bp.end()
        return picture

    def _draw_ahead(self) -> None:
        """On a big map, draw the other picture of this view soon (all lit / dimmed) and
        the editor's layout follow me needs, so the first selection the room follows
        only draws the chain (presenter_follow_ms)."""
        if len(self.boxes) > DRAW_AHEAD_BOXES and not self._ahead.isActive():
            self._ahead.start()

    def _ahead_now(self) -> None:
        if self._base is None or self._base_key is None or not self.isVisible():
            return
        key = self._base_key
        other = (*key[:-1], not key[-1])
        if self._spare is None or self._spare[0] != other:
            self._spare = (other, self._picture(self._base_rect, dimmed=bool(key[-1])),
                           QRectF(self._base_rect))
        if self.document is not None and (self._editor_layout is None
                                          or self._editor_layout[0] != self._version):
            self._editor_layout = (self._version, compute_layout(self.document.workshop))

    def _render(self, p: QPainter, lit: set[str] | None, only: set[str] | None = None) -> None:
        """Draw the map with ``lit`` lit (None: nothing dimmed); with ``only``, just
        those boxes and the links between them (the lit chain over a dimmed picture)."""
        hw = self._header_w
        grid_right = self.stages[-1][1].right() if self.stages else self.width()
        # lanes
        lane_font = px_font(max(14.0, min(28.0, self.height() / 34)), bold=True)
        for name, color, r in self.lanes if only is None else ():
            band = QColor(color)
            band.setAlpha(40)
            p.fillRect(QRectF(hw, r.top(), grid_right - hw, r.height()), band)
            p.fillRect(r, QColor("#1e1e1e"))
            p.fillRect(QRectF(r.left(), r.top(), 8, r.height()), QColor(color))
            p.setPen(QColor("#ffffff"))
            inner = r.adjusted(14, 1, -4, -1)
            p.setFont(_fit_font(name, inner, float(lane_font.pixelSize()), 11.0))
            p.drawText(inner, Qt.AlignVCenter | Qt.AlignLeft | Qt.TextWordWrap, name)
            p.setPen(QPen(QColor("#444444"), 1))
            p.drawLine(QPointF(0, r.bottom()), QPointF(grid_right, r.bottom()))
        stage_font = self._stage_font(lane_font)
        fm = QFontMetricsF(stage_font)
        for name, r in self.stages if only is None else ():
            p.fillRect(r, QColor("#1e1e1e"))
            p.setPen(QColor("#ffffff"))
            p.setFont(stage_font)
            p.drawText(r.adjusted(4, 0, -4, 0), Qt.AlignCenter,
                       fm.elidedText(name, Qt.ElideRight, r.width() - 8))
            p.setPen(QPen(QColor("#444444"), 1))
            p.drawLine(QPointF(r.right(), 0), QPointF(r.right(), self.height()))
        # links, under the boxes: two batches (lit and not), arrows only on a readable map
        lit_lines, dim_lines, arrows = [], [], []
        for up, down, geo in self._link_geo:
            if only is not None and not (up in only and down in only):
                continue
            on = lit is None or (up in lit and down in lit)
            (lit_lines if on else dim_lines).append(geo)
            arrows.append((geo.p1(), geo.p2(), on))
        has_lit = bool(lit)
        many = len(self.boxes) > 400  # thin cosmetic pens: a huge map draws in milliseconds
        dim_pen = QPen(QColor("#3a3a3a"), 1)
        dim_pen.setCosmetic(True)
        p.setPen(dim_pen)
        p.drawLines(dim_lines)
        pen = QPen(QColor("#ffd600" if has_lit else "#9e9e9e"),
                   1 if many else (2.5 if has_lit else 1.2))
        pen.setCosmetic(many)
        p.setPen(pen)
        p.drawLines(lit_lines)
        if len(arrows) <= 300:
            for start, end, on in arrows:
                p.setOpacity(1.0 if on else 0.2)
                self._arrow(p, start, end, QColor("#ffd600" if has_lit and on else "#9e9e9e"))
        p.setOpacity(1.0)
        # boxes and names
        font = px_font(self.name_px, bold=True)
        line = self.name_px * LINE_STEP
        show_votes = self.name_px >= 14
        if many:  # a huge map: plain rectangles, one batch per colour, no names
            groups: dict[str, list[QRectF]] = {}
            for b in self.boxes:
                if only is None or b.pid in only:
                    on = lit is None or b.pid in lit
                    groups.setdefault(b.color if on else "", []).append(b.rect)
            p.setPen(Qt.NoPen)
            for color, rects in groups.items():
                p.setBrush(QColor(color).lighter(170) if color else QColor("#303030"))
                p.drawRects(rects)
            return
        for b in self.boxes:
            if only is not None and b.pid not in only:
                continue
            on = lit is None or b.pid in lit
            p.setOpacity(1.0 if on or many else 0.25)
            fill = QColor(b.color).lighter(170) if on or not many else QColor("#303030")
            p.setBrush(fill)
            if many:
                p.setPen(Qt.NoPen)
                p.drawRect(b.rect)
            else:
                p.setPen(QPen(QColor("#d50000"), 3) if b.moment else
                         QPen(QColor(b.color).darker(130), 1.5))
                p.drawRoundedRect(b.rect, 6, 6)
            lines = self.name_lines.get(b.pid, [])
            if self.name_px >= 6 and lines:
                p.setFont(font)
                p.setPen(QColor("#000000"))
                top = b.rect.center().y() - line * len(lines) / 2
                for k, t in enumerate(lines):
                    p.drawText(QRectF(b.rect.left() + 4, top + k * line, b.rect.width() - 8, line),
                               Qt.AlignCenter, t)
            # secondary marks (vote dots) only where the name leaves room: names come first
            spare = b.rect.height() - line * len(lines)
            if show_votes and b.votes and spare >= 14:
                p.setPen(Qt.NoPen)
                p.setBrush(QColor("#1b5e20"))
                for k in range(min(b.votes, 8)):
                    p.drawEllipse(QPointF(b.rect.right() - 6 - k * 7, b.rect.bottom() - 5),
                                  2.5, 2.5)
        p.setOpacity(1.0)

    def _stage_font(self, lane_font):
        """The stage headers' font: the lanes' size, smaller (not below 15 px) to fit."""
        px = float(lane_font.pixelSize())
        while px > 15:
            fm = QFontMetricsF(px_font(px, bold=True))
            if all(fm.horizontalAdvance(n) <= r.width() - 8 for n, r in self.stages):
                break
            px -= 1
        return px_font(px, bold=True)

    @staticmethod
    def _arrow(p: QPainter, start: QPointF, end: QPointF, color: QColor) -> None:
        d = end - start
        length = (d.x() ** 2 + d.y() ** 2) ** 0.5
        if length < 1:
            return
        ux, uy = d.x() / length, d.y() / length
        size = 8.0
        left = QPointF(end.x() - ux * size - uy * size / 2, end.y() - uy * size + ux * size / 2)
        right = QPointF(end.x() - ux * size + uy * size / 2, end.y() - uy * size - ux * size / 2)
        p.setBrush(color)
        p.setPen(Qt.NoPen)
        p.drawPolygon(QPolygonF([end, left, right]))


def _fit_font(text: str, rect: QRectF, start: float, floor: float):
    """The largest bold font from ``start`` down to ``floor`` px whose wrapped ``text`` fits."""
    px = start
    while px > floor:
        fm = QFontMetricsF(px_font(px, bold=True))
        box = fm.boundingRect(rect, int(Qt.AlignLeft | Qt.TextWordWrap), text)
        if box.height() <= rect.height() and box.width() <= rect.width():
            break
        px -= 1
    return px_font(px, bold=True)


class MapRoomView(QWidget):
    """The map and Connect room views: a caption (whose chain) over the room map."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = label("", MIN_TEXT_PT, color="#ffd600")
        self.caption.hide()
        lay.addWidget(self.caption)
        self.canvas = RoomMapCanvas()
        lay.addWidget(self.canvas, 1)

    def set_document(self, document) -> None:
        self.canvas.set_document(document)

    def fill(self, room, connect: bool) -> str:
        self.canvas.lane_page = max(0, room.page)
        self.canvas.invalidate()
        if connect:
            show = room.state.person is not None and bool(room.focus)
            self.caption.setText(room.focus_label if show else "")
            self.caption.setVisible(bool(show and room.focus_label))
            self.canvas.set_state(set(), room.focus if show else set())
        else:
            self.caption.hide()
            self.follow(room, animate=False)
        return tr("Connect the dots") if connect else tr("The process map")

    def follow(self, room, animate: bool = True) -> None:
        """The facilitator's map moved or its selection changed."""
        followed = room.map_view  # frozen: what the room saw last (it is kept while frozen)
        c = self.canvas
        rect = followed.get("rect")
        cells = None
        if rect:
            if c._editor_layout is None or c._editor_layout[0] != c._version:
                c._editor_layout = (c._version, compute_layout(room.document.workshop))
            cells = visible_cells(c._editor_layout[1], rect)
        c.set_state(followed.get("selected", set()), followed.get("focus", set()), cells,
                    animate=animate)


def visible_cells(layout, rect) -> set | None:
    """The (lane, stage) cells of the editor's map (its ``layout``) that ``rect``
    (x, y, w, h in map units) shows; None when it shows the whole grid."""
    if not rect:
        return None
    x, y, w, h = rect
    stages = [s.index for s in layout.stages if s.x < x + w and s.x + s.width > x]
    lanes = [ln.department for ln in layout.lanes if ln.y < y + h and ln.y + ln.height > y]
    if len(stages) >= len(layout.stages) and len(lanes) >= len(layout.lanes) - 1:
        return None
    return {(lane, s) for lane in lanes for s in stages}
