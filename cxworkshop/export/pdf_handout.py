"""A personal handout per participant: their story, their place on the map with
what feeds it and where it leads (down to the moments of truth), their
connect-the-dots line, the 5 Hows of changes touching their process, their actions.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

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
from .pdf_doc import Heading, Running, frame_sizes, render
from .pdf_map import NeighbourhoodMap, neighbourhood
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
    markup,
    para,
    plural,
    quoted,
    rich,
    short,
    text_width,
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
        self.rows = [dept_name(workshop, d) for d in depts] or ["Unassigned"]
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
                 caption: str = "You are here"):
        super().__init__()
        self.cols, self.rows = grid.cols, grid.rows
        self.counts, self.moments = grid.counts, grid.moments
        self.here = {grid.cell_of[pid] for pid in here if pid in grid.cell_of}
        self.caption = caption
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
                                   _fit(name, cw - 2, FONT_BOLD, 6.5))
        most = max(self.counts.values(), default=1)
        for r, name in enumerate(self.rows):
            y = top - (r + 1) * self.row_h
            canv.setFont(FONT, size)
            canv.setFillColor(MUTED)
            canv.drawString(0, y + (self.row_h - size) / 2 + 1,
                            _fit(name, self.label_w - 4, FONT, size))
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
                    label = "YOU ARE HERE" if cw > 52 else "YOU"
                    canv.drawCentredString(x + cw / 2, y + (self.row_h - 6) / 2 + 1.2, label)
                elif n:
                    canv.setFillColor(INK)
                    canv.setFont(FONT, 6)
                    canv.drawRightString(x + cw - 3, y + (self.row_h - 6) / 2 + 1.2, str(n))
        canv.setFillColor(INK)
        canv.rect(self.label_w, 0.5, 8, 6, stroke=0, fill=1)
        canv.setFont(FONT, 6.5)
        canv.setFillColor(MUTED)
        canv.drawString(self.label_w + 11, 1.3, f"{self.caption} · numbers: processes per "
                        "department and stage · orange frame: a moment of truth")
        canv.restoreState()


def _fit(text: str, width: float, font: str, size: float) -> str:
    """``text`` shortened with "…" to fit ``width`` points."""
    text = short(text, 60)
    while text and text_width(text, font, size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


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

    def story(self, person: Participant) -> list[Flowable]:
        w = self.w
        info = w.info
        kicker = "YOUR WORKSHOP HANDOUT"
        if is_anonymized(w):
            kicker += " · ANONYMIZED (customer names replaced)"
        out = [para(kicker, "cover_kicker"),
               Heading(person.name or "(unnamed participant)")]
        sub = ", ".join(x for x in (person.role, dept_name(w, person.department)) if x)
        about = _about(info)
        out.append(para(sub, "lead"))
        if about:
            out.append(para(about, "small"))
        out.append(para("Thank you for taking part. This is what you told the room, where your "
                        "work sits on the customer's journey, what you own, and what happens "
                        "next.", "body"))
        stories = self.stories.get(person.id, [])
        out += _section("The last customer you served")
        if stories:
            for s in stories:
                out += story_block(w, s, self.width, with_person=False)
        else:
            out.append(para("You did not share a story in this workshop.", "small"))

        placements = [pl for pl in self.placements.get(person.id, [])
                      if pl.process in w.table(Process)]
        pids = [pl.process for pl in placements]
        out += _section("Where your work sits on the map")
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
            out += _section("What you own")
            if owned:
                out.append(para("Processes", "h3"))
                out.append(data_table(
                    ["Process", "Department · stage", "Votes", "Priority"],
                    [[p.name or "(unnamed process)",
                      f"{dept_name(w, p.department)} · {stage_name(w, p.stage)}",
                      str(p.votes), self.rank_text(p) or "—"] for p in owned],
                    [self.width - 150 - 40 - 110, 150, 40, 110], right={2}))
            if owned_changes:
                out.append(para("Changes", "h3"))
                out.append(data_table(
                    ["Change", "Process", "Risk", "Decision"],
                    [[c.title or "(untitled change)", process_name(w, c.process) or "—",
                      RISK_LABELS.get(c.risk, c.risk), c.decision or "—"]
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
            out += _section("You were called out as a Customer Champion")
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
        tie = f", tied with {plural(ties, 'other')}" if ties else ""
        if rank == 1:
            return f"#1 priority of the group ({plural(proc.votes, 'vote')}{tie})"
        return f"#{rank} of {len(votes)} by votes ({plural(proc.votes, 'vote')}{tie})"

    def _next(self, person: Participant, pids: set[str]) -> list[Flowable]:
        w = self.w
        actions = list(w.table(Action).values())
        mine = [a for a in actions if _same_person(a.owner, person.name)]
        on_process = [a for a in actions if a.process in pids and a not in mine]
        votes: dict[str | None, int] = {p.id: p.votes for p in w.table(Process).values()}
        top = sorted((a for a in actions if a.status == "open" and a not in mine),
                     key=lambda a: (-votes.get(a.process, 0), a.due or "9999"))[:5]
        out = _section("What happens next")
        if mine:
            out.append(para("Your actions", "h3"))
            rows = [[a.text or "—", a.due or "—", process_name(w, a.process) or "—",
                     "Done" if a.status == "done" else "Open"] for a in mine]
            out.append(data_table(["Action", "Due", "Process", "Status"], rows,
                                  [self.width - 62 - 120 - 44, 62, 120, 44]))
        else:
            out.append(para("You do not own an action from this workshop.", "small"))
        if on_process:
            out.append(para("On your process, owned by others", "h3"))
            rows = [[a.text or "—", a.owner or "—", a.due or "—",
                     "Done" if a.status == "done" else "Open"] for a in on_process]
            out.append(data_table(["Action", "Owner", "Due", "Status"], rows,
                                  [self.width - 100 - 62 - 44, 100, 62, 44]))
        if top:
            out.append(para("The workshop's top open actions", "h3"))
            rows = [[a.text or "—", a.owner or "—", a.due or "—",
                     process_name(w, a.process) or "—"] for a in top]
            out.append(data_table(["Action", "Owner", "Due", "Process"], rows,
                                  [self.width - 100 - 62 - 120, 100, 62, 120]))
        elif not actions:
            out.append(para("The workshop has not agreed any actions yet.", "small"))
        return out

    def _department_view(self, person: Participant) -> list[Flowable]:
        """For someone not on the map: their department's processes and moments of truth."""
        w = self.w
        out = [para("You did not place yourself on the map in this workshop.", "small")]
        procs = [p for p in w.table(Process).values()
                 if person.department and p.department == person.department]
        if not procs:
            return out
        dept = dept_name(w, person.department)
        out.append(JourneyThumbnail(self.grid, {p.id for p in procs}, self.width,
                                    caption=f"Processes of {dept}"))
        out.append(Spacer(1, 6))
        out.append(para(f"Your department, {dept}, runs these processes:", "body"))
        out.append(data_table(
            ["Process", "Stage", "Votes", "Moment of truth"],
            [[p.name or "(unnamed process)", stage_name(w, p.stage), str(p.votes),
              "Yes" if p.id in self.moments else
              ("Leads to one" if self.graph.reaches_moment(p.id, self.moments) else "—")]
             for p in sorted(procs, key=lambda p: (p.stage, -p.votes))],
            [self.width - 120 - 40 - 90, 120, 40, 90], right={2}))
        touched = sorted({m for p in procs for m in self.graph.chain_to_moments(p.id,
                                                                                 self.moments)
                          if m in self.moments} | {p.id for p in procs if p.id in self.moments},
                         key=lambda m: process_name(w, m))
        if touched:
            out.append(para("Moments of truth your department touches: "
                            + ", ".join(process_name(w, m) for m in touched) + ".", "body"))
        return out

    def _placement(self, pl: Placement) -> list[Flowable]:
        w = self.w
        proc = w.table(Process).get(pl.process)
        if proc is None:
            return []
        nb = neighbourhood(w, proc.id, self.graph, self.moments)
        head = [para(proc.name or "(unnamed process)", "h3"),
                para(f"{dept_name(w, proc.department)} · stage {proc.stage + 1}: "
                     f"{stage_name(w, proc.stage)}", "small")]
        if pl.statement:
            head.append(card([para("HOW MY WORK REACHES THE CUSTOMER", "label"),
                              para(pl.statement, "body")], self.width))
            head.append(Spacer(1, 6))
        diagram = NeighbourhoodMap(w, nb, self.width, self.dept_colors)
        diagram.hAlign = "CENTER"
        out = [KeepTogether(head + [diagram])]

        def names(levels: list[list[str]]) -> str:
            bits = []
            for i, ids in enumerate(levels[:3], 1):
                label = "directly" if i == 1 else f"{i} steps away"
                bits.append(f"{label}: " + ", ".join(process_name(w, p) for p in ids[:8])
                            + (f" and {len(ids) - 8} more" if len(ids) > 8 else ""))
            if len(levels) > 3:
                rest = sum(len(x) for x in levels[3:])
                bits.append(f"further away: {plural(rest, 'process', 'processes')}")
            return "; ".join(bits)

        rows = [("FEEDS YOUR WORK", names(nb.upstream) or "Nothing on the map feeds it yet."),
                ("YOUR WORK FEEDS", names(nb.downstream) or "Nothing on the map follows it yet.")]
        if proc.moment_of_truth:
            moment = "Your process is itself a moment of truth for the customer."
        elif nb.moments:
            moment = "; ".join(
                f"{process_name(w, m)} ({plural(abs(s), 'step')} "
                f"{'downstream' if s > 0 else 'upstream'})" for m, s in nb.moments[:4])
        else:
            moment = "No path to a moment of truth on the map yet."
        rows.append(("MOMENT OF TRUTH", moment))
        rank = self.rank_text(proc)
        rows.append(("VOTES", rank or "No votes in this workshop."))
        notes = [n for n in w.table(Note).values() if n.process == proc.id]
        if notes:
            rows.append(("NOTES", "; ".join(f"{NOTE_LABELS.get(n.kind, n.kind)}: {n.text}"
                                            for n in notes[:8])
                         + (f"; and {len(notes) - 8} more" if len(notes) > 8 else "")))
        out.append(Spacer(1, 6))
        out.append(fields_table(rows, self.width, 110))
        out.append(Spacer(1, 8))
        return out

    def _changes(self, changes: Iterable[Change]) -> list[Flowable]:
        from ..model.changes import FIVE_HOWS
        w = self.w
        out = _section("Changes to your process: the 5 Hows")
        for change in changes:
            meta = f"{process_name(w, change.process)} · risk " \
                   f"{RISK_LABELS.get(change.risk, change.risk or '').lower()}"
            if change.owner:
                meta += f" · owner {change.owner}"
            inner = [rich(f"<b>{markup(change.title or '(untitled change)')}</b>", "body"),
                     para(meta, "small"),
                     fields_table([(q.upper(), getattr(change, f) or "— not answered —")
                                   for f, q, _g in FIVE_HOWS], self.width - 18, 150)]
            if change.decision:
                inner.append(rich(f"<b>Decision:</b> {markup(change.decision)}", "cell"))
            out += [card(inner, self.width), Spacer(1, 6)]
        return out

    def pdf(self, person: Participant) -> tuple[bytes, int]:
        info = self.w.info
        title = f"Workshop handout: {person.name or 'participant'}"
        left = info.title
        if is_anonymized(self.w):
            title, left = f"{title} (anonymized)", f"Anonymized · {info.title}"
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
        title = "Workshop handouts"
        left = info.title
        if is_anonymized(self.w):
            title, left = f"{title} (anonymized)", f"Anonymized · {info.title}"
        return render(story, self.paper, title, info.facilitator or info.organization,
                      Running(left=left, footer_left=_about(info)))


def handout_pdf(workshop: Workshop, participant_id: str, paper: str = "a4") -> tuple[bytes, int]:
    """One participant's handout as PDF bytes, and its page count."""
    return Handouts(workshop, paper).pdf(workshop.table(Participant)[participant_id])

