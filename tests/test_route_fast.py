"""The router's quick box check answers exactly what testing every box would.

:meth:`Router.clear` finds the boxes near a piece of path by bisection in the
rows of boxes of the cells it crosses, skipping cells whose boxes lie apart.
Here it is compared with the definition (:func:`segment_hits_rect` against every
box but the link's own two) on random maps, on random pieces that start and end
on box edges, centres and gaps (where a strict or loose comparison would show),
and whole routes are compared with those of a router that tests every box.
"""
from __future__ import annotations

import random
from itertools import pairwise

import pytest

from cxworkshop.model import Add, Department, Link, Process, Workshop
from cxworkshop.model.graph import loop_back_links
from cxworkshop.model.layout import BOX_H, BOX_W, compute_layout
from cxworkshop.model.route import GAP_Y, Router, segment_hits_rect


class EveryBox(Router):
    """The definition: a piece is clear when it passes under no box but ``skip``."""

    def clear(self, points, skip) -> bool:
        boxes = self.layout.boxes
        for p, q in pairwise(points):
            if p == q or self._on_corridor(p, q):
                continue
            if any(segment_hits_rect(p, q, r) for pid, r in boxes.items() if pid not in skip):
                return False
        return True


def random_workshop(rnd: random.Random, n: int) -> Workshop:
    w = Workshop()
    lanes = rnd.randint(1, 4)
    w.apply([Add(Department(f"d{i}", f"Lane {i}", "#1f77b4")) for i in range(lanes)])
    ops = []
    for i in range(n):
        placed = rnd.random() < 0.6   # the rest are filed by the layout
        ops.append(Add(Process(f"p{i}", f"P{i}", f"d{rnd.randrange(lanes)}",
                               rnd.randrange(rnd.randint(1, 5)),
                               x=rnd.uniform(0, 500) if placed else 0.0,
                               y=rnd.uniform(0, 300) if placed else 0.0)))
    w.apply(ops)
    pairs = {(rnd.randrange(n), rnd.randrange(n)) for _ in range(n * 2)}
    w.apply([Add(Link(f"l{k}", f"p{a}", f"p{b}"))
             for k, (a, b) in enumerate(sorted(pairs)) if a != b])
    return w


def spots(layout, rnd: random.Random) -> tuple[list[float], list[float]]:
    """x and y values where boxes begin and end, their middles and the gaps by them."""
    xs, ys = [], []
    for x, y, w, h in layout.boxes.values():
        xs += [x, x + w, x + w / 2, x - 1e-9, x + w + 0.5]
        ys += [y, y + h, y + h / 2, y - GAP_Y, y + h + GAP_Y]
    xs += [c.x for c in layout.stages] + [rnd.uniform(-50, layout.width + 50) for _ in range(20)]
    ys += [ln.y for ln in layout.lanes] + [rnd.uniform(-50, layout.height + 80)
                                           for _ in range(20)]
    return xs, ys


@pytest.mark.parametrize("seed", range(8))
def test_quick_check_answers_as_every_box_would(seed):
    rnd = random.Random(seed)
    w = random_workshop(rnd, rnd.choice([5, 30, 80]))
    layout = compute_layout(w)
    quick, every = Router(layout), EveryBox(layout)
    xs, ys = spots(layout, rnd)
    pids = list(layout.boxes)
    blocked = 0
    for _ in range(3000):
        kind = rnd.random()
        x, y = rnd.choice(xs), rnd.choice(ys)
        if kind < 0.4:
            q = (rnd.choice(xs), y)   # level
        elif kind < 0.75:
            q = (x, rnd.choice(ys))   # upright
        elif kind < 0.95:
            q = (rnd.choice(xs), rnd.choice(ys))
        else:
            q = (x, y)
        points = [(x, y), q]
        if rnd.random() < 0.3:
            points.append((q[0], rnd.choice(ys)))
        skip = set(rnd.sample(pids, min(len(pids), rnd.randint(0, 2))))
        answer = quick.clear(points, skip)
        assert answer == every.clear(points, skip), (points, skip)
        blocked += not answer
    assert 300 < blocked < 2700   # both answers were asked for often


@pytest.mark.parametrize("seed", range(4))
def test_routes_are_those_of_a_router_that_tests_every_box(seed):
    rnd = random.Random(100 + seed)
    w = random_workshop(rnd, 60)
    layout = compute_layout(w)
    quick, every = Router(layout), EveryBox(layout)
    loops = loop_back_links(w)
    boxes = layout.boxes
    routed = 0
    for link in w.table(Link).values():
        a, b = boxes[link.upstream], boxes[link.downstream]
        ends = (link.upstream, link.downstream)
        assert quick.route(link.id, a, b, ends, link.id in loops) == every.route(
            link.id, a, b, ends, link.id in loops), link.id
        routed += 1
    assert routed > 50


def test_boxes_are_as_big_as_the_router_thinks():
    layout = compute_layout(random_workshop(random.Random(1), 10))
    assert {(w, h) for _x, _y, w, h in layout.boxes.values()} == {(BOX_W, BOX_H)}
