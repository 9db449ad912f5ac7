"""The workshop steps shown in the main window's sidebar, in order.

Each entry is ``(module, class name)``; the class is a :class:`Page`. A step is
listed here only once its page is real.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

PAGES: list[tuple[str, str]] = [
    ("cxworkshop.ui.pages.overview", "OverviewPage"),
    ("cxworkshop.ui.pages.participants", "ParticipantsPage"),
    ("cxworkshop.ui.pages.stories", "StoriesPage"),
    ("cxworkshop.ui.pages.map", "MapPage"),
    ("cxworkshop.ui.pages.connect", "ConnectPage"),
    ("cxworkshop.ui.pages.metrics", "MetricsPage"),
    ("cxworkshop.ui.pages.changes", "ChangesPage"),
    ("cxworkshop.ui.pages.roster", "RosterPage"),
    ("cxworkshop.ui.pages.champions", "ChampionsPage"),
    ("cxworkshop.ui.pages.actions", "ActionsPage"),
    ("cxworkshop.ui.pages.followup", "FollowUpPage"),
    ("cxworkshop.ui.pages.agenda", "AgendaPage"),
    ("cxworkshop.ui.pages.export", "ExportPage"),
]


class Page(QWidget):
    """Base of a workshop step page.

    Subclasses set ``title`` (sidebar text) and build themselves from
    ``document``; they follow the document's signals and change it only by
    pushing commands (``document.add/update/remove/push``).
    """

    title = ""
    icon = ""  # a name under resources/icons, optional

    def __init__(self, document, window=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.window_ = window

    def activated(self) -> None:
        """Called when the page becomes the current one."""

    def page_layout(self, heading: str, hint: str | None = None) -> QVBoxLayout:
        """The page's outer layout, with its heading and a one-paragraph hint."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        label = QLabel(heading)
        label.setObjectName("pageHeading")
        layout.addWidget(label)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)
            layout.addWidget(note)
        return layout


def page_classes() -> list[type[Page]]:
    import importlib
    return [getattr(importlib.import_module(module), name) for module, name in PAGES]
