"""model/rules.py and model/ops.py: one rule for every way in, named operations."""
from __future__ import annotations

import pytest

from cxworkshop.model import Update, Workshop, ops, rules
from cxworkshop.model.ops import Refused

from .conftest import small_workshop


@pytest.mark.parametrize("text, ok", [
    ("ana@example.org", True), ("a.b+c@sub.example.co.uk", True), ("jo@bücher.de", True),
    ("x@xn--80ak6aa92e.com", True), ("", True),
    ("ana", False), ("ana@", False), ("@example.org", False), ("ana@@example.org", False),
    ("ana@example", False), ("ana at example.org", False), (".ana@example.org", False),
    ("an..a@example.org", False), ("ana@example.c", False), ("ana@-x.org", False),
    ("ana@example.123", False),
])
def test_email_rule(text, ok):
    assert (rules.email_problem(text) is None) == ok


@pytest.mark.parametrize("word, value", [
    ("yes", True), (" YES ", True), ("Ja", True), ("✓", True), ("front line", True),
    ("no", False), ("Behind  the scenes", False), ("nein", False), ("-", False),
    ("maybe", None), ("", None),
])
def test_one_list_of_yes_and_no_words(word, value):
    assert rules.parse_flag(word) is value


def test_csv_and_paste_read_flags_alike():
    from cxworkshop.io.roster_csv import parse_flag as csv_flag
    from cxworkshop.ui.pages.participants import parse_flag as paste_flag
    for word in (*rules.YES_WORDS, *rules.NO_WORDS):
        assert csv_flag(word) == paste_flag(word) == rules.parse_flag(word)


def test_departments_match_by_name_whatever_the_case_and_spacing():
    w = small_workshop()
    assert rules.find_department(w, "  sALES ") == "d1"
    assert rules.find_department(w, "Bil  ling") is None
    new = rules.new_department(w, "  Field   service ")
    assert new.name == "Field service" and new.color not in {d.color for d in w.departments}


def test_the_model_refuses_a_blank_name_like_the_pages():
    w = small_workshop()
    with pytest.raises(ValueError, match="a process needs a name"):
        w.apply([Update("processes", "p1", {"name": "  "})])
    with pytest.raises(Refused, match="A process needs a name."):
        ops.rename(w, "processes", "p1", " ")
    with pytest.raises(Refused, match="not an email address"):
        ops.edit(w, "participants", "u1", email="ana(at)example.org")
    assert w.get("processes", "p1").name == "Take enquiry"


def test_an_old_row_without_a_name_can_still_be_moved():
    """Files written before the rule keep working: only changed fields are held to it."""
    w = small_workshop()
    w.add_all([w.get("processes", "p2").replace(id="p9", name="")])
    w.apply(ops.move_process(w, "p9", 40, 50))
    assert (w.get("processes", "p9").x, w.get("processes", "p9").y) == (40, 50)


def test_add_participant_creates_the_department_once():
    w = small_workshop()
    change = ops.add_participant(w, " Cy  Doe ", "field SERVICE", "Tech", True, "cy@x.org")
    w.apply(change)
    assert change.text == "Add participant Cy Doe"
    cy = w.participants[-1]
    assert (cy.name, w.get("departments", cy.department).name) == ("Cy Doe", "field SERVICE")
    w.apply(ops.add_participant(w, "Di", "Field service"))
    assert w.participants[-1].department == cy.department
    assert len(w.departments) == 3


def test_place_person_adds_then_moves_one_placement():
    w = small_workshop()
    w.apply(ops.place_person(w, "u1", "p1", " I answer the phone "))
    w.apply(ops.place_person(w, "u1", "p3"))
    [pl] = w.placements
    assert (pl.participant, pl.process, pl.statement) == ("u1", "p3", "I answer the phone")
    w.apply(ops.unplace_person(w, "u1"))
    assert w.placements == []


def test_submit_story_creates_then_changes_the_answer():
    w = small_workshop()
    w.apply(ops.submit_story(w, "u2", customer="Mrs Lee", outcome="resolved"))
    w.apply(ops.submit_story(w, "u2", recency="this_week"))
    [s] = w.stories
    assert (s.participant, s.customer, s.outcome, s.recency) == (
        "u2", "Mrs Lee", "resolved", "this_week")


def test_vote_within_the_budget_and_unvote():
    w = small_workshop()
    w.apply(ops.edit_session(w, vote_budget=1))  # 2 participants: 2 votes for the room
    w.apply(ops.vote(w, "p1"))
    w.apply(ops.vote(w, "p1"))
    with pytest.raises(Refused, match="No votes left"):
        ops.vote(w, "p2")
    w.apply(ops.unvote(w, "p1"))
    assert w.get("processes", "p1").votes == 1
    w.apply(ops.unvote(w, "p1"))
    with pytest.raises(Refused, match="no votes to take back"):
        ops.unvote(w, "p1")


def test_notes_callouts_actions_links():
    w = small_workshop()
    w.apply(ops.add_note(w, "Too slow", "pain", "p2"))
    w.apply(ops.call_out(w, " Bo ", "Called the customer back", "Ana", "2026-05-08"))
    w.apply(ops.add_action(w, " Fix the form ", " Ana  K ", "2026-06-01", "p2"))
    w.apply(ops.add_link(w, "p1", "p4"))
    assert (w.notes[0].process, w.notes[0].text) == ("p2", "Too slow")
    assert (w.recognitions[0].nominee, w.recognitions[0].nominator) == ("Bo", "Ana")
    assert (w.actions[0].text, w.actions[0].owner) == ("Fix the form", "Ana K")
    with pytest.raises(Refused, match="linked already"):
        ops.add_link(w, "p1", "p4")
    with pytest.raises(Refused, match="itself"):
        ops.add_link(w, "p1", "p1")
    with pytest.raises(Refused, match="needs the behaviour"):
        ops.call_out(w, "Bo", " ")


def test_set_department_by_id_name_or_nothing():
    w = small_workshop()
    w.apply(ops.set_department(w, "participants", "u1", "billing"))
    assert w.get("participants", "u1").department == "d2"
    w.apply(ops.set_department(w, "participants", "u1", "Legal"))
    assert w.get("departments", w.get("participants", "u1").department).name == "Legal"
    w.apply(ops.set_department(w, "participants", "u1", None))
    assert w.get("participants", "u1").department is None


def test_an_empty_change_is_nothing_to_do():
    w = small_workshop()
    assert ops.edit(w, "processes", "p1", name="Take enquiry") == []


def test_undo_of_an_op_change_through_the_document(document):
    change = ops.add_participant(document.workshop, "Cy", "Legal")
    assert document.do(change)
    assert [p.name for p in document.workshop.participants][-1] == "Cy"
    document.undo_stack.undo()
    assert [p.name for p in document.workshop.participants] == ["Ana", "Bo"]
    assert [d.name for d in document.workshop.departments] == ["Sales", "Billing"]


def test_an_empty_workshop_accepts_ops():
    w = Workshop()
    w.apply(ops.add_department(w, "Sales"))
    with pytest.raises(Refused, match="already"):
        ops.add_department(w, " sales")
