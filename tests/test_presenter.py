"""Presenter window: follows the facilitator's step, timer and warnings, large type."""
from __future__ import annotations

from PySide6.QtCore import Qt

from cxworkshop.model import AgendaItem, Story
from cxworkshop.ui.pages.agenda import AgendaPage
from cxworkshop.ui.presenter import (
    AGENDA,
    ANSWERS,
    CONNECT,
    MAP,
    PROMPT,
    STATS,
    RoomController,
    page_for_step,
)
from cxworkshop.ui.presenter.window import PresenterWindow


class FakeClock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def setup(qtbot, document, minutes=(2, 5)):
    clock = FakeClock()
    room = RoomController(document, clock)
    document.add(*[AgendaItem(f"g{i}", f"Step {i}", m) for i, m in enumerate(minutes)])
    win = PresenterWindow(room)
    qtbot.addWidget(win)
    win.show()
    return room, win, clock


def test_presenter_follows_step_and_view(qtbot, document):
    room, win, clock = setup(qtbot, document)
    assert win.step_text == "Step 1 of 2 · Step 0"
    assert win.stack.currentWidget() is win.agenda_body
    assert win.agenda_body.next.text() == "Next: Step 1"
    room.next_step()
    assert win.step_text == "Step 2 of 2 · Step 1"
    room.show(PROMPT, 1)
    assert win.stack.currentWidget() is win.prompt_body
    labels = win.prompt_body.labels
    assert "What was their name?" in labels[1].text()
    assert labels[1].font().bold() and not labels[0].font().bold()
    room.show(STATS)
    assert win.stack.currentWidget() is win.stats_body
    room.show(CONNECT)
    assert win.stack.currentWidget() is win.map_body
    room.set_focus({"p1"}, "Ana's work")  # not picked by the facilitator: nothing lit
    assert not win.map_body.caption.isVisibleTo(win) and room.focus == set()
    room.set_focus({"p1"}, "Ana's work", person="u1")
    assert win.map_body.caption.text() == "Ana's work"
    assert win.map_body.caption.isVisibleTo(win)


def test_presenter_shows_only_revealed_answers(qtbot, document):
    room, win, clock = setup(qtbot, document)
    document.add(Story("s1", "u1", customer="Mrs Bell", recency="today", outcome="resolved"),
                 Story("s2", "u2", customer="Mr Secret", recency="this_year"))
    room.show(ANSWERS)
    assert [c.hidden for c in win.wall.cards] == ["1", "2"]
    assert win.title_label.text() == "0 of 2 answers revealed"
    room.reveal_next()
    assert ("Mrs Bell", "plain") in win.wall.cards[0].lines and win.wall.cards[1].hidden
    assert win.title_label.text() == "1 of 2 answers revealed"
    assert "Mr Secret" not in str(win.wall.cards)
    room.reveal_all()
    assert ("Mr Secret", "plain") in win.wall.cards[1].lines
    win.grab()  # paints the wall
    qtbot.keyClick(win, Qt.Key_Return)  # one story full screen
    assert room.story == "u2" and len(win.wall.cards) == 1
    qtbot.keyClick(win, Qt.Key_PageDown)  # back to the wall
    assert room.story is None and len(win.wall.cards) == 2


def test_timer_warning_in_last_minute_and_at_zero_with_fake_clock(qtbot, document):
    room, win, clock = setup(qtbot, document, minutes=(2,))
    room.start()
    h = win.header
    assert h.clock == "2:00" and h.state == "ok"
    clock.t += 59
    room.tick.emit()
    assert h.clock == "1:01" and h.state == "ok"
    clock.t += 1
    room.tick.emit()
    assert h.clock == "1:00" and h.state == "warning"
    assert "last minute" in h.words
    clock.t += 60
    room.tick.emit()
    assert h.clock == "+0:00" and h.state == "over"
    clock.t += 75
    room.pause()
    assert h.clock == "+1:15" and "paused" in h.words
    assert document.get("agenda", "g0").actual_seconds == 195


