"""SessionDocument + ChangeCommand: the single mutation path, its signals and undo."""
from __future__ import annotations

from cxworkshop.commands import ChangeCommand
from cxworkshop.model import SESSION, Link, Note, Process, Update
from cxworkshop.store import SessionStore


def record(doc) -> list:
    events = []
    doc.entity_added.connect(lambda k, i: events.append(("added", k, i)))
    doc.entity_removed.connect(lambda k, i: events.append(("removed", k, i)))
    doc.entity_changed.connect(lambda k, i, f: events.append(("changed", k, i, f)))
    doc.info_changed.connect(lambda f: events.append(("info", f)))
    return events


def test_add_undo_redo_emits_and_persists(document, session_path):
    events = record(document)
    assert document.add(Process("p9", "Send survey", "d1", 4))
    assert events == [("added", "processes", "p9")]
    document.undo_stack.undo()
    assert document.get("processes", "p9") is None
    document.undo_stack.redo()
    assert events[1:] == [("removed", "processes", "p9"), ("added", "processes", "p9")]
    assert document.undo_stack.undoText() == "Add process"
    document.close()
    assert SessionStore.read(session_path).get("processes", "p9").name == "Send survey"


def test_delete_process_is_one_step_with_its_links_and_notes(document, session_path):
    document.add(Note("n1", "p2", "pain", "slow quotes"))
    events = record(document)
    document.remove([("processes", "p2")])
    assert document.get("links", "l1") is None and document.get("links", "l2") is None
    assert document.get("notes", "n1") is None
    removed = {e[1:] for e in events if e[0] == "removed"}
    assert removed == {("processes", "p2"), ("links", "l1"), ("links", "l2"), ("notes", "n1")}
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.get("links", "l1").upstream == "p1"
    assert document.get("notes", "n1").text == "slow quotes"
    document.close()
    w = SessionStore.read(session_path)
    assert w.get("processes", "p2") and w.get("links", "l2") and w.get("notes", "n1")


def test_compound_command_is_one_undo_step(document):
    ops = [Update("processes", "p1", {"x": 50.0, "y": 60.0}),
           Update("processes", "p2", {"x": 70.0, "y": 80.0, "stage": 2})]
    document.push(ChangeCommand(document, "Move 2 processes", ops))
    assert document.get("processes", "p2").stage == 2
    document.undo_stack.undo()
    assert document.get("processes", "p1").x == 0.0
    assert document.get("processes", "p2").stage == 1


def test_typing_merges_into_one_step(document):
    for text in ("Q", "Qu", "Quote"):
        document.update("processes", "p2", merge=True, name=text)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.get("processes", "p2").name == "Quote"  # the original name
    document.undo_stack.redo()
    assert document.get("processes", "p2").name == "Quote"
    document.update("processes", "p2", merge=True, name="Quote now")
    document.undo_stack.undo()
    assert document.get("processes", "p2").name == "Quote"


def test_session_update_signals_fields(document):
    events = record(document)
    document.update(SESSION, None, title="T", location="L")
    assert events == [("info", ("title", "location"))]
    assert document.undo_stack.undoText() == "Edit title, location"


def test_failed_commit_leaves_model_and_stack_unchanged(document):
    failures = []
    document.commit_failed.connect(failures.append)
    document.store.conn.execute("PRAGMA query_only = ON")
    events = record(document)
    assert not document.add(Link("l9", "p4", "p1"))
    assert failures and "Could not save the change" in failures[0]
    assert document.get("links", "l9") is None
    assert document.undo_stack.count() == 0
    assert events == []


def test_failed_undo_is_reported_and_model_stays_consistent(document):
    document.update("processes", "p1", name="Greet")
    failures = []
    document.commit_failed.connect(failures.append)
    document.store.conn.execute("PRAGMA query_only = ON")
    document.undo_stack.undo()
    assert failures
    assert document.get("processes", "p1").name == "Greet"  # as on disk
    document.store.conn.execute("PRAGMA query_only = OFF")
    assert SessionStore.read(document.path).get("processes", "p1").name == "Greet"


def test_update_fields_named_like_keywords(document):
    document.add(Note("n1", None, "idea", "first"))
    assert document.update("notes", "n1", {"text": "second"}, text="Edit note")
    assert document.get("notes", "n1").text == "second"
    assert document.undo_stack.undoText() == "Edit note"


def test_undo_of_a_delete_puts_rows_back_in_their_place(document, session_path):
    from cxworkshop.model import Department
    document.add(Department("d3", "Dispatch"), Department("d4", "IT"))
    order = [d.id for d in document.all("departments")]
    assert order == ["d1", "d2", "d3", "d4"]
    document.remove([("departments", "d2"), ("departments", "d3")])
    assert [d.id for d in document.all("departments")] == ["d1", "d4"]
    document.undo_stack.undo()
    assert [d.id for d in document.all("departments")] == order
    document.remove([("departments", "d1")])
    document.undo_stack.undo()
    assert [d.id for d in document.all("departments")] == order
    document.close()
    assert [d.id for d in SessionStore.read(session_path).departments] == order


def test_move_reorders_undoably_and_persists(document, session_path):
    from cxworkshop.model import Department, Move
    document.add(Department("d3", "Dispatch"))
    events = record(document)
    document.push(ChangeCommand(document, "Move lane", [Move("departments", "d3", "d1")]))
    assert [d.id for d in document.all("departments")] == ["d3", "d1", "d2"]
    assert events == [("changed", "departments", "d3", ("position",))]
    document.undo_stack.undo()
    assert [d.id for d in document.all("departments")] == ["d1", "d2", "d3"]
    document.undo_stack.redo()
    document.push(ChangeCommand(document, "Move lane", [Move("departments", "d1", None)]))
    assert [d.id for d in document.all("departments")] == ["d3", "d2", "d1"]
    document.close()
    assert [d.id for d in SessionStore.read(session_path).departments] == ["d3", "d2", "d1"]
