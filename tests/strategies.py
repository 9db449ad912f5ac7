"""Hypothesis strategies: valid sessions with any Unicode text in their fields."""
from __future__ import annotations

import datetime

from hypothesis import strategies as st

from cxworkshop.model import (
    ACTION_KINDS,
    ACTION_STATUS,
    CONTACT,
    METRIC_KINDS,
    NOTE_KINDS,
    OUTCOME,
    PARKING_KINDS,
    PARKING_STATUS,
    RECENCY,
    RISK,
    Action,
    AgendaItem,
    Change,
    Department,
    Link,
    Member,
    Metric,
    MetricLink,
    Note,
    Nps,
    ParkingItem,
    Participant,
    Placement,
    Process,
    Recognition,
    SessionInfo,
    Story,
    Workshop,
)

# Any text a person could type, including surrogate-free astral characters and NULs.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
dates = st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)).map(
    lambda d: d.isoformat())
# Texts a required field (a name, a title) accepts: not blank (model/rules.py).
names = texts.filter(lambda t: bool(t.strip()))
emails = st.just("") | st.emails()
coords = st.floats(-5000, 5000, allow_nan=False, allow_infinity=False)


@st.composite
def workshops(draw, max_items: int = 6) -> Workshop:
    info = SessionInfo(title=draw(texts), organization=draw(texts), date=draw(st.none() | dates),
                       location=draw(texts), facilitator=draw(texts), notes=draw(texts),
                       stages=tuple(draw(st.lists(texts, min_size=5, max_size=5))),
                       vote_budget=draw(st.integers(0, 100)),
                       prompts=tuple(draw(st.lists(texts, min_size=4, max_size=4))))
    w = Workshop(info)
    n = st.integers(0, max_items)
    depts = [Department(f"d{i}", draw(names), draw(texts)) for i in range(draw(n))]
    dept_ids = st.none() | st.sampled_from([d.id for d in depts]) if depts else st.none()
    people = [Participant(f"u{i}", draw(names), draw(dept_ids), draw(texts), draw(st.booleans()),
                          draw(emails)) for i in range(draw(n))]
    procs = [Process(f"p{i}", draw(names), draw(dept_ids), draw(st.integers(0, 4)), draw(texts),
                     draw(texts), draw(st.booleans()), draw(st.booleans()), draw(coords),
                     draw(coords), draw(st.integers(0, 50))) for i in range(draw(n))]
    ents = [*depts, *people, *procs]
    if people:
        pid = st.sampled_from([p.id for p in people])
        ents += [Story(f"s{i}", draw(pid), draw(texts), draw(st.none() | dates),
                       draw(st.sampled_from(RECENCY)), draw(st.sampled_from(CONTACT)),
                       draw(texts), draw(texts), draw(st.sampled_from(OUTCOME)), draw(texts))
                 for i in range(draw(n))]
    proc_ids = [p.id for p in procs]
    if len(procs) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(proc_ids), st.sampled_from(proc_ids))
                              .filter(lambda t: t[0] != t[1]), max_size=max_items,
                              unique=True))
        ents += [Link(f"l{i}", a, b, draw(texts)) for i, (a, b) in enumerate(pairs)]
    opt_proc = st.none() | st.sampled_from(proc_ids) if procs else st.none()
    ents += [Note(f"n{i}", draw(opt_proc), draw(st.sampled_from(NOTE_KINDS)), draw(texts),
                  draw(coords), draw(coords)) for i in range(draw(n))]
    if people and procs:
        ents += [Placement(f"c{i}", draw(st.sampled_from([p.id for p in people])),
                           draw(st.sampled_from(proc_ids)), draw(texts)) for i in range(draw(n))]
    ents += [Member(f"m{i}", draw(names), draw(dept_ids), draw(texts), draw(st.booleans()),
                    draw(texts), draw(st.none() | st.floats(0, 60, allow_nan=False)),
                    draw(emails), draw(texts)) for i in range(draw(n))]
    ents += [Change(f"h{i}", draw(names), draw(opt_proc), *(draw(texts) for _ in range(5)),
                    draw(st.none() | st.sampled_from(RISK)), draw(texts), draw(texts))
             for i in range(draw(n))]
    ents += [Recognition(f"r{i}", draw(names), draw(texts), draw(names), draw(st.none() | dates))
             for i in range(draw(n))]
    person_ids = st.none() | st.sampled_from([p.id for p in people]) if people else st.none()
    ents += [Action(f"a{i}", draw(names), draw(texts), draw(st.none() | dates), draw(opt_proc),
                    draw(st.sampled_from(ACTION_STATUS)), draw(st.sampled_from(ACTION_KINDS)),
                    draw(person_ids), draw(person_ids)) for i in range(draw(n))]
    ents += [AgendaItem(f"g{i}", draw(names), draw(st.integers(0, 600)),
                        draw(st.none() | st.integers(0, 100000))) for i in range(draw(n))]
    values = st.none() | st.floats(-1e9, 1e9, allow_nan=False).map(lambda v: v + 0.0)
    metrics = [Metric(f"k{i}", draw(names), draw(st.sampled_from(METRIC_KINDS)), draw(dept_ids),
                      draw(texts), draw(values), draw(values), draw(values),
                      draw(st.sampled_from(("higher", "lower"))), draw(texts))
               for i in range(draw(n))]
    ents += metrics
    if metrics and procs:
        pairs = draw(st.lists(st.tuples(st.sampled_from([m.id for m in metrics]),
                                        st.sampled_from(proc_ids)), max_size=max_items,
                              unique=True))
        ents += [MetricLink(f"kl{i}", m, p) for i, (m, p) in enumerate(pairs)]
    counts = st.integers(0, 10_000)
    for i in range(draw(n)):
        scope = draw(st.sampled_from(["session"] + (["department"] if depts else [])
                                     + (["process"] if procs else [])))
        dept = draw(st.sampled_from([d.id for d in depts])) if scope == "department" else None
        proc = draw(st.sampled_from(proc_ids)) if scope == "process" else None
        ents.append(Nps(f"q{i}", scope, dept, proc, draw(texts), draw(counts), draw(counts),
                        draw(counts)))
    ents += [ParkingItem(f"pk{i}", draw(names), draw(st.sampled_from(PARKING_KINDS)),
                         draw(texts), draw(st.sampled_from(PARKING_STATUS)))
             for i in range(draw(n))]
    w.add_all(ents)
    assert w.problems() == [], w.problems()
    return w
