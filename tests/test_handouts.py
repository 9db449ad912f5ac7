"""Handouts people keep: where they sit, what they own, what happens next."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from cxworkshop.export.pdf_export import ExportRequest, run_export
from cxworkshop.export.pdf_handout import Handouts
from cxworkshop.export.pdf_map import neighbourhood
from cxworkshop.io.json_io import loads
from cxworkshop.model import (
    Action,
    Add,
    Change,
    Department,
    Link,
    Note,
    Participant,
    Placement,
    Process,
    SessionInfo,
    Workshop,
)
from cxworkshop.resources import samples_dir


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def loop_workshop() -> Workshop:
    """A loop p0 -> p1 -> … -> p6 -> p0; p6 is a moment of truth."""
    w = Workshop(SessionInfo(title="Loops"))
    ents = [Department("d1", "Ops", "#1f77b4"), Department("d2", "Billing", "#ff7f0e")]
    ents += [Process(f"p{i}", f"Step {i}", "d1", i % 5, owner="Ana" if i == 5 else "",
                     votes=i, moment_of_truth=i == 6) for i in range(7)]
    ents += [Link(f"l{i}", f"p{i}", f"p{(i + 1) % 7}") for i in range(7)]
    ents += [Participant("u0", "Ana", "d1", "Clerk", True),
             Participant("u1", "Bo", "d1", "Clerk", False),
             Participant("u2", "Cy", "d2", "Clerk", False),
             Placement("c0", "u0", "p0", "I start it."),
             Placement("c1", "u1", "p6", "I end it."),
             Note("n1", "p6", "pain", "Customers wait too long"),
             Change("h1", "Faster end", "p6", "a", "b", "c", "d", "e", "low", "Ana", "Go"),
             Action("a1", "Call the vendor", "Ana", "2026-06-01", "p0", "open"),
             Action("a2", "Fix the form", "Cy", "2026-06-02", "p6", "open")]
    w.apply([Add(e) for e in ents])
    return w


def test_distances_around_a_loop_are_the_shortest_path_one_number():
    w = loop_workshop()
    nb = neighbourhood(w, "p0")
    # p6 is one step upstream of p0 and six steps downstream: it counts once, upstream
    assert nb.moments == [("p6", -1)]
    assert "p6" in nb.columns[-1] and all("p6" not in ids for s, ids in nb.columns.items()
                                           if s > 0)
    assert all("p6" not in level for level in nb.downstream)
    text = text_of(Handouts(w).pdf(w.tables["participants"]["u0"])[0])
    assert "Step 6 (1 step upstream)" in text and "downstream)" not in text


def test_a_handout_says_what_the_reader_owns_their_rank_and_what_happens_next():
    w = loop_workshop()
    ana = text_of(Handouts(w).pdf(w.tables["participants"]["u0"])[0])
    assert "What you own" in ana and "Step 5" in ana and "Faster end" in ana
    assert "#2 of 7 by votes (5 votes)" in ana
    assert "YOU ARE HERE" in ana
    assert "Your actions Action Due Process Status Call the vendor" in ana
    assert "The workshop's top open actions" in ana and "Fix the form" in ana
    bo = text_of(Handouts(w).pdf(w.tables["participants"]["u1"])[0])
    assert "#1 priority of the group (6 votes)" in bo
    assert "Pain point: Customers wait too long" in bo
    assert "You do not own an action from this workshop." in bo


def test_someone_not_on_the_map_sees_their_departments_processes_and_moments():
    w = loop_workshop()
    w.apply([Add(Participant("u3", "Di", "d1", "Clerk", False))])
    di = text_of(Handouts(w).pdf(w.tables["participants"]["u3"])[0])
    assert "You did not place yourself on the map" in di
    assert "Your department, Ops, runs these processes" in di
    assert "Step 3" in di and "Moments of truth your department touches: Step 6." in di


def test_no_heading_ends_a_page_in_sixty_handouts_on_a4_and_letter():
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    people = list(w.tables["participants"].values())
    headings = ("The last customer you served", "Where your work sits on the map",
                "What you own", "What happens next", "Changes to your process",
                "You were called out as a Customer Champion")
    for paper in ("a4", "letter"):
        data, _ = Handouts(w, paper).combined_pdf(people * 5)
        for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
            lines = [ln.strip() for ln in page.extract_text().splitlines() if ln.strip()]
            body = [ln for ln in lines if not re.match(r"^Page \d+ of \d+$", ln)
                    and "Brightway" not in ln]
            assert body and not body[-1].startswith(headings), (paper, number, body[-3:])


def test_all_handouts_in_one_pdf_with_a_bookmark_per_person(tmp_path):
    w = loop_workshop()
    result = run_export(w, ExportRequest(handouts=tmp_path / "h", handouts_combined=True))
    names = sorted(p.name for p, _ in result.files)
    assert names == ["All handouts.pdf", "Ana.pdf", "Bo.pdf", "Cy.pdf"]
    reader = PdfReader(tmp_path / "h" / "All handouts.pdf")
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert [t for t in titles if t in ("Ana", "Bo", "Cy")] == ["Ana", "Bo", "Cy"]
    per_person = sum(n for p, n in result.files if p.name != "All handouts.pdf")
    assert len(reader.pages) == per_person
