"""Maps for the map tests and benchmarks: a 16-process workshop whose stored
positions stack (as another tool might write it)."""
from __future__ import annotations

from cxworkshop.model import Add, Department, Link, Note, Process, Workshop

STACKED = {"p03": "p02", "p06": "p05", "p09": "p08", "p12": "p11", "p15": "p14"}


def stacked_workshop() -> Workshop:
    """16 processes in 4 departments × 5 stages; five of them (four moments of
    truth, one with 7 votes) stored exactly on top of another box, one stored
    outside its cell, and a note stored over a box name."""
    w = Workshop()
    depts = [Department(f"d{i}", name, color) for i, (name, color) in enumerate(
        [("Sales", "#1f77b4"), ("Dispatch", "#ff7f0e"), ("Field", "#2ca02c"),
         ("Billing", "#d62728")])]
    procs = []
    for i in range(16):
        pid = f"p{i:02d}"
        dept, stage = depts[(i // 3) % 4].id, min(4, i // 3)
        procs.append(Process(pid, f"Step {i:02d} of the journey", dept, stage,
                             x=16.0, y=16.0 + (i % 3) * 90))
    by_id = {p.id: p for p in procs}
    for top, under in STACKED.items():
        moment = top != "p09"
        by_id[top] = by_id[top].replace(department=by_id[under].department,
                                        stage=by_id[under].stage, x=by_id[under].x,
                                        y=by_id[under].y, moment_of_truth=moment,
                                        votes=0 if moment else 7)
    by_id["p00"] = by_id["p00"].replace(x=-300.0, y=25000.0)   # outside its cell
    links = [Link(f"l{i}", f"p{i:02d}", f"p{i + 1:02d}") for i in range(15)]
    notes = [Note("n1", "p01", "pain", "Customers wait a week", x=10.0, y=8.0)]
    w.apply([Add(e) for e in (*depts, *by_id.values(), *links, *notes)])
    return w
