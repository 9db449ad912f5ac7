"""The named operations as the room link uses them: per-person vote budgets with
ballots, answers checked like text from outside, ids chosen by the caller."""
from __future__ import annotations

import pytest

from cxworkshop.model import ops
from cxworkshop.model.rules import Refused

from .conftest import small_workshop


def test_each_person_has_their_own_budget_and_ballots():
    w = small_workshop()
    for pid in ("p1", "p1", "p2"):
        w.apply(ops.vote(w, pid, participant="u1"))
    with pytest.raises(Refused) as e:
        ops.vote(w, "p3", participant="u1")
    assert e.value.code == "budget_spent" and e.value.field == "process"
    w.apply(ops.vote(w, "p3", participant="u2"))  # Bo still has his three
    assert [p.votes for p in w.processes] == [2, 1, 1, 0]
    assert ops.votes_left_for(w, "u1") == 0 and ops.votes_left_for(w, "u2") == 2
    change = ops.unvote(w, "p1", participant="u1")
    assert change.text == "Vote of Ana taken back from Take enquiry"
    w.apply(change)
    assert w.get("processes", "p1").votes == 1 and ops.votes_left_for(w, "u1") == 1
    with pytest.raises(Refused):
        ops.unvote(w, "p4", participant="u1")  # no dot of Ana's there


def test_a_ballot_id_is_counted_once():
    w = small_workshop()
    w.apply(ops.vote(w, "p2", participant="u1", ballot_id="b-1"))
    with pytest.raises(Refused) as e:
        ops.vote(w, "p2", participant="u1", ballot_id="b-1")
    assert e.value.code == "duplicate"
    w.apply(ops.unvote(w, participant="u1", ballot="b-1"))
    assert w.get("processes", "p2").votes == 0 and w.all("ballots") == []


def test_deleting_a_process_or_person_takes_their_ballots():
    w = small_workshop()
    w.apply(ops.vote(w, "p2", participant="u1"))
    w.apply(ops.remove(w, [("participants", "u1")]))
    assert w.all("ballots") == []


@pytest.mark.parametrize("fields, code, field", [
    ({"customer": "x" * (ops.TEXT_LIMIT + 1)}, "too_long", "customer"),
    ({"outcome": "great"}, "invalid", "outcome"),
    ({"when": "2026-13-01"}, "invalid", "when"),
    ({"customer": 5}, "invalid", "customer"),
    ({"mood": "good"}, "invalid", "mood"),
])
def test_answers_are_checked(fields, code, field):
    w = small_workshop()
    with pytest.raises(Refused) as e:
        ops.submit_story(w, "u1", **fields)
    assert (e.value.code, e.value.field) == (code, field)


def test_an_answer_is_created_with_the_given_id_then_edited():
    w = small_workshop()
    w.apply(ops.submit_story(w, "u1", "s-ana", "2026-05-08", when="2026-05-05",
                             customer=" Mrs Lee "))
    story, = w.stories
    assert (story.id, story.customer, story.recency) == ("s-ana", "Mrs Lee", "this_week")
    w.apply(ops.submit_story(w, "u1", "other-id", customer="Mr Lee"))
    assert [(s.id, s.customer) for s in w.stories] == [("s-ana", "Mr Lee")]
    assert ops.submit_story(w, "u1", customer="Mr Lee") == []  # nothing to change


def test_ids_chosen_by_the_caller():
    w = small_workshop()
    w.apply(ops.add_participant(w, "Chris", participant_id="u-chris"))
    w.apply(ops.add_note(w, "Slow", "pain", "p1", note_id="n-1"))
    w.apply(ops.call_out(w, "Bo", "Called back", "Ana", "2026-05-08", recognition_id="r-1"))
    assert w.get("participants", "u-chris").name == "Chris"
    assert w.get("notes", "n-1").text == "Slow" and w.get("recognitions", "r-1").nominee == "Bo"
