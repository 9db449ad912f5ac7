"""The room link in the app: answers reach the open document on the GUI thread,
undoably and hidden until revealed; the facilitator's dialog; closing stops it."""
from __future__ import annotations

import socket
import threading
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from cxworkshop.document import SessionDocument
from cxworkshop.store import SessionStore

from .roomlink_client import Phone


@pytest.fixture
def app_room(main_window, session_path, qtbot):
    main_window.set_document(SessionDocument.open(session_path))
    controller = main_window.roomlink
    server = controller.start("127.0.0.1", 0)
    yield main_window, controller, server
    controller.stop()


def in_background(fn):
    """Run a phone's request off the GUI thread (it waits for the GUI to commit)."""
    out: list = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    return t, out


def test_a_phone_answer_goes_through_the_document_hidden_and_undoable(app_room, qtbot):
    from cxworkshop.ui.presenter import room_for
    window, controller, server = app_room
    doc = window.document
    added = []
    doc.entity_added.connect(lambda kind, id: added.append(kind))
    ana = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: (ana.join("u1"), ana.story(customer="Mrs <b>Lee</b>",
                                                               challenge="late")))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    assert out[0][1][0] == 200
    assert added == ["stories"]
    story, = doc.all("stories")
    assert story.customer == "Mrs <b>Lee</b>"
    room = room_for(doc)
    assert room.hidden() == ["u1"] and not room.is_revealed("u1")  # like a typed answer
    assert doc.undo_stack.undoText() == "Answer of Ana (room link)"
    doc.undo_stack.undo()
    assert doc.all("stories") == []
    assert SessionStore.read(doc.path).stories == []


def test_votes_from_phones_show_on_the_map_document(app_room, qtbot):
    window, controller, server = app_room
    ana = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: (ana.join("u1"), ana.vote("p2"), ana.vote("p2")))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    assert window.document.get("processes", "p2").votes == 2


def test_dialog_shows_code_arrivals_and_lets_a_new_name_in(app_room, qtbot):
    window, controller, server = app_room
    dialog = controller.show_dialog()
    qtbot.addWidget(dialog)
    assert dialog.code.text().replace(" ", "") == server.state.join_code
    assert dialog.qr.pixmap() is not None and not dialog.qr.pixmap().isNull()
    assert dialog.start_button.text() == "Stop"
    new = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: new.api("join", {"name": "Chris"}))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    qtbot.waitUntil(lambda: dialog.requests.count() == 1, timeout=3000)
    assert dialog.requests.item(0).text() == "Chris"
    dialog.requests.setCurrentRow(0)
    dialog.approve_button.click()
    assert [p.name for p in window.document.all("participants")] == ["Ana", "Bo", "Chris"]
    t, out = in_background(lambda: new.story(customer="Walk-in"))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    assert out[0][0] == 200
    qtbot.waitUntil(lambda: dialog.counts["story"].text() == "1 answered", timeout=3000)
    assert "Chris" in dialog.joined.item(0).text()
    dialog.step_boxes["story"].setCurrentIndex(dialog.step_boxes["story"].findData("locked"))
    assert server.state.steps["story"] == "locked"


def test_closing_the_session_stops_the_room_link(app_room, qtbot):
    window, controller, server = app_room
    port = server.port
    window.set_document(None)
    assert not controller.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_new_link_revokes_the_old_token(app_room, qtbot):
    window, controller, server = app_room
    old = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: old.join("u1"))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    new_server = controller.start("127.0.0.1", 0)
    stale = Phone(new_server.base_url, server.state.session_token)
    status, body = stale.api("state")
    assert status == 403
    assert new_server.state.session_token != server.state.session_token


def test_menu_entry_and_page_buttons(app_room):
    window, controller, server = app_room
    assert controller.action.text() == "Start Room &Link…"
    for title in ("Participants", "Last customer"):
        page = window.page(title)
        assert page.findChild(QPushButton, "roomlinkButton") is not None


def test_screenshot_of_the_dialog(app_room, qtbot, tmp_path):
    window, controller, server = app_room
    ana = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: (ana.join("u1"), ana.story(id=uuid.uuid4().hex,
                                                               customer="x")))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    dialog = controller.show_dialog()
    qtbot.addWidget(dialog)
    dialog.refresh()
    dialog.resize(760, 720)
    picture = dialog.grab()
    assert not picture.isNull()
    picture.save(str(tmp_path / "roomlink_dialog.png"))


