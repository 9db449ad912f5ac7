"""Room ▸ Start Room Link: the facilitator's side of the room link.

:class:`RoomLinkController` (one per main window) starts and stops the server
for the open document; :class:`RoomLinkDialog` shows the QR code and join code
(big enough for the projector), who has arrived and answered, join requests
to approve, and locks each step. :func:`install` adds the menu entry, buttons
on the Participants and Last customer pages and a status-bar indicator.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..i18n import N_, tr
from ..model.entities import Participant
from ..roomlink.steps import HIDDEN, LOCKED, OPEN, STEP_LABELS, STEPS

STATE_TEXT = {OPEN: N_("Open"), LOCKED: N_("Locked"), HIDDEN: N_("Hidden")}


class RoomLinkController(QObject):
    """The room link of a main window's open document (at most one at a time).

    Signals:
        started(), stopped(): the link went on or off.
        changed(): someone joined, asked to join, or answered; on the GUI thread,
            once for all that happened since the last time (a burst of sixty
            answers is one signal, not sixty queued ones).
    """

    started = Signal()
    stopped = Signal()
    changed = Signal()
    _poke = Signal()  # from any thread: "something changed", queued to the GUI thread

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.server = None
        self.document = None
        self._poked = threading.Event()
        self._poke.connect(self._tell, Qt.QueuedConnection)
        window.document_changed.connect(self._document_changed)

    def _note_change(self) -> None:
        """The room state's listener (any thread): one queued call until it has run."""
        if not self._poked.is_set():
            self._poked.set()
            self._poke.emit()

    def _tell(self) -> None:
        self._poked.clear()
        self.changed.emit()

    @property
    def running(self) -> bool:
        return self.server is not None

    def start(self, host: str, port: int):
        """Start (or restart, with new tokens) on ``host``; raises OSError/ValueError."""
        from ..roomlink.qt import QtOwner
        from ..roomlink.server import start_server
        self.stop()
        document = self.window.document
        if document is None:
            raise ValueError(tr("open a workshop first"))
        if document.read_only:
            raise ValueError(tr("this workshop is open read-only: answers could not be saved"))
        owner = QtOwner(document)
        self.server = start_server(owner, host, port)
        self.document = document
        self.server.state.listeners.append(self._note_change)
        self.started.emit()
        return self.server

    def stop(self) -> None:
        if self.server is None:
            return
        server, self.server, self.document = self.server, None, None
        server.state.listeners.clear()
        server.stop()
        self.stopped.emit()

    def _document_changed(self, doc) -> None:
        if doc is not self.document:
            self.stop()  # closing or replacing the session ends its room link


