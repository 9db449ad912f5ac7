"""The Room menu of the main window, and the keys that act on the room.

Only keys a presentation clicker sends act on the room, and never while the
facilitator is typing: PageDown / PageUp (next / previous) unless a text
field, combo box, spin box or editable table has focus; Right / Left also only
when no text, list, table or map has focus; B or period (blank) and Enter (one
story full screen) only in the presenter window, where nothing is typed; F5
opens the presenter window, Esc leaves its full screen. Letters never act on
the room from the facilitator's window.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ...i18n import tr
from ...model.room import ACTIONS, AGENDA, CHAMPIONS, HOWS, MAP, view_for_step
from .controller import RoomController, room_for

#: Words in an agenda step's title that name a page of the main window.
PAGE_HINTS = (("last customer", "Last customer"), ("participant", "Participants"),
              ("journey", "Map"), ("process map", "Map"), ("connect", "Connect the dots"),
              ("5 hows", "5 Hows"), ("five hows", "5 Hows"), ("advisory", "Advisory group"),
              ("champion", "Champions"), ("action", "Actions"), ("welcome", "Overview"),
              ("begrüßung", "Overview"))

#: Room views of pages that do not say (``presenter_view``) themselves.
PAGE_VIEWS = {"Map": MAP, "5 Hows": HOWS, "Champions": CHAMPIONS, "Actions": ACTIONS}

NEXT_KEYS = (Qt.Key_PageDown,)
BACK_KEYS = (Qt.Key_PageUp,)
ARROW_NEXT, ARROW_BACK = (Qt.Key_Right,), (Qt.Key_Left,)


def is_typing_widget(widget) -> bool:
    """True when ``widget`` takes typed keys: a text field, combo, spin box or an
    editable table / list (its cells start editing on a key)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)):
        return True
    if isinstance(widget, QAbstractItemView):
        return bool(widget.editTriggers() & QAbstractItemView.AnyKeyPressed)
    return False


def arrows_free(widget) -> bool:
    """True when Left / Right in ``widget`` mean nothing of its own (room keys may act)."""
    return widget is None or isinstance(widget, (QAbstractButton, QLabel)) or (
        isinstance(widget, QWidget) and not isinstance(
            widget, (QAbstractItemView, QGraphicsView, QLineEdit, QTextEdit, QPlainTextEdit,
                     QComboBox, QAbstractSpinBox))
        and widget.focusPolicy() == Qt.NoFocus)


def room_key(widget, event) -> str | None:
    """What a key press in the facilitator's window does to the room:
    ``"advance"``, ``"back"`` or None (the widget keeps it)."""
    if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier
                            | Qt.ShiftModifier):
        return None
    key = event.key()
    if key in NEXT_KEYS + BACK_KEYS:
        if is_typing_widget(widget):
            return None
        return "advance" if key in NEXT_KEYS else "back"
    if key in ARROW_NEXT + ARROW_BACK and arrows_free(widget):
        return "advance" if key in ARROW_NEXT else "back"
    return None


