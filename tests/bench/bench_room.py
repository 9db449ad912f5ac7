"""Running the room: statistics, connect-the-dots lists and the presenter's answer wall."""
from __future__ import annotations

import random

from cxworkshop.model import (
    OUTCOME,
    RECENCY,
    Add,
    Department,
    Link,
    Participant,
    Placement,
    Process,
    Story,
    Workshop,
)


def _room(people: int = 500, processes: int = 300) -> Workshop:
    rnd = random.Random(4)
    w = Workshop()
    ents = [Department(f"d{i}", f"Dept {i}") for i in range(8)]
    ents += [Process(f"p{i}", f"P{i}", f"d{i % 8}", i % 5, moment_of_truth=i % 25 == 0)
             for i in range(processes)]
    ents += [Link(f"l{i}", f"p{i}", f"p{i + 1 + rnd.randrange(5)}")
             for i in range(processes - 6)]
    for i in range(people):
        ents.append(Participant(f"u{i}", f"U{i}", f"d{i % 8}", customer_facing=i % 3 == 0))
        ents.append(Story(f"s{i}", f"u{i}", recency=rnd.choice(RECENCY),
                          outcome=rnd.choice(OUTCOME)))
        ents.append(Placement(f"c{i}", f"u{i}", f"p{rnd.randrange(processes)}"))
    w.apply([Add(e) for e in ents])
    return w


def _ms(fn, repeat: int = 9) -> list[float]:
    from timing import runs
    return runs(fn, repeat)


def stats_500_people_ms() -> list[float]:
    from cxworkshop.model.stats import story_stats
    w = _room()
    return _ms(lambda: story_stats(w).sentences())


def connect_lists_500_people_ms() -> list[float]:
    from cxworkshop.model.connect import unconnected_people, untouched_moments
    from cxworkshop.model.graph import ProcessGraph
    w = _room()

    def run():
        g = ProcessGraph.of(w)
        unconnected_people(w, g)
        untouched_moments(w, g)
    return _ms(run)


def parse_paste_500_rows_ms() -> list[float]:
    from cxworkshop.ui.pages.participants import parse_rows
    w = _room(people=0)
    text = "\n".join(f"Person {i}\tDept {i % 12}\tRole\tyes\tp{i}@example.com"
                     for i in range(500))
    return _ms(lambda: parse_rows(text, w))


BENCHMARKS = {"room_stats_500_people_ms": stats_500_people_ms,
              "room_connect_lists_500_people_ms": connect_lists_500_people_ms,
              "room_parse_paste_500_rows_ms": parse_paste_500_rows_ms}