class RoomLinkDialog(QDialog):
    """Start/stop, QR and code, arrivals, join requests, step locks."""

    def __init__(self, controller: RoomLinkController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Room link"))
        self.controller = controller
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)

        setup = QHBoxLayout()
        self.interfaces = QComboBox()
        self.interfaces.setAccessibleName(tr("Network"))
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(8765)
        self.port.setAccessibleName(tr("Port"))
        self.start_button = QPushButton(tr("Start"))
        self.start_button.clicked.connect(self._start_stop)
        setup.addWidget(QLabel(tr("Network:")))
        setup.addWidget(self.interfaces, 1)
        setup.addWidget(QLabel(tr("Port:")))
        setup.addWidget(self.port)
        setup.addWidget(self.start_button)
        outer.addLayout(setup)

        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        join = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignCenter)
        self.qr.setAccessibleName(tr("QR code of the join link"))
        self.qr.setMinimumSize(300, 300)
        join.addWidget(self.qr)
        text = QVBoxLayout()
        self.code = QLabel()
        font = QFont()
        font.setPointSize(40)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAccessibleName(tr("Join code"))
        self.url = QLabel()
        self.url.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.url.setWordWrap(True)
        self.url.setTextFormat(Qt.PlainText)
        text.addWidget(QLabel(tr("Scan the code, or open the address and type:")))
        text.addWidget(self.code)
        text.addWidget(self.url)
        text.addStretch(1)
        join.addLayout(text, 1)
        outer.addLayout(join)

        steps = QGroupBox(tr("Steps on the phones"))
        grid = QGridLayout(steps)
        self.counts: dict[str, QLabel] = {}
        self.step_boxes: dict[str, QComboBox] = {}
        for row, step in enumerate(STEPS):
            grid.addWidget(QLabel(tr(STEP_LABELS[step])), row, 0)
            count = QLabel(tr("{n} answered").format(n=0))
            count.setAccessibleName(tr("{step}: answered").format(step=tr(STEP_LABELS[step])))
            self.counts[step] = count
            grid.addWidget(count, row, 1)
            box = QComboBox()
            box.setAccessibleName(tr("{step}: state").format(step=tr(STEP_LABELS[step])))
            for state in (OPEN, LOCKED, HIDDEN):
                box.addItem(tr(STATE_TEXT[state]), state)
            box.currentIndexChanged.connect(lambda _=0, s=step: self._set_step(s))
            self.step_boxes[step] = box
            grid.addWidget(box, row, 2)
        outer.addWidget(steps)

        people = QHBoxLayout()
        joined_box = QGroupBox(tr("On a phone"))
        lay = QVBoxLayout(joined_box)
        self.joined = QListWidget()
        self.joined.setAccessibleName(tr("Participants on a phone"))
        self.release_button = QPushButton(tr("Release name"))
        self.release_button.setToolTip(tr("Let another phone take this name"))
        self.release_button.clicked.connect(self._release)
        lay.addWidget(self.joined)
        lay.addWidget(self.release_button)
        people.addWidget(joined_box)
        requests_box = QGroupBox(tr("Not on the list (waiting)"))
        lay = QVBoxLayout(requests_box)
        self.requests = QListWidget()
        self.requests.setAccessibleName(tr("Join requests"))
        row = QHBoxLayout()
        self.approve_button = QPushButton(tr("Let in"))
        self.approve_button.clicked.connect(self._approve)
        self.refuse_button = QPushButton(tr("Refuse"))
        self.refuse_button.clicked.connect(self._refuse)
        row.addWidget(self.approve_button)
        row.addWidget(self.refuse_button)
        lay.addWidget(self.requests)
        lay.addLayout(row)
        people.addWidget(requests_box)
        outer.addLayout(people)

        self._later = QTimer(self)  # many answers at once: one refresh
        self._later.setSingleShot(True)
        self._later.setInterval(150)
        self._later.timeout.connect(self.refresh)
        controller.started.connect(self.refresh)
        controller.stopped.connect(self.refresh)
        controller.changed.connect(self._later.start)
        self._fill_interfaces()
        self.refresh()

    def _fill_interfaces(self) -> None:
        from ..roomlink.interfaces import lan_interfaces
        self.interfaces.clear()
        for iface in lan_interfaces():
            self.interfaces.addItem(iface.label, iface.address)

    # -- actions ------------------------------------------------------------------
    def _start_stop(self) -> None:
        if self.controller.running:
            self.controller.stop()
            return
        host = self.interfaces.currentData()
        if not host:
            QMessageBox.warning(self, tr("Room link"), tr(
                "No network is connected. Connect to the venue's Wi-Fi or start the "
                "laptop's hotspot, then try again."))
            return
        try:
            self.controller.start(host, self.port.value())
        except (OSError, ValueError) as e:
            QMessageBox.warning(self, tr("Room link"),
                                tr("The room link could not start: {reason}").format(reason=e))

    def _set_step(self, step: str) -> None:
        server = self.controller.server
        if server is not None:
            server.state.set_step(step, self.step_boxes[step].currentData())

    def _release(self) -> None:
        item = self.joined.currentItem()
        if item is not None and self.controller.server is not None:
            self.controller.server.state.release(item.data(Qt.UserRole))

    def _approve(self) -> None:
        item = self.requests.currentItem()
        if item is not None and self.controller.server is not None:
            self.controller.server.app.approve(item.data(Qt.UserRole))

    def _refuse(self) -> None:
        item = self.requests.currentItem()
        if item is not None and self.controller.server is not None:
            self.controller.server.state.take_request(item.data(Qt.UserRole))

    # -- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        server = self.controller.server
        on = server is not None
        self.start_button.setText(tr("Stop") if on else tr("Start"))
        self.interfaces.setEnabled(not on)
        self.port.setEnabled(not on)
        for w in (self.release_button, self.approve_button, self.refuse_button,
                  *self.step_boxes.values()):
            w.setEnabled(on)
        if not on:
            self.status.setText(tr("The room link is off: nothing listens on the network."))
            self.qr.clear()
            self.qr.setText(tr("QR code appears here"))
            self.code.setText("")
            self.url.setText("")
            self.joined.clear()
            self.requests.clear()
            for label in self.counts.values():
                label.setText(tr("{n} answered").format(n=0))
            return
        from ..roomlink.qr import qr_png
        state = server.state
        index = self.interfaces.findData(server.host)
        if index < 0:
            self.interfaces.addItem(server.host, server.host)
            index = self.interfaces.count() - 1
        self.interfaces.setCurrentIndex(index)
        if self.port.minimum() <= server.port <= self.port.maximum():
            self.port.setValue(server.port)
        self.status.setText(tr("The room link is ON at {url} — phones on this network can "
                               "join. Answers stay hidden until you reveal them.").format(
                                   url=server.base_url))
        if self.qr.property("url") != server.join_url:
            pix = QPixmap()
            pix.loadFromData(qr_png(server.join_url, scale=8))
            self.qr.setPixmap(pix.scaled(300, 300, Qt.KeepAspectRatio, Qt.FastTransformation))
            self.qr.setProperty("url", server.join_url)
        self.code.setText(spaced_code(state.join_code))
        self.url.setText(server.base_url)
        counts = state.counts()
        for step in STEPS:
            self.counts[step].setText(tr("{n} answered").format(n=counts[step]))
            box = self.step_boxes[step]
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(state.steps[step]))
            box.blockSignals(False)
        doc = self.controller.document
        names = {p.id: p.name for p in doc.workshop.table(Participant).values()}
        keep = self.joined.currentItem().data(Qt.UserRole) if self.joined.currentItem() else None
        self.joined.clear()
        for pid in sorted(state.taken(), key=lambda p: names.get(p, "").casefold()):
            done = [tr(STEP_LABELS[s]) for s in STEPS if pid in state.arrivals[s]]
            text = names.get(pid, "?") + (f"  ✓ {', '.join(done)}" if done else "")
            item = QListWidgetItem(text, self.joined)
            item.setData(Qt.UserRole, pid)
            if pid == keep:
                self.joined.setCurrentItem(item)
        self.requests.clear()
        for request in list(state.requests.values()):
            item = QListWidgetItem(request.name, self.requests)
            item.setData(Qt.UserRole, request.id)


