"""Agenda: default steps and prompts from resources/, the countdown, the Agenda page."""
from __future__ import annotations

import json

import pytest

from cxworkshop.model import AgendaItem
from cxworkshop.model import agenda as agenda_mod
from cxworkshop.model.agenda import (
    OK,
    OVER,
    WARNING,
    StepTimer,
    countdown_state,
    default_agenda,
    default_prompts,
    remaining_text,
)
from cxworkshop.store import SessionStore, new_session_file


class FakeClock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def test_default_prompts_and_agenda_come_from_resources(tmp_path, monkeypatch):
    assert default_prompts()[0] == "Who was the last customer you interacted with directly?"
    steps = default_agenda()
    assert steps[1].title == "Last customer you served" and steps[1].planned_minutes == 25
    assert len({s.id for s in steps}) == len(steps)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "default_prompts.json").write_text(
        json.dumps({"prompts": ["Q1?", "Q2?", "Q3?", "Q4?"]}), encoding="utf-8")
    (tmp_path / "prompts" / "default_agenda.json").write_text(json.dumps(
        {"agenda": [{"title": "Hello", "planned_minutes": 5}, {"title": 3}]}), encoding="utf-8")
    monkeypatch.setattr(agenda_mod, "resource_path", lambda *p: tmp_path.joinpath(*p))
    assert default_prompts() == ("Q1?", "Q2?", "Q3?", "Q4?")
    assert [(s.title, s.planned_minutes) for s in default_agenda()] == [("Hello", 5)]
    new_session_file(tmp_path / "new.cxw", "New")
    assert SessionStore.read(tmp_path / "new.cxw").info.prompts == ("Q1?", "Q2?", "Q3?", "Q4?")


def test_broken_resource_files_fall_back(tmp_path, monkeypatch):
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "default_prompts.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(agenda_mod, "resource_path", lambda *p: tmp_path.joinpath(*p))
    assert default_prompts() == agenda_mod.DEFAULT_PROMPTS
    assert default_agenda()[0].title == "Welcome and purpose"


def test_step_timer_with_fake_clock():
    clock = FakeClock()
    t = StepTimer(clock)
    t.start()
    clock.advance(30)
    assert t.elapsed() == 30 and t.running
    assert t.pause() == 30
    clock.advance(100)
    assert t.elapsed() == 30 and not t.running
    t.start()
    clock.advance(5)
    assert t.elapsed() == 35
    t.reset(10)
    assert t.elapsed() == 10 and not t.running


@pytest.mark.parametrize("elapsed, state, text", [
    (0, OK, "5:00"), (239, OK, "1:01"), (240, WARNING, "1:00"), (299.5, WARNING, "0:01"),
    (300, OVER, "+0:00"), (365, OVER, "+1:05")])
def test_countdown_warning_in_last_minute_and_at_zero(elapsed, state, text):
    assert countdown_state(elapsed, 5) == state
    assert remaining_text(elapsed, 5) == text


def test_untimed_step_counts_up():
    assert countdown_state(5000, 0) == OK
    assert remaining_text(75, 0) == "1:15"


# -- the Agenda page ---------------------------------------------------------------

def agenda_page(qtbot, document, clock):
    from cxworkshop.ui.pages.agenda import AgendaPage
    from cxworkshop.ui.presenter import RoomController
    RoomController(document, clock)
    page = AgendaPage(document)
    qtbot.addWidget(page)
    page.show()
    return page


def test_use_default_agenda_is_one_undo_step(qtbot, document, session_path):
    page = agenda_page(qtbot, document, FakeClock())
    assert page.default_button.isVisibleTo(page)
    assert page.use_default()
    assert page.table.rowCount() == 8 and not page.default_button.isVisibleTo(page)
    assert document.undo_stack.count() == 1
    assert len(SessionStore.read(session_path).agenda) == 8
    document.undo_stack.undo()
    assert page.table.rowCount() == 0


def test_agenda_page_countdown_warning_and_keys(qtbot, document, session_path):
    from PySide6.QtCore import Qt
    clock = FakeClock()
    document.add(AgendaItem("a", "Warm-up", 2), AgendaItem("b", "Stories", 20))
    page = agenda_page(qtbot, document, clock)
    assert page.countdown.text() == "2:00" and page.start_button.text() == "Start (Ctrl+T)"
    qtbot.keyClick(page, Qt.Key_Space)  # no typed key acts on the room
    assert page.start_button.text() == "Start (Ctrl+T)" and not page.room.timer.running
    page.start_button.click()
    assert page.start_button.text() == "Pause (Ctrl+T)"
    clock.advance(70)
    page.room.tick.emit()
    assert page.countdown.text() == "0:50" and page.countdown.property("state") == WARNING
    assert page.state_label.text() == "Last minute"
    clock.advance(60)
    page.room.tick.emit()
    assert page.countdown.text() == "+0:10" and page.state_label.text() == "Time is up"
    qtbot.keyClick(page, Qt.Key_PageDown)
    assert page.step_label.text() == "Step 2 of 2: Stories"
    assert page.table.item(0, 2).text() == "2:10"
    assert SessionStore.read(session_path).get("agenda", "a").actual_seconds == 130


def test_agenda_edit_move_and_bad_minutes(qtbot, document, session_path):
    document.add(AgendaItem("a", "One", 5), AgendaItem("b", "Two", 5))
    page = agenda_page(qtbot, document, FakeClock())
    page.table.item(0, 1).setText("15")
    assert document.get("agenda", "a").planned_minutes == 15
    page.table.item(0, 1).setText("lots")
    assert document.get("agenda", "a").planned_minutes == 15
    assert page.table.item(0, 1).text() == "15"
    page.table.selectRow(1)
    page.move_selected(-1)
    assert [s.title for s in document.all("agenda")] == ["Two", "One"]
    assert page.room.current_step().title == "One"  # the current step stays current
    assert [s.title for s in SessionStore.read(session_path).agenda] == ["Two", "One"]
    document.undo_stack.undo()
    assert [s.title for s in document.all("agenda")] == ["One", "Two"]
    assert [s.title for s in SessionStore.read(session_path).agenda] == ["One", "Two"]
