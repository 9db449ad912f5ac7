"""Anonymizing you can trust: planted customer names never reach any output."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from cxworkshop.export.pdf_export import ExportRequest, run_export
from cxworkshop.model import (
    Action,
    Add,
    AgendaItem,
    Change,
    Department,
    Link,
    Member,
    Note,
    Participant,
    Placement,
    Process,
    Recognition,
    SessionInfo,
    Story,
    Workshop,
)
from cxworkshop.model.anonymize import NO_NAME, anonymize, is_name

# Customers (the secrets) and text that merely looks like them (must survive).
SECRETS = ["Ingrid Haugen", "Haugen", "Ingrid", "李雷", "Øystein Lie", "Øystein", "فاطمة"]
PLANT = "Ingrid Haugen, Haugen, 李雷说, Øystein and Mr Lie (فاطمة)"


def planted_workshop() -> Workshop:
    w = Workshop(SessionInfo(title=f"Spring workshop {PLANT}", organization="Org " + PLANT,
                             date="2026-05-08", location="Oslo " + PLANT,
                             facilitator="Kari Nordmann", notes="Notes " + PLANT))
    ents = [Department("d1", "Front desk", "#1f77b4"),
            Participant("u0", "Kari Nordmann", "d1", "Clerk", True),
            Participant("u1", "Ola Berg", "d1", "Clerk", False),
            Participant("u2", "Per Lien", "d1", "Clerk", False),
            Process("p1", f"Complaint handling ({PLANT})", "d1", 0, "Kari Nordmann",
                    f"Description {PLANT}", moment_of_truth=True, votes=3),
            Process("p2", "Numbers don't lie", "d1", 1, votes=1),
            Link("l1", "p1", "p2", f"label {PLANT}"),
            Note("n1", "p1", "pain", f"Note {PLANT}"),
            Note("n2", None, "idea", f"Loose note {PLANT}"),
            Placement("c0", "u0", "p1", f"Statement {PLANT}"),
            Story("s0", "u0", "Ingrid Haugen", None, "today", "direct", f"Challenge {PLANT}",
                  f"Resolution {PLANT}", "resolved", f"Quote {PLANT}"),
            Story("s1", "u1", "李雷", None, "today", "direct", "李雷的问题", "", "unknown", ""),
            Story("s2", "u2", "Øystein Lie", None, "today", "direct", "Kari helped Øystein.",
                  "", "unknown", ""),
            Story("s3", "u1", "فاطمة", None, "today", "direct", "x", "", "unknown", ""),
            Member("m1", "Kari Nordmann", "d1", "Lead", True, "Oslo", 2.0, "", f"Notes {PLANT}"),
            Change("h1", f"Change {PLANT}", "p1", f"impact {PLANT}", f"look {PLANT}",
                   f"response {PLANT}", f"find out {PLANT}", f"feedback {PLANT}", "medium",
                   "Kari Nordmann", f"decision {PLANT}"),
            Recognition("r1", "Kari Nordmann", "Ola Berg", f"Helped {PLANT}", "2026-05-02"),
            Action("a1", f"Call back {PLANT}", "Kari Nordmann", "2026-06-01", "p1", "open"),
            AgendaItem("g1", f"Agenda {PLANT}", 15, 900)]
    w.apply([Add(e) for e in ents])
    return w


def outputs_text(paths) -> list[tuple[str, str]]:
    """(where, text) for every file: its pages (pdftotext and pypdf), metadata, bookmarks,
    and its name."""
    out = []
    for path in paths:
        data = path.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        out.append((f"{path.name} name", path.name))
        out.append((f"{path.name} pypdf", "\n".join(p.extract_text() for p in reader.pages)))
        meta = reader.metadata or {}
        out.append((f"{path.name} metadata", " ".join(str(v) for v in meta.values())))

        def walk(items):
            for item in items:
                yield from walk(item) if isinstance(item, list) else [item.title]
        out.append((f"{path.name} bookmarks", " ".join(walk(reader.outline))))
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                                  check=True).stdout.decode()
            out.append((f"{path.name} pdftotext",
                        " ".join(re.sub("[\u202a-\u202e]", "", text).split())))
    return out


def test_planted_names_never_reach_any_output(tmp_path):
    w = planted_workshop()
    req = ExportRequest(report=tmp_path / "report.pdf", handouts=tmp_path / "hand",
                        postcards=tmp_path / "cards.pdf", anonymize=True)
    result = run_export(w, req)
    assert len(result.files) == 2 + 3
    texts = outputs_text(p for p, _ in result.files)
    for where, text in texts:
        for secret in SECRETS:
            assert secret not in text, (secret, where, text[:300])
    joined = " ".join(t for _w, t in texts)
    assert "Customer A" in joined and "Customer B" in joined and "Customer C" in joined
    # colleagues and ordinary words are left alone
    assert "Kari Nordmann" in joined and "Kari helped Customer C." in joined
    assert "Numbers don't lie" in joined
    assert "Complaint handling (Customer A, Customer A, Customer B" in joined
    # every output says it is anonymized: cover, each page header, postcards, metadata
    for path, _pages in result.files:
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        assert "anonymized" in str(reader.metadata.get("/Title", "")).lower() or \
            path.name == "cards.pdf"
        for number, page in enumerate(reader.pages):
            assert "Anonymized" in page.extract_text() or "ANONYMIZED" in page.extract_text(), \
                (path.name, number)


@pytest.mark.parametrize("answer", ["can't recall", "no idea", "nobody", "none", "не помню",
                                    "I don’t know", "?", "N/A", "weiß nicht", "不知道",
                                    "vet ikke", "Can't remember.", "no se"])
def test_dont_know_answers_never_become_a_customer(answer):
    w = Workshop()
    w.apply([Add(Participant("u0", "Ana", None, "", False)),
             Add(Participant("u1", "Bo", None, "", False)),
             Add(Story("s0", "u0", answer, None, "today", "direct", "", "", "unknown", "")),
             Add(Story("s1", "u1", "nobody", None, "today", "direct", "", "", "unknown", ""))])
    assert not is_name(answer)
    anon = anonymize(w)
    assert anon.tables["stories"]["s0"].customer == NO_NAME
    assert anon.tables["stories"]["s1"].customer == NO_NAME


def test_names_match_whole_words_only():
    w = Workshop()
    w.apply([Add(Participant("u0", "Ana", None, "", False)),
             Add(Story("s0", "u0", "Ann Lee", None, "today", "direct",
                       "Ann Lee called; Annabel and Leeds are other words. ann lee too.",
                       "", "unknown", ""))])
    anon = anonymize(w).tables["stories"]["s0"]
    assert anon.challenge == ("Customer A called; Annabel and Leeds are other words. "
                              "Customer A too.")
    assert anon.customer == "Customer A"
