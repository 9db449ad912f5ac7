"""Screen readers and the map: every box, link and note is an accessible child of
the map view, with a name ("Process Book the appointment, Dispatch, Decide,
moment of truth, 5 votes"), a role, its place on the screen and its state.

Graphics items are not widgets, so Qt's accessibility tree does not see them:
:func:`install` adds a factory that gives each :class:`~.view.MapView` an
interface listing them after its own child widgets. The texts come from the
scene (:meth:`MapInteraction.accessible_text`), the one place that words them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget

from ...i18n import tr

KINDS = ("processes", "links", "notes")
ROLES = {"processes": QAccessible.ListItem, "links": QAccessible.ListItem,
         "notes": QAccessible.ListItem}


class MapItemAccessible(QAccessibleInterface):
    """One box, link or note of the map as a screen reader sees it."""

    def __init__(self, parent: MapViewAccessible, kind: str, id: str):
        super().__init__()
        self._parent = parent
        self.kind = kind
        self.id = id

    def item(self):
        scene = self._parent.view().scene()
        if scene is None or not hasattr(scene, "item_for_process"):
            return None
        maps = {"processes": scene.item_for_process, "links": scene.item_for_link,
                "notes": scene.item_for_note}
        return maps[self.kind].get(self.id)

    # -- QAccessibleInterface -------------------------------------------------------
    def isValid(self) -> bool:
        return self.item() is not None

    def object(self) -> QObject | None:
        return None

    def window(self):
        return self._parent.window()

    def parent(self) -> QAccessibleInterface:
        return self._parent

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def relations(self, match=None) -> list:
        return []

    def text(self, t) -> str:
        item = self.item()
        if item is None:
            return ""
        if t == QAccessible.Name:
            return self._parent.view().scene().accessible_text(item)
        if t == QAccessible.Description and self.kind == "processes":
            return tr("Arrow keys go to the next box; Enter renames; L links it to another "
                      "box.")
        return ""

    def setText(self, t, text: str) -> None:
        pass

    def role(self):
        return ROLES[self.kind]

    def rect(self) -> QRect:
        """Where the item is on the screen (global coordinates)."""
        item = self.item()
        view = self._parent.view()
        if item is None:
            return QRect()
        box = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        port = view.viewport()
        return QRect(port.mapToGlobal(box.topLeft()), box.size())

    def state(self):
        s = QAccessible.State()
        item = self.item()
        if item is None:
            s.invalid = True
            return s
        view = self._parent.view()
        s.selectable = True
        s.selected = item.isSelected()
        s.focusable = True
        s.focused = s.selected and view.hasFocus()
        shown = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        s.offscreen = not view.viewport().rect().intersects(shown)
        s.movable = self.kind != "links" and bool(getattr(item, "editable", False))
        return s


class MapViewAccessible(QAccessibleWidget):
    """The map view: its own child widgets (viewport, scroll bars, minimap), then
    one child per box, link and note, in document order."""

    def __init__(self, view):
        super().__init__(view, QAccessible.Client, view.accessibleName())
        self._kids: dict[tuple[str, str], MapItemAccessible] = {}
        self._listed: tuple[object, list[tuple[str, str]]] | None = None
        document = getattr(view.scene(), "document", None)
        if document is not None:   # the list of items is made again after a change
            document.changed.connect(self._forget)

    def _forget(self) -> None:
        self._listed = None

    def view(self):
        return self.widget()

    def _ids(self) -> list[tuple[str, str]]:
        scene = self.view().scene()
        if scene is None or not hasattr(scene, "item_for_process"):
            return []
        listed = self._listed
        if listed is None or listed[0] is not scene:   # a screen reader walks them all:
            ids = ([("processes", i) for i in scene.item_for_process]   # listed once
                   + [("links", i) for i in scene.item_for_link]
                   + [("notes", i) for i in scene.item_for_note])
            listed = self._listed = (scene, ids)
        return listed[1]

    def kid(self, kind: str, id: str) -> MapItemAccessible:
        key = (kind, id)
        iface = self._kids.get(key)
        if iface is None:
            iface = self._kids[key] = MapItemAccessible(self, kind, id)
        return iface

    def childCount(self) -> int:
        return super().childCount() + len(self._ids())

    def child(self, index: int) -> QAccessibleInterface | None:
        own = super().childCount()
        if index < own:
            return super().child(index)
        ids = self._ids()
        if index - own >= len(ids):
            return None
        return self.kid(*ids[index - own])

    def indexOfChild(self, child) -> int:
        if isinstance(child, MapItemAccessible):
            try:
                return super().childCount() + self._ids().index((child.kind, child.id))
            except ValueError:
                return -1
        return super().indexOfChild(child)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        view = self.view()
        port = view.viewport()
        local = port.mapFromGlobal(QPoint(x, y))
        scene = view.scene()
        if port.rect().contains(local) and scene is not None and hasattr(scene, "top_item_at"):
            item = scene.top_item_at(view.mapToScene(local))
            if item is not None:
                for kind, attr in (("processes", "pid"), ("links", "lid"), ("notes", "nid")):
                    if hasattr(item, attr):
                        return self.kid(kind, getattr(item, attr))
        return super().childAt(x, y)

    def focusChild(self) -> QAccessibleInterface | None:
        scene = self.view().scene()
        items = scene.selectedItems() if scene is not None else []
        if len(items) == 1:
            for kind, attr in (("processes", "pid"), ("links", "lid"), ("notes", "nid")):
                if hasattr(items[0], attr):
                    return self.kid(kind, getattr(items[0], attr))
        return super().focusChild()


_installed = False
_made: list[MapViewAccessible] = []   # kept alive as long as Qt may ask for them


def _factory(key: str, obj: QObject):
    from .view import MapView
    if isinstance(obj, MapView):
        iface = MapViewAccessible(obj)
        _made.append(iface)   # (Qt deletes it with the view; Python must not before)
        return iface
    return None


def install() -> None:
    """Let screen readers see the map's boxes, links and notes (once per process)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def item_interface(view, kind: str, id: str) -> MapItemAccessible | None:
    """The accessible interface of one box, link or note of ``view``'s map."""
    iface = QAccessible.queryAccessibleInterface(view)
    return iface.kid(kind, id) if isinstance(iface, MapViewAccessible) else None
