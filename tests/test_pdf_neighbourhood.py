"""The handout's small map of a process's neighbourhood: arrows go around the boxes they
do not connect (links that skip columns, run back, or stay in a column included)."""
from __future__ import annotations

from itertools import pairwise

from cxworkshop.export import pdf_map
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_map import NeighbourhoodMap, neighbourhood
from cxworkshop.model import Add, Department, Link, Participant, Placement, Process, Workshop
from cxworkshop.model.route import segment_hits_rect


def busy_neighbourhood() -> Workshop:
    """``x`` with five processes a column on each side (three shown and "+ 2 more"), fully
    meshed chains to a moment of truth three steps up and three down, and links that skip
    columns, run back upstream, or join two boxes of one column."""
    w = Workshop()
    ents: list = [Department("d", "Operations", "#4477aa")]

    def proc(pid: str, stage: int, moment: bool = False) -> None:
        ents.append(Process(pid, f"Step {pid} with a longer name", "d", stage,
                            moment_of_truth=moment))

    proc("m0", 0, True)
    for i in range(3):
        proc(f"uu{i}", 0)
        proc(f"dd{i}", 4)
    for i in range(5):
        proc(f"u{i}", 1)
        proc(f"d{i}", 3)
    proc("x", 2)
    proc("m1", 4, True)
    pairs = [("m0", f"uu{i}") for i in range(3)]
    pairs += [(f"uu{i}", f"u{j}") for i in range(3) for j in range(5)]
    pairs += [(f"u{j}", "x") for j in range(5)] + [("x", f"d{j}") for j in range(5)]
    pairs += [(f"d{j}", f"dd{i}") for j in range(5) for i in range(3)]
    pairs += [(f"dd{i}", "m1") for i in range(3)]
    # skipping columns, back upstream, within a column
    pairs += [("u0", "dd1"), ("uu1", "d2"), ("m0", "m1"), ("uu2", "dd0"), ("u1", "m1"),
              ("dd1", "u2"), ("m1", "uu0"), ("d0", "d1"), ("u2", "u0"), ("dd0", "dd2")]
    ents += [Link(f"l{k}", a, b) for k, (a, b) in enumerate(pairs)]
    ents += [Participant("me", "Ana", "d", "Role", False),
             Placement("pl", "me", "x", "I keep it moving.")]
    w.apply([Add(e) for e in ents])
    return w


def shrink(rect, by: float = 0.5):
    x, y, w, h = rect
    return (x + by, y + by, w - 2 * by, h - 2 * by)


def test_arrows_never_pass_through_a_box_they_do_not_connect(monkeypatch):
    w = busy_neighbourhood()
    nb = neighbourhood(w, "x")
    assert sorted(nb.columns) == [-3, -2, -1, 0, 1, 2, 3]
    assert nb.hidden == {-1: 2, 1: 2}
    drawn = []
    original = NeighbourhoodMap.draw

    def draw(self):
        original(self)
        drawn.append(self)

    monkeypatch.setattr(pdf_map.NeighbourhoodMap, "draw", draw)
    Handouts(w).pdf(w.tables["participants"]["me"])
    (view,) = drawn
    assert view.scale < 0.5   # seven columns on a portrait page
    links = w.tables["links"]
    column = {n: s for s, ids in nb.columns.items() for n in ids}
    kinds = set()
    assert len(view.drawn_links) >= 30
    for lid, pts in view.drawn_links:
        link = links[lid]
        ends = (link.upstream, link.downstream)
        span = column[link.downstream] - column[link.upstream]
        kinds.add("skip" if abs(span) > 1 else "back" if span < 0 else
                  "column" if span == 0 else "next")
        if span < 0:
            kinds.add("back")
        for pid, rect in view.drawn_boxes.items():
            if pid not in ends:
                for p, q in pairwise(pts):
                    assert not segment_hits_rect(p, q, shrink(rect)), (lid, pid, pts)
        for slot in view.drawn_more:   # nor through a column's "+ 2 more"
            for p, q in pairwise(pts):
                assert not segment_hits_rect(p, q, slot), (lid, pts)
        for end, (x, y) in zip(ends, (pts[0], pts[-1]), strict=True):
            bx, by, bw, bh = view.drawn_boxes[end]   # leaves and enters a side, mid-height
            assert abs(y - (by + bh / 2)) < 0.01, (lid, end)
            assert min(abs(x - bx), abs(x - bx - bw)) <= 2.01, (lid, end)
    assert kinds == {"skip", "back", "column", "next"}


def test_a_neighbourhood_without_crossings_stays_straight():
    w = Workshop()
    w.apply([Add(e) for e in (
        Department("d", "Ops", "#4477aa"), Process("a", "A", "d", 0),
        Process("b", "B", "d", 1), Process("c", "C", "d", 2),
        Link("l1", "a", "b"), Link("l2", "b", "c"))])
    view = NeighbourhoodMap(w, neighbourhood(w, "b"), 500)
    routes = dict(view.routes(view._positions()))
    assert all(len(pts) == 2 and pts[0][1] == pts[1][1] for pts in routes.values())


def test_a_seven_column_neighbourhood_prints_no_text_under_six_points():
    from tests.test_pdf_map_parts import font_sizes
    w = busy_neighbourhood()
    data, _ = Handouts(w).pdf(w.tables["participants"]["me"])
    assert min(font_sizes(data)) >= 5.99
