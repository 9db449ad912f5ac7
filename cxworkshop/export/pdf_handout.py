"""A personal handout per participant: their story, their place on the map with
what feeds it and where it leads (down to the moments of truth), their
connect-the-dots line, the 5 Hows of changes touching their process, their actions.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from ..i18n import ngettext, tr
from ..model.anonymize import is_anonymized
from ..model.entities import (
    Action,
    Change,
    Department,
    Note,
    Participant,
    Placement,
    Process,
    Recognition,
    SessionInfo,
    Story,
)
from ..model.graph import ProcessGraph, moments_of_truth
from ..model.metrics import DepartmentNps, department_nps
from .pdf_doc import Heading, Running, frame_sizes, render
from .pdf_map import Neighbourhood, NeighbourhoodMap, neighbourhood
from .pdf_report import (
    RISK_LABELS,
    card,
    dept_name,
    fields_table,
    process_name,
    stage_name,
    story_block,
)
from .pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    INK,
    MOMENT,
    MUTED,
    NOTE_LABELS,
    RULE,
    color,
    data_table,
    fit_text,
    markup,
    para,
    quoted,
    rich,
    tint,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

# Characters no common filesystem accepts in a name (Windows is the strictest).
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}
MAX_NAME_BYTES = 120


def safe_filename(name: str, fallback: str = "participant") -> str:
    """``name`` made into a file name (without extension) every filesystem accepts.

    Keeps letters of any script (NFC), drops what Windows, macOS or Linux
    forbid, trims trailing dots and spaces, avoids reserved device names and
    limits the UTF-8 length.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C"
                   or ch in " ")  # no control, format, surrogate or private chars
    text = _UNSAFE.sub("_", text)
    text = " ".join(text.split())
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.strip(" .")
    if not text or set(text) <= {"_"}:
        text = fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text


def handout_filenames(participants: Iterable[Participant]) -> dict[str, str]:
    """``{participant id: "Name.pdf"}``, unique even on case-insensitive filesystems."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for person in participants:
        base = safe_filename(person.name)
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base} ({n})"
        taken.add(name.casefold())
        out[person.id] = f"{name}.pdf"
    return out


def _about(info: SessionInfo) -> str:
    """"Title · Organization · date", without repeating an organization the title names."""
    org = info.organization if info.organization not in info.title else ""
    return " · ".join(x for x in (info.title, org, info.date or "") if x)


@functools.lru_cache(maxsize=4096)   # the same owners are compared for every handout
def _person_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def _same_person(a: str, b: str) -> bool:
    return bool(_person_key(a)) and _person_key(a) == _person_key(b)


def _section(title: str) -> list[Flowable]:
    """A section heading that never ends a page alone: a new page starts when less
    than a few lines' room is left, and the heading keeps with what follows."""
    return [CondPageBreak(45 * mm), para(title, "h2")]


class JourneyGrid:
    """Departments × stages of a workshop, counted once for every handout's thumbnail."""

    def __init__(self, workshop: Workshop):
        procs = list(workshop.table(Process).values())
        stages = max([len(workshop.info.stages)] + [p.stage + 1 for p in procs])
        depts: list[str | None] = list(workshop.table(Department))
        if any(p.department not in workshop.table(Department) for p in procs):
            depts.append(None)
        self.cols = [stage_name(workshop, i) for i in range(max(stages, 1))]
        self.rows = [dept_name(workshop, d) for d in depts] or [tr("Unassigned")]
        index = {d: i for i, d in enumerate(depts)}
        self.counts: dict[tuple[int, int], int] = {}
        self.moments: set[tuple[int, int]] = set()
        self.cell_of: dict[str, tuple[int, int]] = {}
        for p in procs:
            cell = (index.get(p.department if p.department in index else None, 0),
                    max(p.stage, 0))
            self.counts[cell] = self.counts.get(cell, 0) + 1
            self.cell_of[p.id] = cell
            if p.moment_of_truth:
                self.moments.add(cell)