def test_time_recorded_per_step_and_resumed(qtbot, document):
    room, win, clock = setup(qtbot, document)
    room.start()
    clock.t += 30
    room.next_step()  # records step 0, keeps running on step 1
    assert document.get("agenda", "g0").actual_seconds == 30
    assert room.timer.running
    clock.t += 10
    room.previous_step()
    assert document.get("agenda", "g1").actual_seconds == 10
    clock.t += 5
    room.pause()
    assert document.get("agenda", "g0").actual_seconds == 35  # continued from 30
    room.reset_timer()
    assert document.get("agenda", "g0").actual_seconds is None


def test_presenter_keys_and_font_sizes(qtbot, document):
    room, win, clock = setup(qtbot, document)
    qtbot.keyClick(win, Qt.Key_PageDown)
    assert room.step_index == 1
    qtbot.keyClick(win, Qt.Key_PageUp)
    assert room.step_index == 0
    qtbot.keyClick(win, Qt.Key_B)  # the clicker's blank key
    assert room.blank and win.stack.currentWidget() is win.blank_body
    qtbot.keyClick(win, Qt.Key_Period)
    assert not room.blank and not room.timer.running
    qtbot.keyClick(win, Qt.Key_N)  # letters do nothing
    assert room.revealed == [] and room.step_index == 0
    assert "background: #000000" in win.styleSheet()


def test_main_window_room_menu_follows_pages_and_steps(main_window, session_path, qtbot):
    main_window.open_file(session_path)
    menu = main_window.room_menu
    presenter = menu.show_presenter()
    qtbot.addWidget(presenter)
    room = presenter.room
    assert room.document is main_window.document
    assert menu.act_presenter in main_window.view_menu.actions()
    main_window.show_page("Last customer")
    assert room.view == PROMPT and presenter.stack.currentWidget() is presenter.prompt_body
    main_window.show_page("Connect the dots")
    assert room.view == CONNECT
    main_window.show_page("Map")
    assert room.view == MAP
    agenda = main_window.show_page("Agenda")
    assert isinstance(agenda, AgendaPage) and room.view == AGENDA
    assert agenda.use_default()
    menu.act_next.trigger()  # PageDown: step 2 "Last customer you served" opens its page
    assert room.step_index == 1
    assert main_window.stack.currentWidget().title == "Last customer"
    assert presenter.step_text.startswith("Step 2 of 8")
    menu.act_follow.trigger()  # unchecks "Room Follows Me"
    assert not menu.act_follow.isChecked()
    main_window.show_page("Overview")
    assert room.view == PROMPT  # the projector no longer follows
    # another file: the presenter follows the new document
    main_window.close_document()
    assert presenter.room is None and presenter.step_text == "No workshop open"


def test_page_for_step():
    titles = ["Overview", "Participants", "Last customer", "Map", "Connect the dots", "Agenda"]
    assert page_for_step("Last customer you served", titles) == "Last customer"
    assert page_for_step("The customer journey", titles) == "Map"
    assert page_for_step("Coffee break", titles) is None


def test_long_quotes_wrap_and_end_in_an_ellipsis(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    from cxworkshop.ui.presenter import wrap_lines
    metrics = QFontMetricsF(QFont("DejaVu Sans", 24))
    width = metrics.horizontalAdvance("You were the only ones")
    quote = "You were the only ones who picked up the phone on a Sunday night"
    lines = wrap_lines(quote, metrics, width, 2)
    assert len(lines) == 2
    assert lines[0] == "You were the only ones"
    assert lines[1].endswith("…") and lines[1].startswith("who")
    assert all(metrics.horizontalAdvance(t) <= width for t in lines)
    assert wrap_lines("Short", metrics, width, 2) == ["Short"]
    assert " ".join(wrap_lines(quote, metrics, width, 10)) == quote
