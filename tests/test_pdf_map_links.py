"""Links in the PDF map tell the truth like the canvas: routed around boxes (never under
a box other than their ends), arrowheads on the target's border, labels on the link,
loop-backs below the grid with their ↺ mark. Checked on what the map pages really draw."""
from __future__ import annotations

import random
import subprocess
from itertools import pairwise

import pytest

from cxworkshop.export import pdf_map
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.io.json_io import loads
from cxworkshop.model import Add, Department, Link, Process, Workshop
from cxworkshop.model.graph import loop_back_links
from cxworkshop.model.route import segment_hits_rect
from cxworkshop.resources import samples_dir


def crowded_map(seed: int = 3) -> Workshop:
    """3 departments × 5 stages, 6 boxes a cell, a chain plus 80 random links (many of
    them loop-backs to earlier stages) and labels on every third one."""
    rnd = random.Random(seed)
    w = Workshop()
    ents: list = [Department(f"d{i}", f"Department {i}", "#4477aa") for i in range(3)]
    ids = []
    for d in range(3):
        for stage in range(5):
            for _k in range(6):
                pid = f"p{len(ids)}"
                ents.append(Process(pid, f"Busy step {len(ids)}", f"d{d}", stage,
                                    moment_of_truth=len(ids) % 11 == 0))
                ids.append(pid)
    pairs = {(ids[i], ids[i + 1]) for i in range(len(ids) - 1)}
    while len(pairs) < len(ids) - 1 + 80:
        a, b = rnd.sample(ids, 2)
        if (b, a) not in pairs:
            pairs.add((a, b))
    ents += [Link(f"l{i}", a, b, f"hand-over {i}" if i % 3 == 0 else "")
             for i, (a, b) in enumerate(sorted(pairs))]
    w.apply([Add(e) for e in ents])
    return w


def sample(name: str) -> Workshop:
    return loads((samples_dir() / f"{name}.json").read_text(encoding="utf-8"))


def drawn_views(monkeypatch, w: Workshop) -> tuple[list, bytes]:
    """Every map view the report draws (with what it drew), and the report."""
    views = []
    original = pdf_map.MapView.draw

    def draw(self):
        original(self)
        views.append(self)

    monkeypatch.setattr(pdf_map.MapView, "draw", draw)
    data, _pages = report_pdf(w)
    return views, data


def shrink(rect, by: float = 0.6):
    x, y, w, h = rect
    return (x + by, y + by, w - 2 * by, h - 2 * by)


def on_border(pt, rect, tol: float = 0.6) -> bool:
    x, y, w, h = rect
    px, py = pt
    inside_x = x - tol <= px <= x + w + tol
    inside_y = y - tol <= py <= y + h + tol
    near_x = min(abs(px - x), abs(px - x - w)) <= tol
    near_y = min(abs(py - y), abs(py - y - h)) <= tol
    return (inside_x and near_y) or (inside_y and near_x)


@pytest.mark.parametrize("name", ["home-services", "service-desk", "crowded"])
def test_no_drawn_link_passes_under_a_box_other_than_its_ends(monkeypatch, name):
    w = crowded_map() if name == "crowded" else sample(name)
    views, _data = drawn_views(monkeypatch, w)
    links = w.tables["links"]
    shown = set()
    tips = 0
    for view in views:
        for lid, pts in view.drawn_links:
            link = links[lid]
            shown.add(lid)
            ends = (link.upstream, link.downstream)
            for pid, rect in view.drawn_boxes.items():
                if pid in ends:
                    continue
                for p, q in pairwise(pts):
                    assert not segment_hits_rect(p, q, shrink(rect)), (name, lid, pid)
            target = view.drawn_boxes.get(link.downstream)
            if target is not None:   # the arrowhead's tip sits on the target's border
                assert on_border(pts[-1], target), (name, lid)
                tips += 1
            source = view.drawn_boxes.get(link.upstream)
            if source is not None:
                assert on_border(pts[0], source), (name, lid)
    assert shown == set(links)   # every link is drawn on some map page
    assert tips >= len(links)


def test_labels_sit_on_their_links_and_loop_backs_carry_the_mark(monkeypatch, tmp_path):
    w = crowded_map()
    loops = loop_back_links(w)
    assert len(loops) >= 10
    _views, data = drawn_views(monkeypatch, w)
    path = tmp_path / "crowded.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "↺" in text and "Loop-back" in text
    for link in w.tables["links"].values():
        if link.label:
            assert link.label in text, link.label


def test_a_loop_back_runs_below_the_grid_with_its_mark(monkeypatch):
    from cxworkshop.model.route import loop_mark_point
    w = sample("home-services")
    loops = loop_back_links(w)
    assert loops
    data = pdf_map.MapData.of(w)
    grid_bottom = data.layout.grid_rect[1] + data.layout.grid_rect[3]
    for lid in loops:
        route = data.routes[lid]
        assert route.loop_back
        spot = loop_mark_point(route.points)
        assert spot is not None and spot[1] > grid_bottom
        assert data.body[3] >= spot[1]   # the room below the grid is part of the map