class JourneyThumbnail(Flowable):
    """The whole journey in miniature: departments × stages, each cell shaded by how many
    processes it holds; the reader's cells are marked "you are here"."""

    def __init__(self, grid: JourneyGrid, here: set[str], max_width: float,
                 caption: str | None = None):
        super().__init__()
        self.cols, self.rows = grid.cols, grid.rows
        self.counts, self.moments = grid.counts, grid.moments
        self.here = {grid.cell_of[pid] for pid in here if pid in grid.cell_of}
        self.caption = caption or tr("You are here")
        self.label_w = min(110.0, max_width * 0.25)
        self.row_h = 11.0 if len(self.rows) <= 12 else max(6.5, 132.0 / len(self.rows))
        self.width = max_width
        self.height = 16 + len(self.rows) * self.row_h + 12

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        cw = (self.width - self.label_w) / len(self.cols)
        top = self.height - 16
        size = max(6.0, min(7.0, self.row_h - 3))
        canv.saveState()
        canv.setFont(FONT_BOLD, 6.5)
        canv.setFillColor(MUTED)
        for i, name in enumerate(self.cols):
            canv.drawCentredString(self.label_w + (i + 0.5) * cw, top + 4,
                                   fit_text(name, cw - 2, FONT_BOLD, 6.5))
        most = max(self.counts.values(), default=1)
        for r, name in enumerate(self.rows):
            y = top - (r + 1) * self.row_h
            canv.setFont(FONT, size)
            canv.setFillColor(MUTED)
            canv.drawString(0, y + (self.row_h - size) / 2 + 1,
                            fit_text(name, self.label_w - 4, FONT, size))
            for c in range(len(self.cols)):
                n = self.counts.get((r, c), 0)
                x = self.label_w + c * cw
                canv.setFillColor(tint(ACCENT, 0.92 - 0.5 * n / most) if n else colors.white)
                canv.setStrokeColor(RULE)
                canv.setLineWidth(0.4)
                canv.rect(x, y, cw, self.row_h, stroke=1, fill=1)
                if (r, c) in self.moments:
                    canv.setStrokeColor(MOMENT)
                    canv.setLineWidth(1.2)
                    canv.rect(x + 0.8, y + 0.8, cw - 1.6, self.row_h - 1.6, stroke=1, fill=0)
                if (r, c) in self.here:
                    canv.setFillColor(INK)
                    canv.rect(x + 1.5, y + 1.5, cw - 3, self.row_h - 3, stroke=0, fill=1)
                    canv.setFillColor(colors.white)
                    canv.setFont(FONT_BOLD, 6)
                    label = tr("YOU ARE HERE") if cw > 52 else tr("YOU")
                    canv.drawCentredString(x + cw / 2, y + (self.row_h - 6) / 2 + 1.2, label)
                elif n:
                    canv.setFillColor(INK)
                    canv.setFont(FONT, 6)
                    canv.drawRightString(x + cw - 3, y + (self.row_h - 6) / 2 + 1.2, str(n))
        canv.setFillColor(INK)
        canv.rect(self.label_w, 0.5, 8, 6, stroke=0, fill=1)
        canv.setFont(FONT, 6.5)
        canv.setFillColor(MUTED)
        canv.drawString(self.label_w + 11, 1.3, tr(
            "{caption} · numbers: processes per department and stage · orange frame: a "
            "moment of truth").format(caption=self.caption))
        canv.restoreState()


