"""A large map in the report: a schematic overview, parts cut between boxes with distinct
titles and "continues on p. N" markers, an index of processes, no text under 6 pt."""
from __future__ import annotations

import io
import math
import re
import subprocess

from pypdf import PdfReader

from cxworkshop.export.pdf_doc import frame_sizes
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_map import MapData, part_of_boxes, plan_parts
from cxworkshop.export.pdf_report import report_pdf
from cxworkshop.io.json_io import loads
from cxworkshop.model import Add, Department, Link, Note, Process, Workshop
from cxworkshop.resources import samples_dir


def tall_map(departments: int = 4, per_cell: int = 12) -> Workshop:
    w = Workshop()
    ents = [Department(f"d{i}", f"Department {i}", "#4477aa") for i in range(departments)]
    n = 0
    for d in range(departments):
        for stage in range(5):
            for k in range(per_cell):
                ents.append(Process(f"p{n}", f"Process {n}", f"d{d}", stage, votes=k % 3,
                                    moment_of_truth=n % 23 == 0))
                n += 1
    ents += [Link(f"l{i}", f"p{i}", f"p{i + 1}", "hand-over" if i % 9 == 0 else "")
             for i in range(n - 1)]
    ents += [Note(f"n{i}", f"p{i * 5}", "pain", "Waits too long for a callback")
             for i in range(10) if i * 5 < n]
    w.apply([Add(e) for e in ents])
    return w


def plan(w):
    data = MapData.of(w)
    fw, fh = frame_sizes("a4")[1]
    return data, plan_parts(data, fw, fh - 60)[1]


def test_parts_are_cut_between_boxes_and_have_distinct_titles():
    data, parts = plan(tall_map())
    assert len(parts) >= 4
    assert len({p.title for p in parts}) == len(parts)
    for pid, (x, y, w, h) in data.layout.boxes.items():
        holders = [p for p in parts if p.region[0] <= x and x + w <= p.region[2]
                   and p.region[1] <= y and y + h <= p.region[3]]
        assert len(holders) == 1, pid  # every box whole on exactly one part
    assert set(part_of_boxes(data, parts)) == set(data.layout.boxes)


def page_texts(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_report_has_an_overview_continues_markers_and_an_index_with_pages():
    pdf, _ = report_pdf(tall_map())
    pages = page_texts(pdf)
    overview = next(t for t in pages if "too large to read on one page" in t)
    assert "12 processes" in overview and "Process 0" in overview  # counts; a moment named
    assert any("continues on p." in t for t in pages)
    index_page = next(i for i, t in enumerate(pages) if "Index of processes" in t)
    laid_out = subprocess.run(["pdftotext", "-layout", "-f", str(index_page + 1), "-", "-"],
                              input=pdf, capture_output=True, check=True).stdout.decode()
    for name in ("Process 7", "Process 200"):
        page = next(i for i, t in enumerate(pages[:index_page], 1)
                    if t.startswith("Part ")
                    and f"{name} " in t + " ")
        assert re.search(rf"{name}\s+{page}\b", laid_out), (name, page)


def font_sizes(data: bytes) -> list[float]:
    """The printed size of every piece of text, in points."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes.append(size * scale)

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_no_text_under_six_points_in_reports_and_handouts():
    sample = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    for w in (tall_map(), tall_map(2, 1), sample):
        pdf, _ = report_pdf(w)
        assert min(font_sizes(pdf)) >= 5.99
    for name in ("home-services", "service-desk"):   # service-desk: 5-column mini-maps
        w = loads((samples_dir() / f"{name}.json").read_text(encoding="utf-8"))
        people = list(w.tables["participants"].values())
        hand, _ = Handouts(w).combined_pdf(people)
        assert min(font_sizes(hand)) >= 5.99, name


def test_poster_prints_the_whole_map_on_one_large_page(tmp_path):
    from cxworkshop.export.pdf_export import ExportRequest, problems, run_export
    w = tall_map()
    out = tmp_path / "r.pdf"
    run_export(w, ExportRequest(report=out, poster="a1"))
    reader = PdfReader(out)
    big = [i for i, p in enumerate(reader.pages) if float(p.mediabox.width) > 2000]
    assert len(big) == 1  # A1 landscape: 2384 × 1684 pt
    text = " ".join(reader.pages[big[0]].extract_text().split())
    assert "Process map" in text and all(f"Process {i} " in text + " " for i in range(240))
    assert "Part 1 of" not in " ".join(p.extract_text() for p in reader.pages)
    assert problems(w, ExportRequest(report=out, poster="a0")) == [
        "poster: 'a0' is not one of a3, a2, a1"]


def _meets(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] \
        and b[1] < a[1] + a[3]


def test_continues_markers_sit_in_their_band_beside_the_map_never_over_it(monkeypatch):
    """On a dense 2,000-process map every part page's markers lie in a strip kept free
    along the cut edge: they meet no box, vote dot, note or header the page drew."""
    from cxworkshop.export import pdf_map
    from tests.bench.bench_pdf import large_workshop
    views = []
    original = pdf_map.MapView.draw

    def draw(self):
        original(self)
        views.append(self)

    monkeypatch.setattr(pdf_map.MapView, "draw", draw)
    pdf, _pages = report_pdf(large_workshop(people=4, processes=2000))
    parts = [v for v in views if v.neighbours]
    assert len(parts) >= 40
    sides = set()
    for view in parts:
        markers = view.drawn["markers"]
        assert len(markers) == len(view.neighbours)
        sides |= set(view.neighbours)
        drawn = list(view.drawn_boxes.values()) + view.drawn["dots"] + \
            view.drawn["notes"] + view.drawn["headers"]
        assert view.drawn["dots"] and view.drawn["headers"]
        left, _right, down, _up = view.bands   # the records start at the map's corner
        whole_map = (0, 0, view.map_w, view.map_h)
        for m in markers:
            assert m[0] >= -left and m[0] + m[2] <= view.width - left + 0.01, m   # in the
            assert m[1] >= -down and m[1] + m[3] <= view.height - down + 0.01, m  # frame
            assert not _meets(m, whole_map), m
            assert not any(_meets(m, r) for r in drawn), m
            assert not any(_meets(m, other) for other in markers if other is not m)
        for r in drawn:   # and everything the map drew stays inside the map
            assert r[0] >= -0.01 and r[0] + r[2] <= view.map_w + 0.01
    assert sides == {"up", "down", "left", "right"}
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert text.count("continues on p.") >= sum(len(v.neighbours) for v in parts)
