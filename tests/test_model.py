"""The pure model: entity validation, applying changes and their inverses, cascades."""
from __future__ import annotations

import subprocess
import sys

import pytest

from cxworkshop.model import (
    KINDS,
    SESSION,
    Action,
    Add,
    Change,
    Department,
    Link,
    Member,
    Note,
    Placement,
    Process,
    Recognition,
    Remove,
    SessionInfo,
    Story,
    Update,
)

from .conftest import small_workshop


@pytest.mark.parametrize("entity, field, message", [
    (Department("", "X"), "id", "must be a non-empty string"),
    (Process("p", "Box", stage="2"), "stage", "must be a whole number"),
    (Process("p", "Box", stage=-1), "stage", "must be at least 0"),
    (Process("p", "Box", votes=True), "votes", "must be a whole number"),
    (Process("p", "Box", moment_of_truth="yes"), "moment_of_truth", "must be true or false"),
    (Process("p", "Box", x=float("nan")), "x", "must be a finite number"),
    (Story("s", "u1", recency="last_tuesday"), "recency", "must be one of today"),
    (Story("s", "u1", when="2026-02-30"), "when", "must be a date YYYY-MM-DD"),
    (Story("s", "u1", outcome="fixed"), "outcome", "must be one of resolved"),
    (Story("s", "u1", contact="email"), "contact", "must be one of direct"),
    (Note("n", kind="todo"), "kind", "must be one of pain"),
    (Member("m", tenure_years=-2.0), "tenure_years", "must be at least 0"),
    (Change("h", risk="extreme"), "risk", "must be one of low"),
    (Recognition("r", date="08/05/2026"), "date", "must be a date"),
    (Action("a", status="closed"), "status", "must be one of open"),
    (Link("l", "", "p2"), "upstream", "must not be empty"),
    (Department("d", 5), "name", "must be a string"),
])
def test_entity_problems_name_field_and_reason(entity, field, message):
    problems = dict(entity.problems())
    assert field in problems
    assert message in problems[field]


def test_valid_entities_have_no_problems():
    w = small_workshop()
    assert [e for e in w if e.problems()] == []
    assert w.problems() == []


def test_session_info_checks_stages_and_budget():
    assert ("stages", "must be a list of 5 names") in SessionInfo(stages=("a", "b")).problems()
    assert any(n == "vote_budget" for n, _ in SessionInfo(vote_budget=-1).problems())
    assert any(n == "date" for n, _ in SessionInfo(date="tomorrow").problems())


def test_apply_returns_inverse_that_restores():
    w = small_workshop()
    before = {k: dict(t) for k, t in w.tables.items()}
    inverse = w.apply([Update("processes", "p2", {"name": "Quote fast", "stage": 2}),
                       Add(Note("n1", "p2", "idea", "Quote on the phone")),
                       Update(SESSION, None, {"title": "New title"})])
    assert w.get("processes", "p2").name == "Quote fast"
    assert w.info.title == "New title"
    w.apply(inverse)
    assert {k: dict(t) for k, t in w.tables.items()} == before
    assert w.info.title == SessionInfo().title


@pytest.mark.parametrize("op, message", [
    (Add(Link("lx", "p1", "p1")), "cannot link to itself"),
    (Add(Link("lx", "p1", "p2")), "linked already"),
    (Add(Link("lx", "p1", "p99")), "no processes 'p99'"),
    (Add(Process("p1", "again")), "exists already"),
    (Add(Process("p9", "Far", stage=5)), "out of range"),
    (Update("processes", "nope", {"name": "x"}), "no id"),
    (Remove("departments", "d1"), "still used by"),
])
def test_apply_refuses_bad_ops_and_changes_nothing(op, message):
    w = small_workshop()
    before = {k: dict(t) for k, t in w.tables.items()}
    with pytest.raises(ValueError, match=message):
        w.apply([Update("processes", "p3", {"name": "changed first"}), op])
    assert {k: dict(t) for k, t in w.tables.items()} == before


def test_removal_cascades_links_notes_placements_and_nulls_other_refs():
    w = small_workshop()
    w.apply([Add(Note("n1", "p2", "pain", "slow")), Add(Placement("c1", "u1", "p2", "mine")),
             Add(Change("h1", "Faster quotes", "p2")), Add(Action("a1", "Do it", process="p2"))])
    ops = w.removal_ops([("processes", "p2")])
    removed = {(op.kind, op.id) for op in ops if isinstance(op, Remove)}
    assert removed == {("processes", "p2"), ("links", "l1"), ("links", "l2"),
                       ("notes", "n1"), ("placements", "c1")}
    nulled = {(op.kind, op.id): op.fields for op in ops if isinstance(op, Update)}
    assert nulled == {("changes", "h1"): {"process": None}, ("actions", "a1"): {"process": None}}
    inverse = w.apply(ops)
    assert w.get("changes", "h1").process is None
    w.apply(inverse)
    assert w.get("links", "l1") is not None and w.get("changes", "h1").process == "p2"


def test_removing_a_department_unassigns_its_processes():
    w = small_workshop()
    w.apply(w.removal_ops([("departments", "d1")]))
    assert w.get("processes", "p1").department is None
    assert w.get("participants", "u1").department is None


def test_every_kind_is_in_the_design_order():
    assert list(KINDS) == ["departments", "participants", "stories", "processes", "links",
                           "notes", "placements", "members", "changes", "recognitions",
                           "actions", "agenda", "metrics", "metric_links", "nps",
                           "parking_lot", "ballots"]


def test_model_and_store_do_not_import_qt():
    code = ("import sys, cxworkshop.model, cxworkshop.model.graph, cxworkshop.store, "
            "cxworkshop.io.json_io, cxworkshop.cli; "
            "print([m for m in sys.modules if m.startswith('PySide6')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
