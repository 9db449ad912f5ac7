"""MapView: the window onto a :class:`MapScene` — zoom, pan, pinned headers,
keyboard commands, palette drops and the inline name editor."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QTransform,
)
from PySide6.QtWidgets import QComboBox, QGraphicsView, QInputDialog, QLineEdit, QMenu
from shiboken6 import isValid

from ...i18n import ngettext, tr
from ...model.layout import HEADER_H, HEADER_W
from ..theme import Theme
from . import clipboard
from .items import LinkItem, ProcessItem, legible_scale, wrap_lines
from .style import NOTE_LABELS, STYLE

PALETTE_MIME = "application/x-cxworkshop-palette"
MIN_SCALE, MAX_SCALE = 0.02, 4.0
ZOOM_STEP = 1.25
# Fitting a small map zooms in past the fit where FIT_STRETCH times (the rest
# scrolls) is enough for box names to read in two lines of FAR_NAME_PX (see
# items); a bigger map is fitted whole.
FIT_STRETCH = 1.3
NUDGE, NUDGE_FINE = 10.0, 2.0
HEADER_MIN_PT = 7.0   # pinned headers shrink to this before a word is cut short with …
_fitted: dict[tuple, tuple[QFont, float, list[str]]] = {}


def fit_header(text: str, width: float, height: float, font: QFont
               ) -> tuple[QFont, float, list[str]]:
    """How a pinned header shows ``text`` in ``width`` x ``height`` pixels: the
    largest font from ``font`` down to HEADER_MIN_PT at which every word reads
    whole (wrapped between words), else the smallest with the last word cut
    short by "…". Returns (font, line height, lines)."""
    key = (text, int(width), int(height), font.key())
    hit = _fitted.get(key)
    if hit is not None:
        return hit
    words = text.split()
    size = font.pointSizeF()
    while True:
        f = QFont(font)
        f.setPointSizeF(size)
        line_h = QFontMetricsF(f).height()
        lines = wrap_lines(text, f, max(width, 1.0), max(1, int(height // line_h)))
        if " ".join(lines).split() == words or size <= HEADER_MIN_PT:
            break
        size = max(HEADER_MIN_PT, size - 1.0)
    if len(_fitted) > 2000:
        _fitted.clear()
    hit = _fitted[key] = (f, line_h, lines)
    return hit


def draw_header(painter, rect: QRectF, text: str, font: QFont, align) -> None:
    """``text`` fitted (see :func:`fit_header`) in ``rect``, lines centred vertically."""
    f, line_h, lines = fit_header(text, rect.width(), rect.height(), font)
    painter.setFont(f)
    top = rect.top() + (rect.height() - line_h * len(lines)) / 2
    for i, line in enumerate(lines):
        painter.drawText(QRectF(rect.left(), top + i * line_h, rect.width(), line_h),
                         align | Qt.AlignVCenter, line)


class InlineEditor(QLineEdit):
    """One-line editor over a map item; Enter or leaving commits, Esc cancels."""

    def __init__(self, parent, on_commit):
        super().__init__(parent)
        self._on_commit = on_commit
        self._done = False
        self.setObjectName("mapInlineEditor")
        self.editingFinished.connect(self.commit)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def cancel(self) -> None:
        """Close without changing anything (Esc)."""
        self._done = True
        self.hide()
        self.deleteLater()
        self.parent().parent().setFocus()

    def commit(self) -> None:
        if self._done:
            return
        self._done = True
        text = self.text()
        self.hide()
        self.deleteLater()
        self._on_commit(text)


class MapView(QGraphicsView):
    """Shows a MapScene. Ctrl+wheel / Ctrl+= / Ctrl+- zoom, Ctrl+0 fits; the
    middle button or Space+drag pans; lane and stage headers stay pinned."""

    zoom_changed = Signal(float)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        # The scene paints its boxes, links and notes with the background; the
        # view keeps that picture (at device resolution) and repaints only what
        # the scene says changed, so a frame is a blit plus what is being dragged.
        self.setCacheMode(QGraphicsView.CacheBackground)
        self.setOptimizationFlags(QGraphicsView.DontSavePainterState
                                  | QGraphicsView.DontAdjustForAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)
        self.editor: InlineEditor | None = None
        self._pan_from: QPointF | None = None
        self._space = False
        self._theme_key = (STYLE.large, STYLE.high_contrast)  # what the scene was drawn in
        scene.edit_requested.connect(self.edit_item)
        scene.layout_changed.connect(self._update_view_rect)
        scene.selectionChanged.connect(self._announce_selection)
        self.setAccessibleName(tr("Process map"))
        from .access import install
        install()   # its boxes, links and notes as accessible children
        self._update_view_rect()
        self.edit_actions = self._make_edit_actions()
        from .minimap import MiniMap
        self.minimap = MiniMap(self)
        self.minimap.hide()
        from .touch import install as install_touch
        self.touch = install_touch(self)   # pinch, two-finger pan, tap, drag, long press

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.minimap.refresh()

    def showEvent(self, event) -> None:
        self.sync_theme()   # a theme changed while no view was there to hear of it
        super().showEvent(event)
        self.scene().catch_up()   # layout put off while no view of the scene was shown

    # -- edit actions (Edit menu, context menus, keys) --------------------------------
    def _make_edit_actions(self) -> dict[str, QAction]:
        """Cut, Copy, Paste, Duplicate, Delete, Select All, Rename, Link to…: with the
        platform's standard keys, active while the map has the keyboard focus."""
        scene = self.scene()
        specs = [
            ("cut", tr("Cu&t"), QKeySequence.Cut, lambda: clipboard.copy(scene)
             and scene.delete_selection()),
            ("copy", tr("&Copy"), QKeySequence.Copy, lambda: clipboard.copy(scene)),
            ("paste", tr("&Paste"), QKeySequence.Paste, lambda: clipboard.paste(scene)),
            ("duplicate", tr("D&uplicate"), QKeySequence("Ctrl+D"),
             lambda: clipboard.duplicate(scene)),
            ("delete", tr("&Delete"), QKeySequence.Delete, scene.delete_selection),
            ("select_all", tr("Select &All"), QKeySequence.SelectAll, self.select_all),
            ("rename", tr("&Rename"), QKeySequence("F2"), self.edit_selected),
            ("link", tr("&Link to…"), QKeySequence("Ctrl+L"), self.link_dialog),
        ]
        out = {}
        changes = {"cut", "paste", "duplicate", "delete", "rename", "link"}
        for key, text, shortcut, slot in specs:
            if key in changes:   # a read-only map (another page's, a presenter's) stays as is
                def slot(call=slot):
                    return scene.editable and call()
            act = QAction(text, self)
            act.setShortcut(shortcut)
            act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(act)
            out[key] = act
        return out

    def select_all(self) -> None:
        scene = self.scene()
        scene.select_items([*scene.item_for_process.values(), *scene.item_for_note.values()],
                           add=True)

    def contextMenuEvent(self, event) -> None:
        """Right-click: what can be done with the box, link or note there, or in
        the empty cell."""
        scene = self.scene()
        if scene.vote_mode:   # right-click takes a vote back
            event.accept()
            return
        pos = self.mapToScene(event.pos())
        item = scene.top_item_at(pos)
        menu = QMenu(self)
        acts = self.edit_actions
        editable = scene.editable
        fit = None   # (zooming stays allowed on a read-only map)
        if item is not None:
            if not item.isSelected():
                scene.select_items([item])
            if isinstance(item, ProcessItem):
                p = item.process
                menu.addAction(acts["rename"])
                menu.addAction(acts["link"])
                star = menu.addAction(tr("★ Moment of truth"))
                star.setCheckable(True)
                star.setChecked(p.moment_of_truth)
                star.triggered.connect(lambda on, pid=p.id: scene.update_fields(
                    "processes", pid,
                    tr("Moment of truth") if on else tr("Not a moment of truth"),
                    {"moment_of_truth": on}))
                front = menu.addAction(tr("Frontstage (customer sees it)"))
                front.setCheckable(True)
                front.setChecked(p.frontstage)
                front.triggered.connect(lambda on, pid=p.id: scene.update_fields(
                    "processes", pid, tr("Frontstage") if on else tr("Backstage"),
                    {"frontstage": on}))
                menu.addAction(tr("Add a note"), lambda: scene.add_note_at(
                    item.box_rect().center(), "pain"))
                star.setEnabled(editable)
                front.setEnabled(editable)
                menu.addSeparator()
                for key in ("cut", "copy", "duplicate", "delete"):
                    menu.addAction(acts[key])
            elif isinstance(item, LinkItem):
                menu.addAction(tr("Edit label"), lambda: self.edit_item("links", item.lid))
                menu.addSeparator()
                menu.addAction(acts["delete"])
            else:
                menu.addAction(tr("Edit text"), lambda: self.edit_item("notes", item.nid))
                menu.addSeparator()
                for key in ("cut", "copy", "delete"):
                    menu.addAction(acts[key])
        else:
            menu.addAction(tr("Add a process here"),
                           lambda: scene.add_process_at(pos, edit=True))
            note = menu.addMenu(tr("Add a note here"))
            for kind, label in NOTE_LABELS.items():
                note.addAction(tr(label), lambda kind=kind: scene.add_note_at(pos, kind))
            menu.addAction(acts["paste"])
            menu.addSeparator()
            menu.addAction(acts["select_all"])
            fit = menu.addAction(tr("Fit the whole map"), self.zoom_fit)
        for act in menu.actions():
            if act.menu() is None and act not in (acts["copy"], acts["select_all"], fit):
                act.setEnabled(act.isEnabled() and editable)
        self._context_menu = menu
        menu.popup(event.globalPos())
        event.accept()

    def _announce_selection(self) -> None:
        """Tell assistive technology what is selected (name and role of a box or link)."""
        scene = self.scene()
        if scene is None or not isValid(scene) or scene.signalsBlocked() \
                or not hasattr(scene, "accessible_text"):
            return   # the scene is going away
        try:
            items = scene.selectedItems()
        except RuntimeError:
            return
        text = scene.accessible_text(items[0]) if len(items) == 1 else (
            ngettext("{n} item selected", "{n} items selected", len(items)).format(
                n=len(items)) if items else tr("Nothing selected"))
        self.setAccessibleDescription(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.DescriptionChanged))

    @property
    def map_scene(self):
        return self.scene()

    # -- zoom -----------------------------------------------------------------------
    def scale_factor(self) -> float:
        return self.transform().m11()

    def set_scale(self, scale: float) -> None:
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self.setTransform(QTransform.fromScale(scale, scale))
        self._update_view_rect()
        self.zoom_changed.emit(scale)

    def zoom_by(self, factor: float) -> None:
        self.set_scale(self.scale_factor() * factor)

    def zoom_fit(self) -> None:
        """Fit the whole map (Ctrl+0)."""
        lay = self.scene().layout
        sw, sh = self.strip_size()
        vw = max(self.viewport().width() - sw - 8, 50)
        vh = max(self.viewport().height() - sh - 8, 50)
        w, h = lay.width - lay.header_w, lay.height - lay.header_h
        fit = min(vw / max(w, 1), vh / max(h, 1))
        legible = legible_scale()
        self.set_scale(legible if fit < legible <= fit * FIT_STRETCH else fit)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def strip_size(self) -> tuple[float, float]:
        """Pixel width of the pinned lane headers and height of the stage headers."""
        return (190.0, 46.0) if STYLE.large else (150.0, 34.0)

    def _update_view_rect(self) -> None:
        rect = self.scene().sceneRect()
        scale = self.scale_factor()
        sw, sh = self.strip_size()
        left = max(0.0, sw / scale - HEADER_W)
        top = max(0.0, sh / scale - HEADER_H)
        rect = rect.adjusted(-left, -top, 0, 0)
        if rect != self.sceneRect():   # setting it at all drops the cached picture
            self.setSceneRect(rect)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(ZOOM_STEP ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- pinned headers ---------------------------------------------------------------
    def drawForeground(self, painter, rect: QRectF) -> None:
        s = STYLE
        lay = self.scene().layout
        t = self.viewportTransform()
        vw, vh = self.viewport().width(), self.viewport().height()
        sw, sh = self.strip_size()
        exposed = t.mapRect(rect)
        if exposed.top() > sh + 1 and exposed.left() > sw + 1:
            return   # the repainted part does not touch the headers
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setFont(s.header_font)
        # stage headers along the top
        painter.fillRect(QRectF(0, 0, vw, sh), s.header_bg)
        painter.setPen(s.header_line)
        painter.drawLine(QPointF(0, sh), QPointF(vw, sh))
        for col in lay.stages:
            x1 = t.map(QPointF(col.x, 0)).x()
            x2 = t.map(QPointF(col.x + col.width, 0)).x()
            if x2 <= sw or x1 >= vw:
                continue
            left = max(x1, sw)
            painter.setPen(s.header_line)
            painter.drawLine(QPointF(x2, 0), QPointF(x2, sh))
            painter.setPen(s.header_text)
            draw_header(painter, QRectF(left + 4, 0, x2 - left - 8, sh), col.name,
                        s.header_font, Qt.AlignHCenter)
        # lane headers along the left
        painter.fillRect(QRectF(0, sh, sw, vh - sh), s.header_bg)
        for lane in lay.lanes:
            y1 = t.map(QPointF(0, lane.y)).y()
            y2 = t.map(QPointF(0, lane.y + lane.height)).y()
            if y2 <= sh or y1 >= vh:
                continue
            top = max(y1, sh)
            painter.fillRect(QRectF(0, top, 8, y2 - top), _solid(lane.color))
            painter.setPen(s.header_line)
            painter.drawLine(QPointF(0, y2), QPointF(sw, y2))
            painter.setPen(s.header_text)
            draw_header(painter, QRectF(14, top + 2, sw - 20, min(y2 - top, vh - top) - 4),
                        lane.name, s.header_font, Qt.AlignLeft)
        painter.setPen(s.header_line)
        painter.drawLine(QPointF(sw, 0), QPointF(sw, vh))
        painter.fillRect(QRectF(0, 0, sw, sh), s.header_bg)
        painter.setFont(s.small_font)
        painter.setPen(s.header_text)
        painter.drawText(QRectF(6, 0, sw - 12, sh), Qt.AlignLeft | Qt.AlignVCenter,
                         tr("Department ╲ Stage"))
        painter.restore()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        sw, sh = self.strip_size()
        vw, vh = self.viewport().width(), self.viewport().height()
        self.viewport().update(QRect(0, 0, vw, int(sh) + abs(dy) + 2))
        self.viewport().update(QRect(0, 0, int(sw) + abs(dx) + 2, vh))

    # -- theme -----------------------------------------------------------------------------
    def sync_theme(self) -> None:
        key = (Theme.large_text, Theme.high_contrast)
        if key != (STYLE.large, STYLE.high_contrast):
            STYLE.reload()
        if key != self._theme_key:
            self._theme_key = key
            self.scene().apply_theme()
            self._update_view_rect()
            self.viewport().update()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.FontChange, QEvent.PaletteChange, QEvent.StyleChange):
            self.sync_theme()
        super().changeEvent(event)

    # -- mouse: pan --------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MiddleButton or (self._space and event.button() == Qt.LeftButton):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.OpenHandCursor if self._space else Qt.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- keyboard ----------------------------------------------------------------------------------
    def escape(self) -> None:
        """Esc: cancel a gesture, clear the selection and the focus."""
        scene = self.scene()
        if scene.gesture is not None:
            scene.gesture.cancel()
            scene.gesture = None
        scene.clearSelection()
        scene.clear_focus()

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        scene = self.scene()
        ctrl = bool(mods & Qt.ControlModifier)
        if key == Qt.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.OpenHandCursor)
        elif key == Qt.Key_Space:
            pass
        elif ctrl and key in (Qt.Key_Equal, Qt.Key_Plus):
            self.zoom_by(ZOOM_STEP)
        elif ctrl and key == Qt.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif ctrl and key == Qt.Key_0:
            self.zoom_fit()
        elif key == Qt.Key_Escape:
            self.escape()
        elif ctrl and key == Qt.Key_A:
            scene.select_items([*scene.item_for_process.values(), *scene.item_for_note.values()],
                               add=True)
        elif key in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down) \
                and not mods & (Qt.ShiftModifier | Qt.ControlModifier | Qt.AltModifier):
            dx = {Qt.Key_Left: -1, Qt.Key_Right: 1}.get(key, 0)
            dy = {Qt.Key_Up: -1, Qt.Key_Down: 1}.get(key, 0)
            pid = scene.step_selection(dx, dy)
            if pid is not None:
                self.ensureVisible(scene.item_for_process[pid].box_rect(), 60, 60)
        elif not scene.editable:
            super().keyPressEvent(event)
            return
        elif key in (Qt.Key_Delete, Qt.Key_Backspace):
            scene.delete_selection()
        elif key == Qt.Key_F2:
            self.edit_selected()
        elif ctrl and key == Qt.Key_C:
            clipboard.copy(scene)
        elif ctrl and key == Qt.Key_X:
            if clipboard.copy(scene):
                scene.delete_selection()
        elif ctrl and key == Qt.Key_V:
            clipboard.paste(scene)
        elif ctrl and key == Qt.Key_D:
            clipboard.duplicate(scene)
        elif key in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down) \
                and mods & Qt.ShiftModifier:
            step = NUDGE_FINE if mods & Qt.AltModifier else NUDGE
            dx = {Qt.Key_Left: -step, Qt.Key_Right: step}.get(key, 0)
            dy = {Qt.Key_Up: -step, Qt.Key_Down: step}.get(key, 0)
            scene.nudge(dx, dy)
        elif key in (Qt.Key_Return, Qt.Key_Enter):
            self.edit_selected()
        elif key == Qt.Key_L and not (mods & ~(Qt.ControlModifier | Qt.KeypadModifier)):
            self.link_dialog()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(Qt.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- palette drops -----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME) and self.scene().editable:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(PALETTE_MIME) and self.scene().editable:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        if not data.hasFormat(PALETTE_MIME) or not self.scene().editable:
            event.ignore()
            return
        what = bytes(data.data(PALETTE_MIME)).decode()
        pos = self.mapToScene(event.position().toPoint())
        if self.drop(what, pos):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, what: str, pos: QPointF) -> str | None:
        """Add what the palette names (``process`` or ``note:KIND``) at scene ``pos``."""
        self.setFocus()
        if what == "process":
            return self.scene().add_process_at(pos)
        if what.startswith("note:"):
            return self.scene().add_note_at(pos, what.split(":", 1)[1])
        return None

    # -- inline editing ----------------------------------------------------------------------------
    def link_dialog(self) -> bool:
        """Ctrl+L or L: link the selected box to another, picked by typing its name."""
        scene = self.scene()
        sel = scene.selected_ids()["processes"]
        if len(sel) != 1:
            scene.show_hint(tr("Select one process, then press L (or Ctrl+L) to link it."))
            return False
        source = scene.document.get("processes", sel[0])
        names, ids = [], []
        for p in scene.document.all("processes"):
            if p.id != source.id:
                names.append(scene.describe_target(p))
                ids.append(p.id)
        if not names:
            scene.show_hint(tr("Add another process to link to."))
            return False
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Link processes"))
        dialog.setLabelText(tr("“{name}” feeds into (type to find):").format(name=source.name))
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(True)
        dialog.setOption(QInputDialog.UseListViewForComboBoxItems, False)
        combo = dialog.findChild(QComboBox)
        if combo is not None:
            combo.setCurrentIndex(-1)
            combo.setEditText("")
            completer = combo.completer()
            if completer is not None:
                completer.setFilterMode(Qt.MatchContains)
                completer.setCaseSensitivity(Qt.CaseInsensitive)
        if dialog.exec() != QInputDialog.Accepted:
            return False
        text = dialog.textValue()
        target = ids[names.index(text)] if text in names else scene.find_process(text)
        if target is None:
            scene.show_hint(tr("No process called “{name}”.").format(name=text))
            return False
        return scene.link(source.id, target)

    def edit_selected(self) -> bool:
        sel = self.scene().selected_ids()
        for kind in ("processes", "notes", "links"):
            if len(sel[kind]) == 1 and sum(len(v) for v in sel.values()) == 1:
                self.edit_item(kind, sel[kind][0])
                return True
        return False

    def edit_item(self, kind: str, id: str) -> InlineEditor | None:
        """Open the one-line editor on a process name, note text or link label."""
        scene = self.scene()
        doc = scene.document
        entity = doc.get(kind, id)
        if entity is None or not scene.editable:
            return None
        if self.editor is not None:
            self.editor.commit()
        if kind == "processes":
            item = scene.item_for_process[id]
            rect = item.box_rect()
            field, value = "name", entity.name
        elif kind == "notes":
            item = scene.item_for_note[id]
            rect = item.sceneBoundingRect()
            field, value = "text", entity.text
        else:
            item = scene.item_for_link[id]
            mid = item.label_pos()
            rect = QRectF(mid.x() - 80, mid.y() - 14, 160, 28)
            field, value = "label", entity.label
        self.ensureVisible(rect, 40, 40)
        vrect = self.mapFromScene(rect).boundingRect()
        height = max(30, min(vrect.height(), 44))
        width = max(vrect.width(), 180)
        editor = InlineEditor(self.viewport(),
                              lambda text: self._commit_edit(kind, id, field, text))
        font = QFont(STYLE.font)
        font.setPointSizeF(max(9.0, min(STYLE.font.pointSizeF() * self.scale_factor(), 22.0)))
        editor.setFont(font)
        editor.setText(value)
        editor.selectAll()
        editor.setGeometry(int(vrect.center().x() - width / 2),
                           int(vrect.center().y() - height / 2), int(width), int(height))
        editor.show()
        editor.setFocus()
        self.editor = editor
        editor.destroyed.connect(lambda *_: setattr(self, "editor", None))
        return editor

    def _commit_edit(self, kind: str, id: str, field: str, text: str) -> None:
        self.editor = None
        doc = self.scene().document
        if doc.get(kind, id) is None:
            return
        text = text.strip()
        if kind == "processes" and not text:
            self.scene().show_hint(tr("A process needs a name; the old one was kept."))
            return
        self.scene().update_fields(kind, id, {"name": tr("Rename process"),
                                              "text": tr("Edit note"),
                                              "label": tr("Label link")}[field], {field: text})
        self.setFocus()


def _solid(color: str) -> QColor:
    c = QColor(color)
    return c if c.isValid() else QColor("#9e9e9e")

