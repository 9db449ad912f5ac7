"""Undo you can see: after Undo or Redo the status bar says what changed and where.

"Undid: Add action “Call Mrs Bell” (Actions) — Show" — the link opens that page and
selects the item. Pages that showed a message about the item ("Added …") clear it.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from ..model import SESSION, Add, Op, Remove, Update
from .editing import say

NOTICE_MS = 12000

# which page shows a kind of row (page titles as in the sidebar)
PAGE_OF_KIND = {
    "departments": "Overview", "participants": "Participants", "stories": "Last customer",
    "processes": "Map", "links": "Map", "notes": "Map", "placements": "Connect the dots",
    "members": "Advisory group", "changes": "5 Hows", "recognitions": "Champions",
    "actions": "Actions", "agenda": "Agenda", SESSION: "Overview",
}
NAME_FIELDS = ("name", "title", "text", "customer", "nominee", "behaviour")


def _target(op: Op) -> tuple[str, str | None]:
    if isinstance(op, Add):
        return op.entity.KIND, op.entity.id
    if isinstance(op, (Remove, Update)):
        return op.kind, op.id
    return getattr(op, "kind", ""), getattr(op, "id", None)


def describe(workshop, ops: list[Op]) -> tuple[str, str | None, str | None]:
    """``(item name, kind, id)`` of the first row a change touched, named as the user sees it.

    The row is looked up in ``workshop`` as it is now, so after an undo of an add the
    name comes from the op itself.
    """
    for op in ops:
        kind, id = _target(op)
        if not kind or kind == SESSION:
            continue
        entity = workshop.get(kind, id) if id else None
        if entity is None and isinstance(op, Add):
            entity = op.entity
        name = ""
        for field in NAME_FIELDS:
            value = getattr(entity, field, None) if entity is not None else None
            if isinstance(value, str) and value.strip():
                name = " ".join(value.split())
                break
        if len(name) > 60:
            name = name[:59] + "…"
        return name, kind, id
    return "", SESSION if ops else None, None


class UndoNotice(QObject):
    """Shows what an undo or redo did in ``window``'s status bar, with a Show link."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        self.label.setObjectName("undo_notice")
        self.label.setTextFormat(Qt.RichText)
        self.label.linkActivated.connect(self._show)
        window.statusBar().addWidget(self.label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self._where: tuple[str, str | None, str | None] | None = None

    def announce(self, verb: str, command) -> str:
        """Say ``verb`` ("Undid"/"Redid") of ``command`` (the one just undone/redone)."""
        doc = self.window.document
        if command is None or doc is None:
            return ""
        ops = list(getattr(command, "ops", []))
        name, kind, id = describe(doc.workshop, ops)
        page = PAGE_OF_KIND.get(kind or "", "")
        what = command.text() + (f" “{name}”" if name and name not in command.text() else "")
        text = f"{verb}: {what}" + (f" ({page})" if page else "")
        self._where = (page, kind, id)
        link = " — <a href='show'>Show</a>" if page else ""
        import html  # here, not before the first window: only an undo needs it
        self.label.setText(html.escape(text, quote=False) + link)
        self.label.setToolTip(text)
        for p in getattr(self.window, "pages", []):
            message = getattr(p, "message", None)
            if isinstance(message, QLabel) and message.text():
                say(message, "")
        self._timer.start(NOTICE_MS)
        return text

    def text(self) -> str:
        return self.label.toolTip() if self.label.text() else ""

    def clear(self) -> None:
        self.label.clear()
        self.label.setToolTip("")

    def _show(self, _link: str = "show") -> None:
        if not self._where:
            return
        page_title, kind, id = self._where
        page = self.window.show_page(page_title)
        select = getattr(page, "select_entity", None)
        if page is not None and select is not None and kind and id:
            select(kind, id)
