"""PDF export benchmark: the report plus every handout of a large workshop."""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from cxworkshop.model import (
    RECENCY,
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
    Story,
    Workshop,
)


def large_workshop(people: int = 50, processes: int = 300, seed: int = 6) -> Workshop:
    """``people`` participants (each with a story and a place on the map) and
    ``processes`` processes in 10 departments, chained with cross links."""
    rnd = random.Random(seed)
    w = Workshop()
    ents = [Department(f"d{i}", f"Department {i}", f"#{rnd.randrange(0x1000000):06x}")
            for i in range(10)]
    ents += [Process(f"p{i}", f"Process number {i} of the journey", f"d{i % 10}", i % 5,
                     moment_of_truth=i % 17 == 0, frontstage=i % 3 == 0, votes=rnd.randrange(4))
             for i in range(processes)]
    links = {(i, i + 1) for i in range(processes - 1)}
    links |= {(a, b) for a, b in ((rnd.randrange(processes), rnd.randrange(processes))
                                  for _ in range(processes // 2)) if a != b}
    ents += [Link(f"l{k}", f"p{a}", f"p{b}") for k, (a, b) in enumerate(sorted(links))]
    ents += [Note(f"n{i}", f"p{i * 7}", ("pain", "idea", "question")[i % 3],
                  "A sticky note with a few words on it") for i in range(40)]
    for i in range(people):
        ents.append(Participant(f"u{i}", f"Participant Ñúñez {i}", f"d{i % 10}", "Role",
                                i % 2 == 0))
        ents.append(Story(f"s{i}", f"u{i}", f"Customer {i}", None, RECENCY[i % 7], "direct",
                          "The challenge they had, in a sentence or two. " * 2,
                          "How it was resolved in the end.", "resolved", "A quote."))
        ents.append(Placement(f"c{i}", f"u{i}", f"p{i * 6}",
                              "How my daily work reaches the customer."))
        ents.append(Action(f"a{i}", "Follow up on the idea", f"Participant Ñúñez {i}",
                           "2026-06-01", f"p{i * 6}", "open"))
    ents += [Member(f"m{i}", f"Member {i}", f"d{i}", "Lead", i % 2 == 0) for i in range(10)]
    ents += [Change(f"h{i}", f"Change {i}", f"p{i * 12}", "a", "b", "c", "d", "e")
             for i in range(20)]
    ents += [Recognition(f"r{i}", f"Participant Ñúñez {i}", "A colleague", "Helped a customer",
                         "2026-05-01") for i in range(20)]
    ents += [AgendaItem(f"g{i}", f"Step {i}", 15, 800 + i * 30) for i in range(8)]
    w.apply([Add(e) for e in ents])
    return w


def pdf_report_s() -> list[float]:
    """Seconds to write the report and all 50 handouts for 300 processes (3 runs)."""
    from cxworkshop.export.pdf_export import ExportRequest, run_export
    w = large_workshop()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            request = ExportRequest(report=Path(tmp) / f"r{i}.pdf",
                                    handouts=Path(tmp) / f"h{i}")
            start = time.perf_counter()
            run_export(w, request)
            times.append(time.perf_counter() - start)
    return times  # seconds of each run (run.py prints the median and p99)


def pdf_big_all_s() -> list[float]:
    """Seconds for the big export: report, 60 handouts (one file each) and postcards for
    2,000 processes (2 runs)."""
    from cxworkshop.export.pdf_export import ExportRequest, run_export
    w = large_workshop(people=60, processes=2000)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2):
            request = ExportRequest(report=Path(tmp) / f"r{i}.pdf",
                                    handouts=Path(tmp) / f"h{i}",
                                    postcards=Path(tmp) / f"p{i}.pdf")
            start = time.perf_counter()
            run_export(w, request)
            times.append(time.perf_counter() - start)
    return times  # seconds of each run (run.py prints the median and p99)


def pdf_small_all_s() -> list[float]:
    """Seconds for report, handouts and postcards of the 16-process home-services sample."""
    from cxworkshop.export.pdf_export import ExportRequest, run_export
    from cxworkshop.io.json_io import loads
    from cxworkshop.resources import samples_dir
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            request = ExportRequest(report=Path(tmp) / f"r{i}.pdf",
                                    handouts=Path(tmp) / f"h{i}",
                                    postcards=Path(tmp) / f"p{i}.pdf")
            start = time.perf_counter()
            run_export(w, request)
            times.append(time.perf_counter() - start)
    return times  # seconds of each run (run.py prints the median and p99)


def pdf_report_kb() -> float:
    """Size in kB of the home-services report (fonts subset, fallback faces included)."""
    from cxworkshop.export.pdf_report import report_pdf
    from cxworkshop.io.json_io import loads
    from cxworkshop.resources import samples_dir
    w = loads((samples_dir() / "home-services.json").read_text(encoding="utf-8"))
    data, _pages = report_pdf(w)
    return len(data) / 1024


def pdf_report_20k_s() -> float:
    """Seconds for the report alone for 20,000 processes (peak memory: pdf_report_20k_mb)."""
    from cxworkshop.export.pdf_report import report_pdf
    w = large_workshop(people=20, processes=20000)
    start = time.perf_counter()
    report_pdf(w)
    return time.perf_counter() - start


BENCHMARKS = {"pdf_report_s": pdf_report_s, "pdf_big_all_s": pdf_big_all_s,
              "pdf_small_all_s": pdf_small_all_s, "pdf_report_kb": pdf_report_kb,
              "pdf_report_20k_s": pdf_report_20k_s}
