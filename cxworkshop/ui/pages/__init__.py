"""The workshop steps shown in the main window's sidebar, in order.

Each entry is ``(module, class name)`` or ``(module, class name, title)``; the
class is a :class:`Page`. With the title given, the sidebar is filled without
importing the module (start-up loads only the page shown). A step is listed
here only once its page is real.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..theme import role

PAGES: list[tuple[str, ...]] = [
    ("cxworkshop.ui.pages.overview", "OverviewPage", "Overview"),
    ("cxworkshop.ui.pages.participants", "ParticipantsPage", "Participants"),
    ("cxworkshop.ui.pages.stories", "StoriesPage", "Last customer"),
    ("cxworkshop.ui.pages.map", "MapPage", "Map"),
    ("cxworkshop.ui.pages.connect", "ConnectPage", "Connect the dots"),
    ("cxworkshop.ui.pages.metrics", "MetricsPage", "Metrics"),
    ("cxworkshop.ui.pages.changes", "ChangesPage", "5 Hows"),
    ("cxworkshop.ui.pages.roster", "RosterPage", "Advisory group"),
    ("cxworkshop.ui.pages.champions", "ChampionsPage", "Champions"),
    ("cxworkshop.ui.pages.actions", "ActionsPage", "Actions"),
    ("cxworkshop.ui.pages.followup", "FollowUpPage", "Follow-up"),
    ("cxworkshop.ui.pages.agenda", "AgendaPage", "Agenda"),
    ("cxworkshop.ui.pages.export", "ExportPage", "Export"),
]


class Page(QWidget):
    """Base of a workshop step page.

    Subclasses set ``title`` (sidebar text) and build themselves from
    ``document``; they follow the document through :meth:`follow` and change it
    only through the named operations (``document.do(ops.…)``).

    A page refreshes while it is the one shown; a hidden page only notes that
    it is stale and refreshes when it is shown again (:meth:`ensure_fresh`).
    """

    title = ""
    icon = ""  # a name under resources/icons, optional

    def __init__(self, document, window=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.window_ = window
        self._stale = False
        self._follow: list[tuple[Callable[[], None], frozenset[str] | None, bool]] = []
        self._pending: set[int] = set()
        self._saw_signal = False

    def follow(self, refresh: Callable[[], None], kinds: Iterable[str] | None = None,
               info: bool = True) -> None:
        """Call ``refresh`` after a change to one of ``kinds`` (None: any entity list)
        or, with ``info``, to the session's own fields — at once while the page is
        shown, else when it is shown next."""
        if not self._follow:
            doc = self.document
            doc.applied.connect(self._applied)  # one call per batch, not one per row
            doc.changed.connect(self._document_changed)
        self._follow.append((refresh, None if kinds is None else frozenset(kinds), info))

    def _applied(self, events: tuple) -> None:
        self._saw_signal = True
        touched = {kind for what, kind, _id, _fields in events if what != "info"}
        info_touched = any(what == "info" for what, *_ in events)
        for index, (_refresh, kinds, info) in enumerate(self._follow):
            if (kinds is None and touched) or (kinds and kinds & touched) \
                    or (info and info_touched):
                self._pending.add(index)

    def _document_changed(self) -> None:
        if not self._saw_signal:  # a change that could not be saved: show what is stored
            self._pending = set(range(len(self._follow)))
        self._saw_signal = False
        if not self._pending:
            return
        if self.is_shown():
            self._run_pending()
        else:
            self._stale = True

    def _run_pending(self) -> None:
        pending, self._pending = self._pending, set()
        self._stale = False
        for index, (refresh, _kinds, _info) in enumerate(self._follow):
            if index in pending:
                refresh()

    def is_shown(self) -> bool:
        """True unless the page sits in a stack (the main window) behind another page."""
        stack = self.parentWidget()
        if isinstance(stack, QStackedWidget):
            return stack.currentWidget() is self
        return True

    def ensure_fresh(self) -> None:
        """Refresh now what changed while the page was hidden."""
        if self._stale:
            self._run_pending()

    def showEvent(self, event) -> None:
        self.ensure_fresh()
        super().showEvent(event)

    def activated(self) -> None:
        """Called when the page becomes the current one."""

    def page_layout(self, heading: str, hint: str | None = None) -> QVBoxLayout:
        """The page's outer layout, with its heading and a one-paragraph hint."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        label = QLabel(heading)
        role(label, "pageHeading")
        layout.addWidget(label)
        if hint:
            note = QLabel(hint)
            role(note, "hint")
            note.setWordWrap(True)
            layout.addWidget(note)
        return layout


class PageSpec:
    """One entry of :data:`PAGES`: its title at once, its class when first needed."""

    def __init__(self, module: str, name: str, title: str | None = None):
        self.module, self.name = module, name
        self.title = title if title is not None else self.load().title

    def load(self) -> type[Page]:
        import importlib
        cls: type[Page] = getattr(importlib.import_module(self.module), self.name)
        return cls


def page_specs() -> list[PageSpec]:
    return [PageSpec(*entry) for entry in PAGES]


def page_classes() -> list[type[Page]]:
    return [spec.load() for spec in page_specs()]
