"""Room state is stored: the step, timer, reveals, view and blank survive a reopen and a kill -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cxworkshop.document import SessionDocument
from cxworkshop.io.json_io import ImportProblems, dumps, loads
from cxworkshop.model import AgendaItem, Story
from cxworkshop.model.room import ANSWERS, MAX_RESUME_GAP, RoomState, resume_elapsed, view_for_step
from cxworkshop.store import SessionStore
from cxworkshop.ui.presenter.controller import RoomController


class Clock:
    def __init__(self, t: float = 100.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_room_rules_are_pure_python():
    state = RoomState(running=True, elapsed=30.0, since=1000.0)
    assert resume_elapsed(state, 1045.0) == (75.0, True)             # a crash: time ran on
    assert resume_elapsed(state, 1000.0 + MAX_RESUME_GAP + 1) == (30.0, False)  # next day
    assert resume_elapsed(state, 900.0) == (30.0, False)              # clock went back
    assert view_for_step("Connect the dots") == "connect"
    assert view_for_step("5 Hows of a change") == "hows"
    assert RoomState.from_dict(state.to_dict()) == state
    with pytest.raises(ValueError, match="view"):
        RoomState.from_dict({"view": "slideshow"})
    with pytest.raises(ValueError, match="colour: unknown key"):
        RoomState.from_dict({"colour": 1})
    import cxworkshop.model.room as room_module
    assert "PySide6" not in Path(room_module.__file__).read_text()


def _open(path, clock, wall):
    doc = SessionDocument.open(path)
    return doc, RoomController(doc, clock, wall)


def test_reopen_resumes_step_timer_reveal_view_and_blank(qapp, session_path):
    clock, wall = Clock(), Clock(50_000.0)
    doc, room = _open(session_path, clock, wall)
    doc.add(*[AgendaItem(f"g{i}", f"Step {i}", 10) for i in range(4)],
            Story("s1", "u1", customer="Mrs Bell"), Story("s2", "u2", customer="Mr Pike"))
    room.go_to(2)
    room.start()
    clock.t += 40
    wall.t += 40
    room.show(ANSWERS)
    room.reveal_next()
    room.set_blank(True)
    writes_before = doc.undo_stack.count()
    doc.close()
    assert writes_before == 1  # the room is not on the undo stack (only the one add)

    stored = SessionStore.read(session_path).info.room
    assert stored.step == "g2" and stored.running and stored.revealed == ("u1",)
    assert stored.view == ANSWERS and stored.blank and stored.elapsed == pytest.approx(40)

    wall.t += 20  # the app was closed for 20 s while the timer ran
    doc, room = _open(session_path, Clock(7.0), wall)
    assert room.step_index == 2 and room.current_step().title == "Step 2"
    assert room.timer.running and room.elapsed() == pytest.approx(60)
    assert room.revealed == ["u1"] and room.view == ANSWERS and room.blank
    room.pause()
    room.set_blank(False)
    doc.close()
    doc, room = _open(session_path, Clock(), wall)
    assert not room.timer.running and room.elapsed() == pytest.approx(60)
    assert not room.blank and room.countdown()[0] == "9:00"
    doc.close()


def test_every_room_change_is_one_durable_write(qapp, session_path):
    clock, wall = Clock(), Clock(1000.0)
    doc, room = _open(session_path, clock, wall)
    doc.add(*[AgendaItem(f"g{i}", f"Step {i}", 10) for i in range(3)])
    writes = []
    doc.info_changed.connect(lambda fields: writes.append(fields))
    room.next_step()
    room.start()
    room.toggle_blank()
    room.show(ANSWERS)
    assert writes == [("room",)] * 4
    room.show(ANSWERS)  # no change: no write
    assert len(writes) == 4
    doc.close()


def test_json_carries_the_room_and_checks_it(qapp, session_path):
    doc, room = _open(session_path, Clock(), Clock())
    doc.add(AgendaItem("g1", "Welcome", 5), Story("s1", "u1", customer="Mrs Bell"))
    room.reveal_next()
    text = dumps(doc.workshop)
    doc.close()
    data = json.loads(text)
    assert data["room"]["revealed"] == ["u1"] and list(data)[-1] == "room"
    assert dumps(loads(text)) == text
    data["room"]["revealed"] = ["u99"]
    data["room"]["step"] = "nope"
    with pytest.raises(ImportProblems) as e:
        loads(json.dumps(data))
    assert 'room.revealed[0]: no participant "u99"' in e.value.problems
    assert 'room.step: no agenda step "nope"' in e.value.problems
    data["room"] = {"view": 3}
    with pytest.raises(ImportProblems) as e:
        loads(json.dumps(data))
    assert any(p.startswith("room.view: must be one of") for p in e.value.problems)


CHILD = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from cxworkshop.document import SessionDocument
    from cxworkshop.model import AgendaItem, Story
    from cxworkshop.ui.presenter.controller import room_for
    doc = SessionDocument.open(sys.argv[1])
    doc.add(*[AgendaItem(f"g{i}", f"Step {i}", 10) for i in range(5)],
            Story("s1", "u1", customer="Mrs Bell"))
    room = room_for(doc)
    room.go_to(3)
    room.start()
    room.show("answers")
    room.reveal_next()
    print("ready", flush=True)
    time.sleep(60)
""")


def test_kill_9_mid_workshop_reopens_on_the_same_step(qapp, session_path, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(script), str(session_path)],
                             stdout=subprocess.PIPE, text=True, env=env,
                             cwd=Path(__file__).resolve().parent.parent)
    try:
        assert child.stdout.readline().strip() == "ready"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    doc = SessionDocument.open(session_path)
    room = RoomController(doc)
    assert room.step_index == 3 and room.current_step().title == "Step 3"
    assert room.timer.running  # it was running when the app died: it still counts
    assert room.revealed == ["u1"] and room.view == ANSWERS
    doc.close()