class RoomMenu(QObject):
    """The Room menu and View ▸ Presenter Window of one main window.

    Signals:
        presenter_opened(window): the presenter window was made (the first F5),
            so others can show their part on it (the room link's indicator).
    """

    presenter_opened = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.presenter = None
        self._listening = False  # the key filter, once the window is painted
        self._step_id: str | None = None  # the current agenda step, to tell moves from edits
        menu = window.menuBar().addMenu(tr("&Room"))
        self.menu = menu

        def act(text, slot, keys=(), checkable=False):
            a = QAction(text, window)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ApplicationShortcut)
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        self.act_presenter = QAction(tr("&Presenter Window"), window)
        self.act_presenter.setShortcut(QKeySequence("F5"))
        self.act_presenter.setShortcutContext(Qt.ApplicationShortcut)
        self.act_presenter.triggered.connect(self.show_presenter)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.act_presenter)
        menu.addAction(self.act_presenter)
        menu.addSeparator()
        # PageDown / PageUp are handled by the key filter below (not while typing)
        self.act_next = act(tr("&Next (reveal or next step)\tPgDown"),
                            lambda: self._room("advance"))
        self.act_prev = act(tr("&Previous\tPgUp"), lambda: self._room("back"))
        self.act_timer = act(tr("&Start/Pause Timer"), lambda: self._room("toggle_timer"),
                             ("Ctrl+T",))
        self.act_blank = act(tr("&Blank the Room\tB"), lambda: self._room("toggle_blank"),
                             ("Ctrl+.",), checkable=True)
        self.act_reveal = act(tr("&Reveal Next Answer"), lambda: self._room("reveal_next"))
        self.act_reveal_all = act(tr("Reveal &All Answers"), lambda: self._room("reveal_all"))
        self.act_hide_all = act(tr("&Hide All Answers"), lambda: self._room("hide_all"))
        menu.addSeparator()
        self.act_follow = act(tr("Room &Follows Me"), self._set_follow, checkable=True)
        self.act_follow.setChecked(True)
        self.act_names = act(tr("Show &Names on Answers"), self._set_names, checkable=True)
        self.act_pages = act(tr("Agenda Steps &Open Their Page"), lambda: None, checkable=True)
        self.act_pages.setChecked(True)
        self._map_page = None
        self._map_timer = QTimer(self)   # one follow-me update per burst of map signals
        self._map_timer.setSingleShot(True)
        self._map_timer.setInterval(0)
        self._map_timer.timeout.connect(self._map_moved)
        from .status import RoomStatus
        self.status = RoomStatus(self)
        window.statusBar().addPermanentWidget(self.status)
        window.document_changed.connect(self._document_changed)
        window.sidebar.currentRowChanged.connect(self._page_shown)
        self._document_changed(window.document)

    def listen_for_keys(self) -> None:
        """Take the clicker's keys from every widget of the window (the window calls this
        once it is painted: before, no key can reach it)."""
        if not self._listening:
            self._listening = True
            QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """PageDown / PageUp (and Left / Right where they mean nothing) act on the room,
        unless a text field, combo or editable table has focus."""
        if event.type() != QEvent.KeyPress or not isinstance(obj, QWidget):
            return False
        try:
            if obj.window() is not self.window or self.room is None:
                return False
        except RuntimeError:
            return False
        what = room_key(QApplication.focusWidget(), event)
        if what is None:
            return False
        getattr(self.room, what)()
        return True

    @property
    def room(self) -> RoomController | None:
        doc = self.window.document
        return room_for(doc) if doc is not None else None

    def _room(self, method: str) -> None:
        room = self.room
        if room is not None:
            getattr(room, method)()

    def _set_follow(self) -> None:
        if self.room is not None:
            self.room.follow_pages = self.act_follow.isChecked()
            if self.room.follow_pages:
                self._page_shown(self.window.sidebar.currentRow())

    def _sync_follow(self) -> None:
        room = self.room
        if room is not None:
            self.act_follow.setChecked(room.follow_pages)
            self.act_blank.setChecked(room.blank)

    def _set_names(self) -> None:
        if self.room is not None:
            self.room.show_names = self.act_names.isChecked()
            self.room.reveal_changed.emit()

    def _document_changed(self, doc) -> None:
        enabled = doc is not None
        for a in (self.act_next, self.act_prev, self.act_timer, self.act_reveal,
                  self.act_reveal_all, self.act_hide_all, self.act_blank, self.act_follow):
            a.setEnabled(enabled)
        room = self.room
        step = room.current_step() if room else None
        self._step_id = step.id if step else None
        if room is not None:
            self.act_follow.setChecked(room.follow_pages)
            room.show_names = self.act_names.isChecked()
            room.step_changed.connect(self._step_changed)
            room.follow_changed.connect(self._sync_follow)
            room.view_changed.connect(self._sync_follow)
        if self.presenter is not None:
            self.presenter.set_room(room)
        self.status.set_room(room)
        self._map_page = None  # hooked when the Map page is first shown (pages build lazily)

    # -- follow me: the Map page's selection, lit chain, zoom and pan -----------------------
    def _watch_map(self, page) -> None:
        self._map_page = page
        scene, view = getattr(page, "scene", None), getattr(page, "view", None)
        if scene is None or view is None or scene.property("room_follows"):
            return
        scene.setProperty("room_follows", True)
        self._map_page = page
        scene.selectionChanged.connect(self._selection_followed)
        for signal in (getattr(scene, "focus_changed", None),
                       getattr(view, "zoom_changed", None),
                       view.horizontalScrollBar().valueChanged,
                       view.verticalScrollBar().valueChanged):
            if signal is not None:
                signal.connect(lambda *_: self._map_timer.start())

    def _selection_followed(self) -> None:
        """The room follows a selection at once and paints it before the facilitator's
        own map repaints (presenter_follow_ms); pans and zooms follow once per burst."""
        self._map_timer.stop()
        self._map_moved()
        presenter = self.presenter
        if presenter is not None and presenter.isVisible():
            presenter.paint_map_now()

    def _map_moved(self) -> None:
        room, page = self.room, self._map_page
        try:
            if room is None or page is None or not page.isVisible():
                return
        except RuntimeError:  # the page went with its document
            self._map_page = None
            return
        scene, view = page.scene, page.view
        selected = set(scene.selected_ids().get("processes", []))
        focus = set(getattr(scene, "focused", None) or ())
        r = view.mapToScene(view.viewport().rect()).boundingRect()
        room.follow_map(selected, focus, (r.x(), r.y(), r.width(), r.height()))

    def _page_shown(self, row: int) -> None:
        room = self.room
        pages = self.window.pages
        if room is None or not 0 <= row < len(pages):
            return
        page = pages[row]
        if page.title == "Map":
            self._watch_map(page)
        view = page.presenter_view() if hasattr(page, "presenter_view") else \
            PAGE_VIEWS.get(page.title)
        if page.title == "5 Hows" and callable(getattr(page, "current", None)):
            change = page.current()
            room.change = change.id if change is not None else None
            lst = getattr(page, "list", None)
            if lst is not None and not lst.property("room_follows"):
                lst.setProperty("room_follows", True)
                lst.currentItemChanged.connect(lambda *_: self._change_picked(page))
        if view is None:
            step = room.current_step()
            view = (step and view_for_step(step.title)) or AGENDA
        room.follow(*view) if isinstance(view, tuple) else room.follow(view)

    def _change_picked(self, page) -> None:
        room = self.room
        if room is None or not page.isVisible() or not room.follow_pages:
            return
        change = page.current()
        room.change = change.id if change is not None else None
        room.view_changed.emit()

    def _step_changed(self, index: int) -> None:
        """The room went to another agenda step: open the page its title names.

        Not when the agenda is only being edited (its first step added, the
        current one removed): the facilitator stays on the page they are on.
        """
        room = self.room
        step = room.current_step() if room else None
        before, self._step_id = self._step_id, step.id if step else None
        if (step is None or before in (None, step.id)
                or before not in room.document.workshop.table("agenda")):
            return
        page = page_for_step(step.title, [p.title for p in self.window.pages])
        if self.act_pages.isChecked() and page is not None and \
                self.window.page(page) is not None:
            self.window.show_page(page)
        view = view_for_step(step.title)
        if view is not None:
            room.follow(view)

    def show_presenter(self):
        from .window import PresenterWindow
        if self.presenter is None:
            self.presenter = PresenterWindow(self.room, self.window)
            self.presenter_opened.emit(self.presenter)
        self.presenter.present()
        self.status.schedule()
        return self.presenter


def page_for_step(step_title: str, page_titles: list[str]) -> str | None:
    """The page title an agenda step's title names, if any."""
    low = step_title.lower()
    for title in page_titles:  # the page's name, in English or as the sidebar shows it
        if title and title != "Agenda" and (title.lower() in low or tr(title).lower() in low):
            return title
    for word, title in PAGE_HINTS:
        if word in low and title in page_titles:
            return title
    return None


def install(window) -> RoomMenu:
    """Add the Room menu and View ▸ Presenter Window to ``window`` (once)."""
    existing = window.findChild(RoomMenu)
    return existing if existing is not None else RoomMenu(window)
