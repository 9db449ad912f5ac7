"""A 12-person workshop run through the real window on a 1366×768 laptop: every story,
placement and action entered the way a facilitator would, then the file reopened and
compared with what was typed — nothing lost, nothing filed under the wrong item."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cxworkshop.io.json_io import loads
from cxworkshop.store import SessionStore, write_session_file

from .test_walkthrough import go, type_and_enter

SAMPLE = Path(__file__).resolve().parent.parent / "sample_sessions" / "home-services.json"
RECENCY_KEYS = [Qt.Key_1, Qt.Key_2, Qt.Key_3, Qt.Key_4, Qt.Key_5, Qt.Key_6, Qt.Key_7]
RECENCY = ["today", "this_week", "this_month", "this_quarter", "this_year", "over_a_year",
           "cant_remember"]
OUTCOME_KEYS = {"resolved": Qt.Key_R, "partly": Qt.Key_P, "unresolved": Qt.Key_U,
                "unknown": Qt.Key_K}
CONTACT_KEYS = {"direct": Qt.Key_D, "indirect": Qt.Key_I}


def a_room_without_answers(tmp_path) -> Path:
    """The home-services map and its 12 participants, before anyone has said anything."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for key in ("stories", "placements", "actions", "changes", "recognitions"):
        data[key] = []
    path = tmp_path / "room.cxw"
    write_session_file(path, loads(json.dumps(data).encode("utf-8")))
    return path


def test_twelve_people_at_1366x768_everything_stored_as_entered(main_window, qtbot, tmp_path):
    win = main_window
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    path = a_room_without_answers(tmp_path)
    assert win.open_file(path)
    doc = win.document
    people = doc.all("participants")
    processes = doc.all("processes")
    assert len(people) == 12 and len(processes) >= 12
    expected_stories, expected_places, expected_actions = {}, {}, []

    # -- Last customer: keys on the list, text typed with Enter --------------------------------
    stories = go(win, "Last customer")
    outcomes = list(OUTCOME_KEYS)
    for i, person in enumerate(people):
        stories.people.setCurrentRow(i)
        stories.people.setFocus()
        recency = RECENCY[i % 7]
        outcome = outcomes[i % 4]
        qtbot.keyClick(stories.people, RECENCY_KEYS[i % 7])
        qtbot.keyClick(stories.people, OUTCOME_KEYS[outcome])
        contact = "unknown"
        if i % 3 == 0:
            contact = "direct"
        elif i % 3 == 1:
            contact = "indirect"
        if contact != "unknown":
            qtbot.keyClick(stories.people, CONTACT_KEYS[contact])
        customer = "" if recency == "cant_remember" else f"Customer {i} Ødegård"
        if customer:
            type_and_enter(qtbot, stories.edits["customer"], customer)
        type_and_enter(qtbot, stories.edits["challenge"], f"Challenge number {i}")
        expected_stories[person.id] = (recency, outcome, contact, customer,
                                       f"Challenge number {i}")

    # -- Connect the dots: each person clicks their box; two in a row share one ---------------
    dots = go(win, "Connect the dots")
    qtbot.wait(50)
    for i, person in enumerate(people):
        process = processes[(i // 2) % len(processes)]    # pairs of people on one box
        row = next(r for r in range(dots.people.count())
                   if dots.people.item(r).data(Qt.UserRole) == person.id)
        dots.people.setCurrentRow(row)
        item = dots.scene.item_for_process[process.id]
        dots.view.ensureVisible(item)
        QApplication.processEvents()
        pos = dots.view.mapFromScene(item.sceneBoundingRect().center())
        qtbot.mouseClick(dots.view.viewport(), Qt.LeftButton, Qt.NoModifier, pos)
        qtbot.wait(5)
        statement = f"My work {i} reaches the customer"
        type_and_enter(qtbot, dots.statement, statement)
        expected_places[person.id] = (process.id, statement)

    # -- Actions: each with its own owner and process, or none --------------------------------
    actions = go(win, "Actions")
    for i in range(6):
        actions.text_edit.setFocus()
        actions.text_edit.setText(f"Action {i}")
        if i % 2 == 0:
            actions.owner_combo.setEditText(people[i].name)
            actions.process_combo.setCurrentIndex(
                actions.process_combo.findData(processes[i].id))
            expected_actions.append((f"Action {i}", people[i].name, processes[i].id))
        else:
            expected_actions.append((f"Action {i}", "", None))
        qtbot.keyClick(actions.text_edit, Qt.Key_Return)

    # -- close, reopen, compare with what was typed ---------------------------------------------
    win.set_document(None)
    stored = SessionStore.read(path)
    got_stories = {s.participant: (s.recency, s.outcome, s.contact, s.customer, s.challenge)
                   for s in stored.stories}
    assert got_stories == expected_stories
    got_places = {p.participant: (p.process, p.statement) for p in stored.placements}
    assert got_places == expected_places
    assert sorted((a.text, a.owner, a.process) for a in stored.actions) == sorted(expected_actions)