class Handouts:
    """Builds handouts for one workshop (graph and moments computed once)."""

    def __init__(self, workshop: Workshop, paper: str = "a4"):
        self.w = workshop
        self.paper = paper
        self.width = frame_sizes(paper)[0][0]
        self.graph = ProcessGraph.of(workshop)
        self.moments = moments_of_truth(workshop)
        self.dept_colors = {d.id: color(d.color)
                            for d in workshop.table(Department).values()}
        self.placements: dict[str, list[Placement]] = {}
        for pl in workshop.table(Placement).values():
            self.placements.setdefault(pl.participant, []).append(pl)
        self.stories: dict[str, list[Story]] = {}
        for s in workshop.table(Story).values():
            self.stories.setdefault(s.participant, []).append(s)
        self.grid = JourneyGrid(workshop)
        self.neg_votes = sorted(-p.votes for p in workshop.table(Process).values())
        self.owned: dict[str, list[Process]] = {}
        for p in workshop.table(Process).values():
            if p.owner:
                self.owned.setdefault(_person_key(p.owner), []).append(p)
        self._nps: dict[str, DepartmentNps] = {}
        self._neighbourhoods: dict[str, Neighbourhood] = {}
        self._reaching: set[str] | None = None
        self._nearest: dict[str, set[str]] | None = None
        self.votes: dict[str | None, int] = {p.id: p.votes
                                             for p in workshop.table(Process).values()}

    def reaching_moments(self) -> set[str]:
        """The processes that are a moment of truth or have one up- or downstream (what
        :meth:`ProcessGraph.reaches_moment` answers for one), found by one search up and
        one down from all the moments, the first time it is asked."""
        if self._reaching is None:
            graph, moments = self.graph, self.moments
            self._reaching = set(moments) | graph.ancestors(moments) | graph.descendants(
                moments)
        return self._reaching

    def department_nps(self, did: str) -> DepartmentNps:
        """The NPS picture of department ``did`` (worked out once for all its people)."""
        nps = self._nps.get(did)
        if nps is None:
            nps = self._nps[did] = department_nps(self.w, did, self.graph)
        return nps

    def story(self, person: Participant) -> list[Flowable]:
        w = self.w
        info = w.info
        kicker = tr("YOUR WORKSHOP HANDOUT")
        if is_anonymized(w):
            kicker = tr("YOUR WORKSHOP HANDOUT · ANONYMIZED (customer names replaced)")
        out = [para(kicker, "cover_kicker"),
               Heading(person.name or tr("(unnamed participant)"))]
        sub = ", ".join(x for x in (person.role, dept_name(w, person.department)) if x)
        about = _about(info)
        out.append(para(sub, "lead"))
        if about:
            out.append(para(about, "small"))
        out.append(para(tr("Thank you for taking part. This is what you told the room, where "
                           "your work sits on the customer's journey, what you own, and what "
                           "happens next."), "body"))
        stories = self.stories.get(person.id, [])
        out += _section(tr("The last customer you served"))
        if stories:
            for s in stories:
                out += story_block(w, s, self.width, with_person=False)
        else:
            out.append(para(tr("You did not share a story in this workshop."), "small"))

        placements = [pl for pl in self.placements.get(person.id, [])
                      if pl.process in w.table(Process)]
        pids = [pl.process for pl in placements]
        out += _section(tr("Where your work sits on the map"))
        if placements:
            out.append(JourneyThumbnail(self.grid, set(pids), self.width))
            out.append(Spacer(1, 8))
            for pl in placements:
                out += self._placement(pl)
        else:
            out += self._department_view(person)

        owned = self.owned.get(_person_key(person.name), []) if person.name else []
        owned_changes = [c for c in w.table(Change).values()
                         if _same_person(c.owner, person.name)]
        if owned or owned_changes:
            out += _section(tr("What you own"))
            if owned:
                out.append(para(tr("Processes"), "h3"))
                out.append(data_table(
                    [tr("Process"), tr("Department · stage"), tr("Votes"), tr("Priority")],
                    [[p.name or tr("(unnamed process)"),
                      f"{dept_name(w, p.department)} · {stage_name(w, p.stage)}",
                      str(p.votes), self.rank_text(p) or "—"] for p in owned],
                    [self.width - 150 - 40 - 110, 150, 40, 110], right={2}))
            if owned_changes:
                out.append(para(tr("Changes"), "h3"))
                out.append(data_table(
                    [tr("Change"), tr("Process"), tr("Risk"), tr("Decision")],
                    [[c.title or tr("(untitled change)"), process_name(w, c.process) or "—",
                      tr(RISK_LABELS.get(c.risk, c.risk or "")), c.decision or "—"]
                     for c in owned_changes],
                    [self.width - 120 - 60 - 130, 120, 60, 130]))

        changes = [c for c in w.table(Change).values()
                   if c.process in set(pids) and c not in owned_changes]
        if changes:
            out += self._changes(changes)
        out += self._next(person, set(pids))
        called = [r for r in w.table(Recognition).values()
                  if _same_person(r.nominee, person.name)]
        if called:
            out += _section(tr("You were called out as a Customer Champion"))
            for r in called:
                by = f" — {r.nominator}" if r.nominator else ""
                out.append(para(f"{quoted(r.behaviour)}{by}", "quote"))
        from .pdf_metrics import handout_metrics
        out += handout_metrics(self, person)  # ends with the customer numbers they move
        return out

    # ranks, next steps, people not on the map ---------------------------------------------
    def rank_text(self, proc: Process) -> str:
        """"#1 priority of the group (5 votes)", "#3 of 16 by votes, tied with 1 other"…"""
        if not proc.votes:
            return ""
        votes = self.neg_votes  # negated, ascending: most votes first
        rank = 1 + bisect.bisect_left(votes, -proc.votes)
        ties = bisect.bisect_right(votes, -proc.votes) - rank
        count = ngettext("{n} vote", "{n} votes", proc.votes).format(n=proc.votes)
        if ties:
            count += ngettext(", tied with {n} other", ", tied with {n} others",
                              ties).format(n=ties)
        if rank == 1:
            return tr("#1 priority of the group ({votes})").format(votes=count)
        return tr("#{rank} of {total} by votes ({votes})").format(rank=rank, total=len(votes),
                                                                  votes=count)

    def _next(self, person: Participant, pids: set[str]) -> list[Flowable]:
        w = self.w
        actions = list(w.table(Action).values())
        mine = [a for a in actions if _same_person(a.owner, person.name)]
        on_process = [a for a in actions if a.process in pids and a not in mine]
        votes = self.votes
        top = sorted((a for a in actions if a.status == "open" and a not in mine),
                     key=lambda a: (-votes.get(a.process, 0), a.due or "9999"))[:5]
        out = _section(tr("What happens next"))
        done, open_ = tr("Done"), tr("Open")
        if mine:
            out.append(para(tr("Your actions"), "h3"))
            rows = [[a.text or "—", a.due or "—", process_name(w, a.process) or "—",
                     done if a.status == "done" else open_] for a in mine]
            out.append(data_table([tr("Action"), tr("Due"), tr("Process"), tr("Status")], rows,
                                  [self.width - 62 - 120 - 44, 62, 120, 44]))
        else:
            out.append(para(tr("You do not own an action from this workshop."), "small"))
        if on_process:
            out.append(para(tr("On your process, owned by others"), "h3"))
            rows = [[a.text or "—", a.owner or "—", a.due or "—",
                     done if a.status == "done" else open_] for a in on_process]
            out.append(data_table([tr("Action"), tr("Owner"), tr("Due"), tr("Status")], rows,
                                  [self.width - 100 - 62 - 44, 100, 62, 44]))
        if top:
            out.append(para(tr("The workshop's top open actions"), "h3"))
            rows = [[a.text or "—", a.owner or "—", a.due or "—",
                     process_name(w, a.process) or "—"] for a in top]
            out.append(data_table([tr("Action"), tr("Owner"), tr("Due"), tr("Process")], rows,
                                  [self.width - 100 - 62 - 120, 100, 62, 120]))
        elif not actions:
            out.append(para(tr("The workshop has not agreed any actions yet."), "small"))
        return out

    def _department_view(self, person: Participant) -> list[Flowable]:
        """For someone not on the map: their department's processes and moments of truth."""
        w = self.w
        out = [para(tr("You did not place yourself on the map in this workshop."), "small")]
        procs = [p for p in w.table(Process).values()
                 if person.department and p.department == person.department]
        if not procs:
            return out
        dept = dept_name(w, person.department)
        out.append(JourneyThumbnail(self.grid, {p.id for p in procs}, self.width,
                                    caption=tr("Processes of {department}").format(
                                        department=dept)))
        out.append(Spacer(1, 6))
        out.append(para(tr("Your department, {department}, runs these processes:").format(
            department=dept), "body"))
        out.append(data_table(
            [tr("Process"), tr("Stage"), tr("Votes"), tr("Moment of truth")],
            [[p.name or tr("(unnamed process)"), stage_name(w, p.stage), str(p.votes),
              tr("Yes") if p.id in self.moments else
              (tr("Leads to one") if p.id in self.reaching_moments() else "—")]
             for p in sorted(procs, key=lambda p: (p.stage, -p.votes))],
            [self.width - 120 - 40 - 90, 120, 40, 90], right={2}))
        if self._nearest is None:   # worked out once for everyone not on the map
            self._nearest = self.graph.nearest_moments(self.moments)
        nearest = self._nearest
        touched = sorted({m for p in procs for m in nearest.get(p.id, ())},
                         key=lambda m: process_name(w, m))
        if touched:
            out.append(para(tr("Moments of truth your department touches: {names}.").format(
                names=", ".join(process_name(w, m) for m in touched)), "body"))
        return out

    def _placement(self, pl: Placement) -> list[Flowable]:
        w = self.w
        proc = w.table(Process).get(pl.process)
        if proc is None:
            return []
        nb = self._neighbourhoods.get(proc.id)
        if nb is None:   # people on the same process share it (a search of the map)
            nb = self._neighbourhoods[proc.id] = neighbourhood(w, proc.id, self.graph,
                                                               self.moments)
        head = [para(proc.name or tr("(unnamed process)"), "h3"),
                para(tr("{department} · stage {number}: {stage}").format(
                    department=dept_name(w, proc.department), number=proc.stage + 1,
                    stage=stage_name(w, proc.stage)), "small")]
        if pl.statement:
            head.append(card([para(tr("HOW MY WORK REACHES THE CUSTOMER"), "label"),
                              para(pl.statement, "body")], self.width))
            head.append(Spacer(1, 6))
        diagram = NeighbourhoodMap(w, nb, self.width, self.dept_colors)
        diagram.hAlign = "CENTER"
        out = [KeepTogether(head + [diagram])]

        def names(levels: list[list[str]]) -> str:
            # the three nearest distances that hold processes, each with its true number
            # of steps (around a loop a distance can be empty: nearer on the other side)
            shown = [(i, ids) for i, ids in enumerate(levels, 1) if ids]
            bits = []
            for i, ids in shown[:3]:
                label = tr("directly") if i == 1 else tr("{n} steps away").format(n=i)
                listed = ", ".join(process_name(w, p) for p in ids[:8])
                if len(ids) > 8:
                    listed = tr("{names} and {n} more").format(names=listed, n=len(ids) - 8)
                bits.append(f"{label}: {listed}")
            if len(shown) > 3:
                rest = sum(len(ids) for _i, ids in shown[3:])
                bits.append(ngettext("further away: {n} process", "further away: {n} processes",
                                     rest).format(n=rest))
            return "; ".join(bits)

        rows = [(tr("FEEDS YOUR WORK"),
                 names(nb.upstream) or tr("Nothing on the map feeds it yet.")),
                (tr("YOUR WORK FEEDS"),
                 names(nb.downstream) or tr("Nothing on the map follows it yet."))]
        if proc.moment_of_truth:
            moment = tr("Your process is itself a moment of truth for the customer.")
        elif nb.moments:
            moment = "; ".join(
                (ngettext("{name} ({n} step downstream)", "{name} ({n} steps downstream)", s)
                 if s > 0 else
                 ngettext("{name} ({n} step upstream)", "{name} ({n} steps upstream)", -s)
                 ).format(name=process_name(w, m), n=abs(s)) for m, s in nb.moments[:4])
        else:
            moment = tr("No path to a moment of truth on the map yet.")
        rows.append((tr("MOMENT OF TRUTH"), moment))
        rank = self.rank_text(proc)
        rows.append((tr("VOTES"), rank or tr("No votes in this workshop.")))
        notes = [n for n in w.table(Note).values() if n.process == proc.id]
        if notes:
            listed = "; ".join(f"{tr(NOTE_LABELS.get(n.kind, n.kind))}: {n.text}"
                               for n in notes[:8])
            if len(notes) > 8:
                listed = tr("{notes}; and {n} more").format(notes=listed, n=len(notes) - 8)
            rows.append((tr("NOTES"), listed))
        out.append(Spacer(1, 6))
        out.append(fields_table(rows, self.width, 110))
        out.append(Spacer(1, 8))
        return out

    def _changes(self, changes: Iterable[Change]) -> list[Flowable]:
        from ..model.changes import FIVE_HOWS
        w = self.w
        out = _section(tr("Changes to your process: the 5 Hows"))
        for change in changes:
            meta = tr("{process} · risk {risk}").format(
                process=process_name(w, change.process),
                risk=tr(RISK_LABELS.get(change.risk, change.risk or "")).lower())
            if change.owner:
                meta += " · " + tr("owner {name}").format(name=change.owner)
            title = markup(change.title or tr("(untitled change)"))
            inner = [rich(f"<b>{title}</b>", "body"),
                     para(meta, "small"),
                     fields_table([(tr(q).upper(), getattr(change, f) or tr("— not answered —"))
                                   for f, q, _g in FIVE_HOWS], self.width - 18, 150)]
            if change.decision:
                inner.append(rich(f"<b>{markup(tr('Decision:'))}</b> {markup(change.decision)}",
                                  "cell"))
            out += [card(inner, self.width), Spacer(1, 6)]
        return out

    def pdf(self, person: Participant) -> tuple[bytes, int]:
        info = self.w.info
        title = tr("Workshop handout: {name}").format(name=person.name or tr("participant"))
        left = info.title
        if is_anonymized(self.w):
            title = tr("{title} (anonymized)").format(title=title)
            left = f"{tr('Anonymized')} · {info.title}"
        return render(self.story(person), self.paper, title,
                      info.facilitator or info.organization,
                      Running(left=left, footer_left=_about(info)))


    def combined_pdf(self, people: list[Participant]) -> tuple[bytes, int]:
        """Every handout in one PDF for printing: each starts on a new page and has a
        bookmark with the person's name."""
        info = self.w.info
        story: list[Flowable] = []
        for i, person in enumerate(people):
            if i:
                story.append(PageBreak())
            story += self.story(person)
        title = tr("Workshop handouts")
        left = info.title
        if is_anonymized(self.w):
            title = tr("{title} (anonymized)").format(title=title)
            left = f"{tr('Anonymized')} · {info.title}"
        return render(story, self.paper, title, info.facilitator or info.organization,
                      Running(left=left, footer_left=_about(info)))


def handout_pdf(workshop: Workshop, participant_id: str, paper: str = "a4") -> tuple[bytes, int]:
    """One participant's handout as PDF bytes, and its page count."""
    return Handouts(workshop, paper).pdf(workshop.table(Participant)[participant_id])