def spaced_code(code: str) -> str:
    """A join code as people read it aloud: ``234 567``."""
    return f"{code[:3]} {code[3:]}"


def presenter_text(server) -> str:
    """The projector's indicator while the link is on: where to go and the code."""
    address = server.base_url.removeprefix("http://")
    return tr("● Room link on · {address} · code {code}").format(
        address=address, code=spaced_code(server.state.join_code))


class _Indicator(QLabel):
    """Status bar: whether the room link is on, its join code, how many phones joined."""

    def __init__(self, controller: RoomLinkController):
        super().__init__()
        self.controller = controller
        self.setObjectName("roomlink_indicator")
        self.setAccessibleName(tr("Room link status"))
        controller.started.connect(self.refresh)
        controller.stopped.connect(self.refresh)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        server = self.controller.server
        self.setVisible(server is not None)
        if server is not None:
            self.setText(tr("Room link ON · code {code} · {n} joined").format(
                code=spaced_code(server.state.join_code), n=len(server.state.taken())))
            self.setToolTip(tr("Phones can join at {url}").format(url=server.base_url))


def install(window) -> RoomLinkController:
    """Room ▸ Start Room Link…, page buttons, status-bar indicator (once per window)."""
    existing = window.findChild(RoomLinkController)
    if existing is not None:
        return existing
    controller = RoomLinkController(window)
    window.roomlink = controller
    dialog: list[RoomLinkDialog] = []

    def show_dialog() -> RoomLinkDialog:
        if not dialog:
            dialog.append(RoomLinkDialog(controller, window))
        dialog[0].show()
        dialog[0].raise_()
        dialog[0].activateWindow()
        return dialog[0]

    controller.show_dialog = show_dialog
    # the presenter's Room menu, by the reference it keeps: QAction.menu() may hand back
    # a menu that PySide6 6.10 then deletes (the minimum-versions run)
    menu = getattr(getattr(window, "room_menu", None), "menu", None)
    if menu is None:
        menu = window.menuBar().addMenu(tr("&Room"))
    menu.addSeparator()
    act = QAction(tr("Start Room &Link…"), window)
    act.triggered.connect(show_dialog)
    menu.addAction(act)
    controller.action = act

    def follow(doc) -> None:
        act.setEnabled(doc is not None)

    def page_added(index: int) -> None:
        """A page was built (pages are built when first needed): give the
        Participants and Last customer pages their button."""
        page = window.stack.widget(index)
        if (getattr(page, "title", None) in ("Participants", "Last customer")
                and page.layout() is not None
                and page.findChild(QPushButton, "roomlinkButton") is None):
            button = QPushButton(tr("Room link: answer from phones…"))
            button.setObjectName("roomlinkButton")
            button.clicked.connect(show_dialog)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            # at the foot of the page: built last, it is also last in the Tab order
            page.layout().addLayout(row)

    window.document_changed.connect(follow)
    window.stack.widgetAdded.connect(page_added)
    for index in range(window.stack.count()):
        page_added(index)
    follow(window.document)
    window.statusBar().addPermanentWidget(_Indicator(controller))

    room_menu = getattr(window, "room_menu", None)

    def show_on_presenter(*_) -> None:
        presenter = getattr(room_menu, "presenter", None)
        if presenter is not None:
            presenter.set_link(presenter_text(controller.server) if controller.server else "")

    controller.started.connect(show_on_presenter)
    controller.stopped.connect(show_on_presenter)
    if room_menu is not None:
        room_menu.presenter_opened.connect(show_on_presenter)
    return controller


__all__ = ["RoomLinkController", "RoomLinkDialog", "install"]
