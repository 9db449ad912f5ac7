"""Colours, pens and fonts of the map, built once per theme (never inside paint)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontInfo, QFontMetricsF, QPen, QStaticText

from ...i18n import N_, tr
from ..theme import Theme

NOTE_COLORS = {"pain": "#ff8a80", "idea": "#ffe57f", "question": "#80d8ff"}
NOTE_LABELS = {"pain": N_("Pain point"), "idea": N_("Idea"), "question": N_("Question")}
# Level of detail: below this scale text is skipped; below the second only blocks.
LOD_TEXT = 0.45
LOD_DETAIL = 0.2
# The small print ("backstage", badge counts) is skipped below this scale, where
# it would be under 6 pixels tall.
LOD_SMALL_TEXT = 0.56
# Box names: in the box's own font where that is at least NAME_PX pixels tall on
# screen (``MapStyle.lod_name``); farther away, down to LOD_DETAIL, in a font
# sized for the screen (FAR_NAME_PX, no less than FAR_NAME_MIN_PX to fit two
# lines), so the room can read every name at the fitted zoom of a small map.
NAME_PX = 7.0
FAR_NAME_PX = 9.0
FAR_NAME_MIN_PX = 7.5


def _pen(color, width=1.0, style=Qt.SolidLine, cosmetic=False) -> QPen:
    pen = QPen(QColor(color), width, style)
    pen.setCosmetic(cosmetic)
    pen.setJoinStyle(Qt.MiterJoin)
    pen.setCapStyle(Qt.FlatCap)   # round caps make long antialiased lines 15x slower
    return pen


_MEASURED = {"line_h", "line_h_bold", "note_line_h", "small_line_h", "backstage",
             "backstage_w", "name_px", "lod_name"}


class MapStyle:
    """Everything the map items paint with, for the current :class:`Theme`."""

    def __init__(self):
        self.generation = 0
        self.reload()

    def reload(self) -> None:
        self.generation += 1   # items keep pens of one generation (see LinkItem.style)
        hc = self.high_contrast = Theme.high_contrast
        self.large = Theme.large_text
        size = 13.0 if self.large else 10.0
        self.font = QFont("DejaVu Sans")
        self.font.setPointSizeF(size)
        self.font_bold = QFont(self.font)
        self.font_bold.setBold(True)
        self.header_font = QFont(self.font)
        self.header_font.setPointSizeF(size + 1)
        self.header_font.setBold(True)
        self.small_font = QFont(self.font)
        self.small_font.setPointSizeF(size - 2)
        self.small_font.setBold(True)
        self.note_font = QFont(self.font)   # notes read like box names
        self._measured = False   # font metrics need the application: measured on first use

        self.background = QColor("#000000" if hc else "#fafafa")
        self.lane_fill_alpha = 60 if hc else 28
        self.grid_pen = _pen("#8a8a8a" if hc else "#d0d4d9", 1.5 if hc else 1.0)
        self.header_bg = QColor("#111111" if hc else "#eef1f4")
        self.header_text = QColor("#ffffff" if hc else "#202124")
        self.header_line = _pen("#ffffff" if hc else "#b0b6bd", 1.0, cosmetic=True)

        self.box_fill = QBrush(QColor("#ffffff"))
        self.box_text = QColor("#000000" if hc else "#202124")
        self.box_pen = _pen("#ffffff" if hc else "#5f6368", 2.5 if hc else 1.2)
        # backstage is a quiet style (a dashed border), not a word on every box
        self.backstage_pen = _pen("#ffffff" if hc else "#5f6368", 2.0 if hc else 1.4,
                                  Qt.DashLine)
        self.frontstage_pen = _pen("#ffffff" if hc else "#202124", 3.0 if hc else 2.0)
        self.moment_pen = _pen("#ffd600" if hc else "#d93025", 5.0 if hc else 3.5)
        self.moment_fill = QBrush(QColor("#ffd600" if hc else "#d93025"))
        self.selected_pen = _pen("#00e5ff" if hc else "#1a73e8", 4.0, Qt.DashLine)
        self.handle_brush = QBrush(QColor("#00e5ff" if hc else "#1a73e8"))
        self.handle_pen = _pen("#ffffff", 2.0)
        self.vote_brush = QBrush(QColor("#00c853" if hc else "#188038"))
        self.badge_brush = QBrush(QColor("#ff6d00" if hc else "#7b1fa2"))
        self.badge_text = QColor("#ffffff")

        self.link_pen = _pen("#ffffff" if hc else "#5f6368", 2.5 if hc else 1.6)
        self.link_brush = QBrush(self.link_pen.color())
        self.link_selected_pen = _pen("#00e5ff" if hc else "#1a73e8", 4.0)

        # focus colours: upstream, downstream, chain to moments of truth
        self.ancestor = QColor("#40c4ff" if hc else "#1565c0")
        self.descendant = QColor("#ff9100" if hc else "#e65100")
        self.chain = QColor("#ffd600" if hc else "#c51162")
        self.focus_pens = {role: _pen(color, 4.5) for role, color in (
            ("ancestor", self.ancestor), ("descendant", self.descendant),
            ("both", QColor("#e040fb" if hc else "#6a1b9a")),
            ("focus", QColor("#00e5ff" if hc else "#1a73e8")))}
        self.focus_pens["focus"] = _pen(self.focus_pens["focus"].color(), 7.0)
        self.chain_ring_pen = _pen(self.chain, 4.0, Qt.DotLine)
        self.focus_link_pens = {role: _pen(color, 3.5) for role, color in (
            ("ancestor", self.ancestor), ("descendant", self.descendant),
            ("chain", self.chain))}
        # faded boxes stay readable: in high contrast white boxes on black keep
        # a contrast of at least 3:1 against the background
        self.dim_opacity = 0.5 if hc else 0.18
        self.dim_link_pen = _pen("#444444" if hc else "#e3e5e8", 1.2)
        self.dim_link_brush = QBrush(self.dim_link_pen.color())
        # how a link is drawn: (layer, pen, brush, pen width, dashed); the picture
        # draws layers bottom up: dimmed, plain, focus roles, selected
        looks = {"dimmed": (self.dim_link_pen, self.dim_link_brush),
                 "plain": (self.link_pen, self.link_brush),
                 **{role: (pen, QBrush(pen.color())) for role, pen in self.focus_link_pens.items()},
                 "selected": (self.link_selected_pen, self.handle_brush)}
        self.link_looks = {key: (layer, pen, brush, pen.widthF(), pen.style() != Qt.SolidLine)
                           for layer, (key, (pen, brush)) in enumerate(looks.items())}

        self.note_brushes = {k: QBrush(QColor(c)) for k, c in NOTE_COLORS.items()}
        self.note_pen = _pen("#ffffff" if hc else "#8d6e63", 1.5 if hc else 1.0)
        self.note_text = QColor("#000000")
        self.hint_bg = QColor("#ffd600" if hc else "#323232")
        self.hint_text = QColor("#000000" if hc else "#ffffff")
        self.handle_radius = 11.0 if self.large else 8.0
        self._fills: dict[str, QBrush] = {}

    def __getattr__(self, name: str):
        """Text metrics (``line_h``, ``line_h_bold``, ``note_line_h``, ``small_line_h``,
        ``backstage``, ``backstage_w``, ``name_px`` (pixel size of the name font) and
        ``lod_name`` (the zoom from which names use it)), measured when first asked for."""
        if name not in _MEASURED or self.__dict__.get("_measured", True):
            raise AttributeError(name)
        self._measure()
        return getattr(self, name)

    def _measure(self) -> None:
        self._measured = True
        self.line_h = QFontMetricsF(self.font).height()
        self.line_h_bold = QFontMetricsF(self.font_bold).height()
        self.name_px = QFontInfo(self.font).pixelSize() or self.font.pointSizeF() * 4 / 3
        self.lod_name = NAME_PX / self.name_px   # the name font is NAME_PX tall on screen
        self.note_line_h = QFontMetricsF(self.note_font).height()
        fm = QFontMetricsF(self.small_font)
        self.small_line_h = fm.height()
        self.backstage_w = fm.horizontalAdvance(tr("backstage"))
        self.backstage = QStaticText(tr("backstage"))
        self.backstage.setTextFormat(Qt.PlainText)
        self.backstage.prepare(font=self.small_font)

    def department_fill(self, color: str) -> QBrush:
        brush = self._fills.get(color)
        if brush is None:
            brush = self._fills[color] = self._department_fill(color)
        return brush

    def _department_fill(self, color: str) -> QBrush:
        c = QColor(color)
        if not c.isValid():
            c = QColor("#9e9e9e")
        if self.high_contrast:
            return QBrush(QColor("#ffffff"))
        w = 0.62  # blend toward white: readable text on any department colour
        return QBrush(QColor(int(c.red() + (255 - c.red()) * w),
                             int(c.green() + (255 - c.green()) * w),
                             int(c.blue() + (255 - c.blue()) * w)))

    def lane_brush(self, color: str) -> QBrush:
        c = QColor(color)
        if not c.isValid():
            c = QColor("#9e9e9e")
        c.setAlpha(self.lane_fill_alpha)
        return QBrush(c)


STYLE = MapStyle()
