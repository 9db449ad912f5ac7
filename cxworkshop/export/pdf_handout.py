"""A personal handout per participant: their story, their place on the map with
what feeds it and where it leads (down to the moments of truth), their
connect-the-dots line, the 5 Hows of changes touching their process, their actions.
"""
from __future__ import annotations

import re
import unicodedata

from reportlab.platypus import KeepTogether, Spacer

from ..model.anonymize import is_anonymized
from ..model.graph import ProcessGraph, moments_of_truth
from .pdf_doc import Heading, Running, frame_sizes, render
from .pdf_map import NeighbourhoodMap, neighbourhood
from .pdf_report import RISK_LABELS, card, dept_name, fields_table, process_name, stage_name, \
    story_block
from .pdf_style import color, data_table, markup, para, plural, rich

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


def handout_filenames(participants) -> dict[str, str]:
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


def _about(info) -> str:
    """"Title · Organization · date", without repeating an organization the title names."""
    org = info.organization if info.organization not in info.title else ""
    return " · ".join(x for x in (info.title, org, info.date or "") if x)


def _same_person(a: str, b: str) -> bool:
    key = lambda s: " ".join(unicodedata.normalize("NFKC", s or "").casefold().split())
    return bool(key(a)) and key(a) == key(b)


class Handouts:
    """Builds handouts for one workshop (graph and moments computed once)."""

    def __init__(self, workshop, paper: str = "a4"):
        self.w = workshop
        self.paper = paper
        self.width = frame_sizes(paper)[0][0]
        self.graph = ProcessGraph.of(workshop)
        self.moments = moments_of_truth(workshop)
        self.dept_colors = {d.id: color(d.color)
                            for d in workshop.tables["departments"].values()}
        self.placements: dict[str, list] = {}
        for pl in workshop.tables["placements"].values():
            self.placements.setdefault(pl.participant, []).append(pl)
        self.stories: dict[str, list] = {}
        for s in workshop.tables["stories"].values():
            self.stories.setdefault(s.participant, []).append(s)

    def story(self, person) -> list:
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
                        "work sits on the customer's journey, and what happens next.", "body"))
        stories = self.stories.get(person.id, [])
        out.append(para("The last customer you served", "h2"))
        if stories:
            for s in stories:
                out += story_block(w, s, self.width, with_person=False)
        else:
            out.append(para("You did not share a story in this workshop.", "small"))

        out.append(para("Where your work sits on the map", "h2"))
        placements = self.placements.get(person.id, [])
        if not placements:
            out.append(para("You did not place yourself on the map in this workshop.", "small"))
        for pl in placements:
            out += self._placement(pl)

        pids = {pl.process for pl in placements}
        changes = [c for c in w.tables["changes"].values() if c.process in pids]
        if changes:
            out += self._changes(changes)
        mine = [a for a in w.tables["actions"].values() if _same_person(a.owner, person.name)]
        on_process = [a for a in w.tables["actions"].values()
                      if a.process in pids and a not in mine]
        if mine or on_process:
            out.append(para("Actions", "h2"))
            rows = [[a.text or "—", a.due or "—", process_name(w, a.process) or "—",
                     "Done" if a.status == "done" else "Open"] for a in mine]
            if mine:
                out.append(para("Yours:", "h3"))
                out.append(data_table(["Action", "Due", "Process", "Status"], rows,
                                      [self.width - 62 - 120 - 44, 62, 120, 44]))
            if on_process:
                out.append(para("On your process, owned by others:", "h3"))
                rows = [[a.text or "—", a.owner or "—", a.due or "—",
                         "Done" if a.status == "done" else "Open"] for a in on_process]
                out.append(data_table(["Action", "Owner", "Due", "Status"], rows,
                                      [self.width - 100 - 62 - 44, 100, 62, 44]))
        called = [r for r in w.tables["recognitions"].values()
                  if _same_person(r.nominee, person.name)]
        if called:
            out.append(para("You were called out as a Customer Champion", "h2"))
            for r in called:
                by = f" — {r.nominator}" if r.nominator else ""
                out.append(para(f"“{r.behaviour}”{by}", "quote"))
        return out

    def _placement(self, pl) -> list:
        w = self.w
        proc = w.tables["processes"].get(pl.process)
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
        out.append(Spacer(1, 6))
        out.append(fields_table(rows, self.width, 110))
        out.append(Spacer(1, 8))
        return out

    def _changes(self, changes) -> list:
        from ..model.changes import FIVE_HOWS
        w = self.w
        out = [para("Changes to your process: the 5 Hows", "h2")]
        for change in changes:
            meta = f"{process_name(w, change.process)} · risk " \
                   f"{RISK_LABELS.get(change.risk, change.risk).lower()}"
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

    def pdf(self, person) -> tuple[bytes, int]:
        info = self.w.info
        title = f"Workshop handout: {person.name or 'participant'}"
        left = info.title
        if is_anonymized(self.w):
            title, left = f"{title} (anonymized)", f"Anonymized · {info.title}"
        return render(self.story(person), self.paper, title,
                      info.facilitator or info.organization,
                      Running(left=left, footer_left=_about(info)))


def handout_pdf(workshop, participant_id: str, paper: str = "a4") -> tuple[bytes, int]:
    """One participant's handout as PDF bytes, and its page count."""
    return Handouts(workshop, paper).pdf(workshop.tables["participants"][participant_id])

