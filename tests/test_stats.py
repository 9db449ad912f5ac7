"""Story statistics: counts and the plain sentences the room sees."""
from __future__ import annotations

import pytest

from cxworkshop.model import Add, Department, Participant, Story, Workshop
from cxworkshop.model.stats import NO_ANSWER, answer_of, recency_for_date, story_stats


def room() -> Workshop:
    """12 people: 7 customer-facing in Sales, 5 behind the scenes in Billing;
    10 answered, 5 of them this quarter or sooner, 4 don't know the outcome."""
    w = Workshop()
    ents = [Department("d1", "Sales"), Department("d2", "Billing")]
    for i in range(12):
        ents.append(Participant(f"u{i}", f"P{i}", "d1" if i < 7 else "d2",
                                customer_facing=i < 7))
    answers = [  # (recency, outcome, contact)
        ("today", "resolved", "direct"), ("this_week", "resolved", "direct"),
        ("this_month", "partly", "direct"), ("this_quarter", "unknown", "indirect"),
        ("this_year", "resolved", "direct"), ("over_a_year", "unknown", "direct"),
        ("cant_remember", "unknown", "indirect"), ("this_quarter", "unresolved", "direct"),
        ("cant_remember", "unknown", "direct"), ("this_year", "partly", "direct"),
    ]
    for i, (rec, out, contact) in enumerate(answers):
        ents.append(Story(f"s{i}", f"u{i}", recency=rec, outcome=out, contact=contact))
    w.apply([Add(e) for e in ents])
    return w


def test_counts_by_recency_outcome_department_and_side():
    s = story_stats(room())
    assert s.participants == 12 and s.answered == 10
    assert list(s.recency) == ["today", "this_week", "this_month", "this_quarter",
                               "this_year", "over_a_year", "cant_remember", NO_ANSWER]
    assert s.recency == {"today": 1, "this_week": 1, "this_month": 1, "this_quarter": 2,
                         "this_year": 2, "over_a_year": 1, "cant_remember": 2, NO_ANSWER: 2}
    assert s.outcome == {"resolved": 3, "partly": 2, "unresolved": 1, "unknown": 4}
    assert s.contact == {"direct": 8, "indirect": 2, "unknown": 0}
    assert s.recent == 5 and s.not_recent == 7
    sales, billing = s.by_department
    assert (sales.label, sales.participants, sales.answered, sales.recent) == ("Sales", 7, 7, 4)
    assert (billing.label, billing.participants, billing.answered, billing.recent) == \
        ("Billing", 5, 3, 1)
    assert (s.customer_facing.participants, s.customer_facing.recent) == (7, 4)
    assert (s.behind_the_scenes.participants, s.behind_the_scenes.recent) == (5, 1)


def test_sentences_for_known_room():
    assert story_stats(room()).sentences() == [
        "7 of 12 can't name a customer they served this quarter.",
        "2 people can't remember when it was.",
        "4 don't know how it ended.",
        "3 of 10 answers ended fully resolved.",
        "2 of 10 only dealt with their customer indirectly.",
        "Customer-facing: 4 of 7 served a customer this quarter; behind the scenes: 1 of 5.",
        "2 people have not answered yet.",
    ]


def test_sentences_singular_and_empty_rooms():
    assert story_stats(Workshop()).sentences() == []
    w = Workshop()
    w.apply([Add(Participant("u1", "Ana")), Add(Participant("u2", "Bo"))])
    assert story_stats(w).sentences() == ["None of the 2 have answered yet."]
    w.apply([Add(Story("s1", "u1", recency="today", outcome="unknown"))])
    sentences = story_stats(w).sentences()
    assert "1 doesn't know how it ended." in sentences
    assert "1 person has not answered yet." in sentences
    assert sentences[0] == "1 of 2 can't name a customer they served this quarter."


def test_one_answer_per_person_and_unassigned_department():
    w = Workshop()
    w.apply([Add(Participant("u1", "Ana")), Add(Story("s1", "u1", recency="today")),
             Add(Story("s2", "u1", recency="over_a_year"))])
    s = story_stats(w)
    assert s.answered == 1 and s.recency["today"] == 1 and s.recency["over_a_year"] == 0
    assert [g.label for g in s.by_department] == ["Unassigned"]
    assert answer_of(w, "u1").id == "s1"


@pytest.mark.parametrize("when, bucket", [
    ("2026-05-08", "today"), ("2026-05-20", "today"), ("2026-05-02", "this_week"),
    ("2026-04-20", "this_month"), ("2026-03-01", "this_quarter"),
    ("2025-09-01", "this_year"), ("2024-01-01", "over_a_year")])
def test_recency_for_date(when, bucket):
    assert recency_for_date(when, "2026-05-08") == bucket
