"""Report and handout parts for metrics, NPS, the parking lot and go-and-see visits.

:func:`metrics_sections` and :func:`followup_sections` give the report's
sections as ``(title, build, has_content)``; :func:`handout_metrics` the end of
a participant's handout: the customer numbers their work moves.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..i18n import N_, ngettext, tr
from ..model import metrics as M
from ..model.entities import (
    PARKING_STATUS_LABELS,
    Department,
    Metric,
    Nps,
    ParkingItem,
    Participant,
    Process,
)
from ..model.followup import go_and_sees, never_met_customer
from .pdf_style import data_table, markup, para, rich

if TYPE_CHECKING:
    from ..model.workshop import Workshop
    from .pdf_handout import Handouts
    from .pdf_report import Report

#: a report section: its title, what builds it, and whether it has content
Section = tuple[str, Callable[[], list[Flowable]], bool]

KIND_SHORT = {"outside_in": N_("Outside-in"), "inside_out": N_("Inside-out")}


def _dept(w: Workshop, did: str | None) -> str:
    d = w.table(Department).get(did) if did else None
    return (d.name or tr("(unnamed)")) if d is not None else "—"


def _proc(w: Workshop, pid: str | None) -> str:
    p = w.table(Process).get(pid) if pid else None
    return (p.name or tr("(unnamed process)")) if p is not None else "—"


def _person(w: Workshop, uid: str | None) -> str:
    p = w.table(Participant).get(uid) if uid else None
    return (p.name or tr("(unnamed)")) if p is not None else ""


def _value_cell(m: Metric) -> str:
    text = M.gauge_text(m)
    hit = M.on_target(m)
    if m.target is not None:
        text += " / " + tr("target {value}").format(value=M.format_value(m.target, m.unit))
    if hit is None:
        return escape(text)
    return f"<font color='{'#2f7d4f' if hit else '#b5473a'}'>{escape(text)}</font>"


def metrics_sections(report: Report) -> list[Section]:
    w = report.w
    return [(tr("Metrics: what the customer feels, and what moves it"),
             lambda: metrics_section(report), bool(w.table(Metric) or w.table(Nps)))]


def followup_sections(report: Report) -> list[Section]:
    w = report.w
    return [(tr("Parking lot"), lambda: parking_section(report), bool(w.table(ParkingItem))),
            (tr("Go and see"), lambda: go_and_see_section(report),
             bool(go_and_sees(w) or never_met_customer(w)))]


def metrics_section(report: Report) -> list[Flowable]:
    w, width = report.w, report.width
    graph = report.graph
    metrics = list(w.table(Metric).values())
    outside = [m for m in metrics if m.kind == "outside_in"]
    inside = [m for m in metrics if m.kind == "inside_out"]
    out = [para(tr("{outside} (what the customer experiences) and {inside} (what a department "
                   "measures of its own work). Each customer number is paired with the "
                   "departments' numbers upstream of it on the map.").format(
        outside=ngettext("{n} outside-in metric", "{n} outside-in metrics",
                         len(outside)).format(n=len(outside)),
        inside=ngettext("{n} inside-out metric", "{n} inside-out metrics",
                        len(inside)).format(n=len(inside))), "lead")]
    if metrics:
        index = M.MetricIndex.of(w)
        rows = []
        for mid, related in M.pairing(w, graph):
            m = w.table(Metric)[mid]
            moved = [w.table(Metric)[k] for k in related]
            cell = "<br/>".join(f"{markup(x.name)} <font color='#616e7c'>"
                                f"({markup(_dept(w, x.department))}"
                                f", {escape(M.gauge_text(x))})</font>" for x in moved)
            none_yet = escape(tr("none upstream yet"))
            rows.append([rich(f"<b>{markup(m.name or tr('(unnamed)'))}</b>", "cell"),
                         rich(_value_cell(m), "cell"),
                         rich(cell or f"<font color='#b5473a'>{none_yet}</font>", "cell")])
        if rows:
            out.append(para(tr("Pairing: customer numbers and the numbers that move them"),
                            "h2"))
            out.append(data_table([tr("Outside-in metric"), tr("Now"),
                                   tr("Inside-out metrics upstream")],
                                  rows, [width * 0.3, width * 0.22, width * 0.48]))
        out.append(para(tr("All metrics"), "h2"))
        rows = [[m.name or tr("(unnamed)"), tr(KIND_SHORT[m.kind]), _dept(w, m.department),
                 rich(_value_cell(m), "cell"),
                 ", ".join(_proc(w, p) for p in index.processes_of.get(m.id, ())) or "—"]
                for m in metrics]
        out.append(data_table([tr("Metric"), tr("Kind"), tr("Department"), tr("Now"),
                               tr("Processes")], rows,
                              [width * 0.27, width * 0.12, width * 0.15, width * 0.2,
                               width * 0.26]))
        lonely = M.unreached_metrics(w, graph)
        out.append(para(tr("Metrics with no path to the customer"), "h2"))
        if lonely:
            out.append(para(tr("Measured, but no process of theirs leads to an outside-in "
                               "metric: link them to the work they measure, or ask whether "
                               "they are worth measuring."), "body"))
            for k in lonely:
                m = w.table(Metric)[k]
                out.append(rich(f"⚠ <b>{markup(m.name or tr('(unnamed)'))}</b> — "
                                f"{markup(_dept(w, m.department))}", "bullet"))
        else:
            out.append(para(tr("None: every inside-out metric reaches a customer number."),
                            "body"))
    if w.table(Nps):
        out += _nps_part(report)
    return out


def _nps_part(report: Report) -> list[Flowable]:
    w, width = report.w, report.width
    out = [para(tr("NPS for everyone"), "h2")]
    session = M.session_nps(w)
    if session is not None:
        out.append(para(tr("Whole session: {score}.").format(score=session.text()), "body"))
    rows = []
    for d in w.table(Department).values():
        info = M.department_nps(w, d.id, report.graph)
        own = [info.own.text()] if info.own is not None else []
        own += [f"{_proc(w, p)}: {r.text()}" for p, r in info.processes]
        fed = [f"{_proc(w, p)}: {r.text()}" for p, r in info.fed_moments if r is not None]
        rows.append([d.name or tr("(unnamed)"),
                     "; ".join(own) or ("—" if info.touches_moment
                                        else tr("owns no moment of truth")),
                     "; ".join(fed) or "—"])
    if rows:
        out.append(para(tr("A department that owns no moment of truth sees the score of the "
                           "moments its work feeds."), "small"))
        out.append(data_table([tr("Department"), tr("Its own score"),
                               tr("Moments of truth it feeds")],
                              rows, [width * 0.22, width * 0.33, width * 0.45]))
    return out


def parking_section(report: Report) -> list[Flowable]:
    w, width = report.w, report.width
    items = list(w.table(ParkingItem).values())
    open_ = [i for i in items if i.status == "open"]
    out = [para(ngettext("{n} question or idea that belonged to no process; {open} still open.",
                         "{n} questions and ideas that belonged to no process; {open} still "
                         "open.", len(items)).format(n=len(items), open=len(open_)), "lead")]
    order = {"open": 0, "moved": 1, "answered": 2}
    rows = [[str(n), i.text or "—", tr("Question") if i.kind == "question" else tr("Idea"),
             i.owner or "—", tr(PARKING_STATUS_LABELS.get(i.status, i.status))]
            for n, i in enumerate(sorted(items, key=lambda i: order.get(i.status, 3)), 1)]
    out.append(data_table(["#", tr("Question or idea"), tr("Kind"), tr("Owner"), tr("Status")],
                          rows,
                          [18, width - 18 - 56 - 100 - 62, 56, 100, 62], right={0}))
    return out


def go_and_see_section(report: Report) -> list[Flowable]:
    w, width = report.w, report.width
    unmet = never_met_customer(w)
    out = [para(tr("People whose work is behind the scenes see a customer with their own "
                   "eyes: a ride-along or an hour of shadowing at a frontstage process."),
                "lead")]
    out.append(para(tr("Who has not met a customer"), "h2"))
    if unmet:
        rows = []
        for u in unmet:
            plans = "<br/>".join(
                f"{markup(a.text or tr('Go and see'))}"
                + (f" — {markup(_proc(w, a.process))}" if a.process else "")
                + (" " + markup(tr("with {person}").format(person=_person(w, a.host)))
                   if a.host else "")
                + (f", {a.due}" if a.due else "")
                + (" " + escape(tr("(done)")) if a.status == "done" else "")
                for a in u.visits)
            none_yet = escape(tr("none planned yet"))
            rows.append([u.person.name or tr("(unnamed)"), _dept(w, u.person.department),
                         tr(u.reason),
                         rich(plans or f"<font color='#b5473a'><b>{none_yet}</b></font>",
                              "cell")])
        out.append(data_table([tr("Person"), tr("Department"), tr("Why"),
                               tr("Planned go-and-see")], rows,
                              [width * 0.2, width * 0.18, width * 0.2, width * 0.42]))
    else:
        out.append(para(tr("Everyone in this workshop has met a customer recently."), "body"))
    visits = go_and_sees(w)
    if visits:
        out.append(para(tr("All go-and-see visits"), "h2"))
        rows = [[_person(w, a.person) or a.owner or "—", a.text or "—",
                 _proc(w, a.process), _person(w, a.host) or "—", a.due or "—",
                 tr("Done") if a.status == "done" else tr("Open")] for a in visits]
        out.append(data_table([tr("Who goes"), tr("Visit"), tr("Where"), tr("With"), tr("Date"),
                               tr("Status")], rows,
                              [width * 0.17, width * 0.28, width * 0.18, width * 0.15, 62,
                               width * 0.22 - 62]))
    return out


def handout_metrics(handouts: Handouts, person: Participant) -> list[Flowable]:
    """"The customer numbers your work moves": the end of a participant's handout."""
    w = handouts.w
    pids = {pl.process for pl in handouts.placements.get(person.id, [])}
    mine = True
    if not pids and person.department:
        pids = {p.id for p in w.table(Process).values()
                if p.department == person.department}
        mine = False
    if not pids:
        return []
    ids = M.customer_metrics_for_processes(w, pids, handouts.graph)
    own = [m for m in w.table(Metric).values()
           if m.kind == "inside_out" and person.department and m.department == person.department]
    nps = handouts.department_nps(person.department) if person.department else None
    if not ids and not own and not (nps and (nps.fed_moments or nps.own)):
        return []
    out = [para(tr("The customer numbers your work moves"), "h2")]
    if ids:
        out.append(para(tr("What your work feeds reaches these outside-in metrics — what the "
                           "customer experiences:") if mine else
                        tr("What your department's work feeds reaches these outside-in "
                           "metrics — what the customer experiences:"), "body"))
        for k in ids:
            m = w.table(Metric)[k]
            out.append(rich(f"● <b>{markup(m.name or tr('(unnamed)'))}</b> — {_value_cell(m)}",
                            "bullet"))
    else:
        out.append(para(tr("No customer metric is linked downstream of your work yet.") if mine
                        else tr("No customer metric is linked downstream of your department's "
                                "work yet."), "small"))
    if own:
        out.append(para(tr("Your department's own numbers:"), "h3"))
        for m in own:
            out.append(rich(f"○ {markup(m.name or tr('(unnamed)'))} — {_value_cell(m)}",
                            "bullet"))
    if nps is not None:
        fed = [(p, r) for p, r in nps.fed_moments if r is not None]
        if nps.own is not None:
            out.append(para(tr("Your department's NPS: {score}.").format(score=nps.own.text()),
                            "body"))
        if fed:
            lines = "; ".join(f"{_proc(w, p)} {r.text()}" for p, r in fed)
            out.append(para(tr("Moments of truth your work feeds: {list}.").format(list=lines),
                            "body"))
    return [KeepTogether(out), Spacer(1, 4)]