def shown_as(text_of_widget: str) -> str:
    """What Qt shows for a label or tooltip text (rich text if it looks like HTML)."""
    from PySide6.QtGui import Qt as _Qt
    from PySide6.QtGui import QTextDocument
    doc = QTextDocument()
    if _Qt.mightBeRichText(text_of_widget):
        doc.setHtml(text_of_widget)
    else:
        doc.setPlainText(text_of_widget)
    return doc.toPlainText()


def test_text_from_phones_is_shown_as_typed_in_the_app(app_room, qtbot):
    window, controller, server = app_room
    name, note, deed = "<b>Eve</b>", "<i>slow</i> & <img src=x>", "<u>stayed</u> late"
    eve = Phone(server.base_url, server.state.session_token)
    t, out = in_background(lambda: eve.api("join", {"name": name}))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    request, = server.state.requests.values()
    server.app.approve(request.id)
    t, out = in_background(lambda: (
        eve.api("note", {"id": uuid.uuid4().hex, "process": "p1", "kind": "pain", "text": note}),
        eve.api("callout", {"id": uuid.uuid4().hex, "nominee": "Ana", "behaviour": deed}),
        eve.story(customer="x")))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    assert [r[0] for r in out[0]] == [200, 200, 200]
    stories = window.show_page("Last customer")
    stories.people.setCurrentRow(stories.people.count() - 1)
    assert stories.card_title.textFormat() == Qt.PlainText
    assert stories.card_title.text() == name
    champions = window.show_page("Champions")
    champions.refresh()
    tips = [champions.table.item(r, c).toolTip() for r in range(champions.table.rowCount())
            for c in range(champions.table.columnCount())]
    assert tips and all(shown_as(t) == deed for t in tips)
    map_page = window.show_page("Map")
    item = next(i for i in map_page.scene.items() if getattr(i, "nid", None))
    assert shown_as(item.toolTip()) == note


def test_the_presenter_and_the_status_bar_show_when_the_link_is_on(main_window, session_path,
                                                                   qtbot, tmp_path):
    """The projector shows a small line with the address and join code while phones
    can join (also on a presenter opened later), the facilitator's status bar the
    code and how many joined; both go away when the link stops or the room is blank."""
    main_window.set_document(SessionDocument.open(session_path))
    main_window.resize(1024, 768)
    controller = main_window.roomlink
    presenter = main_window.room_menu.show_presenter()
    qtbot.addWidget(presenter)
    presenter.resize(1024, 768)
    indicator = main_window.statusBar().findChild(QLabel, "roomlink_indicator")
    link = presenter.findChild(QLabel, "presenter_link")
    assert not link.isVisibleTo(presenter) and not indicator.isVisibleTo(main_window)

    server = controller.start("127.0.0.1", 0)
    code = server.state.join_code
    spaced = f"{code[:3]} {code[3:]}"
    assert link.isVisibleTo(presenter)
    assert link.text() == f"● Room link on · 127.0.0.1:{server.port} · code {spaced}"
    assert indicator.isVisibleTo(main_window)
    assert indicator.text() == f"Room link ON · code {spaced} · 0 joined"
    ana = Phone(server.base_url, server.state.session_token)
    t, _ = in_background(lambda: ana.join("u1"))
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10000)
    qtbot.waitUntil(lambda: indicator.text().endswith("· 1 joined"), timeout=3000)
    presenter.grab().save(str(tmp_path / "presenter_link_on.png"))
    # unobtrusive: one short line at the foot of the screen
    assert link.height() < presenter.height() * 0.06
    assert link.geometry().top() > presenter.height() * 0.85

    room = main_window.room_menu.room
    room.toggle_blank()  # B: the room screen goes black, the line too
    assert not link.isVisibleTo(presenter)
    room.toggle_blank()
    assert link.isVisibleTo(presenter)

    controller.stop()
    assert not link.isVisibleTo(presenter) and link.text() == ""
    assert not indicator.isVisibleTo(main_window)


def test_a_presenter_opened_while_the_link_is_on_shows_it(app_room, qtbot):
    window, controller, server = app_room
    presenter = window.room_menu.show_presenter()
    qtbot.addWidget(presenter)
    link = presenter.findChild(QLabel, "presenter_link")
    assert link.isVisibleTo(presenter) and server.state.join_code[:3] in link.text()
