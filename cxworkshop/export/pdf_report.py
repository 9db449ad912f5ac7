"""The facilitator's report: cover, agenda, stories and statistics, process map,
top votes, connect the dots, 5 Hows, advisory group, Champions, actions.

Each ``_section_*`` returns the flowables of one section (empty when the
session has nothing for it); :func:`report_pdf` puts them on pages.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from ..i18n import N_, ngettext, tr
from ..model.anonymize import is_anonymized
from ..model.entities import (
    OUTCOME_LABELS,
    RECENCY_LABELS,
    Action,
    AgendaItem,
    Change,
    Department,
    Member,
    Note,
    Participant,
    Placement,
    Process,
    Recognition,
    Story,
)
from ..model.graph import ProcessGraph
from .pdf_charts import BarChart, ShareChart
from .pdf_doc import ContentsLine, Heading, Running, frame_sizes, poster_frame, render
from .pdf_map import (
    Legend,
    MapData,
    MapSchematic,
    MapView,
    ProcessIndex,
    part_neighbours,
    part_of_boxes,
    plan_parts,
    view_scale,
)
from .pdf_style import (
    ACCENT,
    FAINT,
    INK,
    MOMENT,
    NOTE_LABELS,
    RULE,
    STYLES,
    data_table,
    markup,
    para,
    quoted,
    rich,
    short,
    table_style,
    text_width,
)

if TYPE_CHECKING:
    from ..model.workshop import Workshop

RISK_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"),
               None: N_("Not judged yet")}   # translated where shown, with tr()
CONTACT_LABELS = {"direct": N_("Direct"), "indirect": N_("Indirect"),
                  "unknown": N_("Not known")}
RECENCY_NAMES = {"today": N_("Today"), "this_week": N_("This week"),
                 "this_month": N_("This month"), "this_quarter": N_("This quarter"),
                 "this_year": N_("This year"), "over_a_year": N_("Over a year ago"),
                 "cant_remember": N_("Can't remember")}
OUTCOME_NAMES = {"resolved": N_("Resolved"), "partly": N_("Partly resolved"),
                 "unresolved": N_("Unresolved"), "unknown": N_("Don't know")}


# -- small helpers -----------------------------------------------------------------------------
def dept_name(workshop: Workshop, dept_id: str | None) -> str:
    d = workshop.table(Department).get(dept_id) if dept_id else None
    return (d.name or tr("(unnamed department)")) if d is not None else tr("Unassigned")


def stage_name(workshop: Workshop, index: int) -> str:
    stages = workshop.info.stages
    if 0 <= index < len(stages):
        return stages[index] or tr("Stage {number}").format(number=index + 1)
    return tr("Stage {number}").format(number=index + 1)


def process_name(workshop: Workshop, pid: str | None) -> str:
    p = workshop.table(Process).get(pid) if pid else None
    return (p.name or tr("(unnamed process)")) if p is not None else ""


def minutes_text(seconds: float | None) -> str:
    """``13 min 20 s`` / ``—`` for a duration in seconds."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    sign = "−" if seconds < 0 else ""
    m, s = divmod(abs(seconds), 60)
    if s == 0:
        return f"{sign}{m} min"
    return f"{sign}{m} min {s} s" if m else f"{sign}{s} s"


def fields_table(rows: Sequence[tuple[str, object]], width: float, label_w: float = 78
                 ) -> Table:
    """A two-column "label: text" block; long text wraps and splits across pages."""
    data = [[para(label, "label"), cell if not isinstance(cell, str) else para(cell, "cell")]
            for label, cell in rows]
    style = STYLES["label"]   # a label never breaks inside a word (German has long ones)
    widest = max((text_width(label, style.fontName, style.fontSize) for label, _c in rows),
                 default=0.0)
    label_w = min(max(label_w, widest + 6), width / 3)
    t = Table(data, colWidths=[label_w, width - label_w], splitInRow=1, hAlign="LEFT")
    t.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                           ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return t


def card(flowables: list[Flowable], width: float, edge: Color = ACCENT) -> Table:
    """Flowables in a light panel with a coloured left edge (may split across pages)."""
    t = Table([[f] for f in flowables], colWidths=[width], splitInRow=1, hAlign="LEFT")
    t.setStyle(table_style([("BACKGROUND", (0, 0), (-1, -1), FAINT),
                           ("LINEBEFORE", (0, 0), (0, -1), 2.5, edge),
                           ("LEFTPADDING", (0, 0), (-1, -1), 9),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                           ("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                           ("TOPPADDING", (0, 0), (-1, 0), 7),
                           ("BOTTOMPADDING", (0, -1), (-1, -1), 7)]))
    return t


def story_block(workshop: Workshop, story: Story, width: float,
                with_person: bool = True) -> list[Flowable]:
    """One "last customer you served" answer."""
    person = workshop.table(Participant).get(story.participant)
    out = []
    if with_person and person is not None:
        head = markup(person.name or tr("(unnamed participant)"))
        sub = markup(", ".join(x for x in (person.role, dept_name(workshop, person.department))
                               if x))
        out.append(rich(f"<b>{head}</b>  <font color='#616e7c' size='8'>{sub}</font>", "h3"))
    when = tr(RECENCY_NAMES.get(story.recency, story.recency))
    if story.when:
        when = f"{story.when} ({when.lower()})"
    rows = [(tr("CUSTOMER"), story.customer or "—"), (tr("WHEN"), when),
            (tr("CONTACT"), tr(CONTACT_LABELS.get(story.contact, story.contact))),
            (tr("CHALLENGE"), story.challenge or "—"),
            (tr("RESOLUTION"), story.resolution or "—"),
            (tr("OUTCOME"), tr(OUTCOME_NAMES.get(story.outcome, story.outcome)))]
    inner = [fields_table(rows, width - 18)]
    if story.quote:
        inner.append(para(quoted(story.quote), "quote"))
    out.append(card(inner, width, MOMENT if story.outcome in ("unknown", "unresolved")
                    else ACCENT))
    out.append(Spacer(1, 6))
    return out


# -- sections ------------------------------------------------------------------------------
class Report:
    """Builds the report's flowables for one workshop and paper size."""

    def __init__(self, workshop: Workshop, paper: str, frame_portrait: tuple[float, float],
                 frame_landscape: tuple[float, float], poster: str | None = None):
        self.w = workshop
        self.poster = poster
        self.paper = paper
        self.width = frame_portrait[0]
        self.landscape = frame_landscape
        self.graph = ProcessGraph.of(workshop)

    def sections(self) -> list[tuple[str, Callable[[], list[Flowable]], str]]:
        """``(title, build, orientation)`` of every section that has content."""
        w = self.w
        out: list[tuple[str, Callable[[], list[Flowable]], str]] = []

        def add(title: str, build: Callable[[], list[Flowable]], has: object,
                orientation: str = "portrait") -> None:
            if has:
                out.append((title, build, orientation))

        add(tr("Agenda: planned and actual time"), self.agenda, w.table(AgendaItem))
        add(tr("Last customer served"), self.stories,
            w.table(Participant) or w.table(Story))
        add(tr("Process map"), self.process_map, w.table(Process),
            "poster" if self.poster else "landscape")
        add(tr("Priorities: top-voted processes"), self.top_voted,
            any(p.votes for p in w.table(Process).values()) or w.table(Note))
        add(tr("Connect the dots"), self.connect,
            w.table(Placement) or w.table(Participant))
        from .pdf_metrics import followup_sections, metrics_sections
        for title, build, has in metrics_sections(self):
            add(title, build, has)
        add(tr("The 5 Hows of a change"), self.five_hows, w.table(Change))
        add(tr("Employee advisory group"), self.advisory, w.table(Member))
        add(tr("Customer Champions"), self.champions, w.table(Recognition))
        add(tr("Actions"), self.actions, w.table(Action))
        for title, build, has in followup_sections(self):
            add(title, build, has)
        add(tr("Facilitator's notes"), self.notes, w.info.notes.strip())
        return out

    # cover ---------------------------------------------------------------------
    def cover(self, titles: list[str]) -> list[Flowable]:
        w, info = self.w, self.w.info
        kicker = tr("FACILITATOR REPORT · ANONYMIZED") if is_anonymized(w) \
            else tr("FACILITATOR REPORT")
        out = [Spacer(1, 34 * mm), para(kicker, "cover_kicker"),
               para(info.title or tr("Untitled workshop"), "cover_title")]
        if is_anonymized(w):
            out.append(para(tr("Anonymized: customer names are replaced by “Customer A”, "
                               "“Customer B”… everywhere in this report."), "lead"))
        if info.organization and info.organization not in info.title:
            out.append(para(info.organization, "lead"))
        meta = [(label, value) for label, value in ((tr("Date"), info.date or ""),
                                                    (tr("Location"), info.location),
                                                    (tr("Facilitator"), info.facilitator))
                if value]
        if meta:
            out.append(Spacer(1, 4))
            out.append(fields_table([(k.upper(), v) for k, v in meta], self.width * 0.75, 90))
        counts = w.counts()
        figures = [(counts["participants"], tr("participants")),
                   (counts["stories"], tr("customer stories")),
                   (counts["processes"], tr("processes mapped")),
                   (sum(1 for p in w.table(Process).values() if p.moment_of_truth),
                    tr("moments of truth")),
                   (sum(p.votes for p in w.table(Process).values()), tr("votes cast")),
                   (counts["actions"], tr("actions"))]
        cells = [[rich(f"<font size='20' color='#12436d'><b>{n}</b></font>", "body")
                  for n, _ in figures],
                 [para(label, "small") for _, label in figures]]
        col = self.width / len(figures)
        t = Table(cells, colWidths=[col] * len(figures), hAlign="LEFT")
        t.setStyle(table_style([("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
                               ("TOPPADDING", (0, 0), (-1, 0), 10),
                               ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        out += [Spacer(1, 16 * mm), t]
        if titles:
            out += [Spacer(1, 12 * mm), para(tr("In this report"), "h2")]
            out += [ContentsLine(i, title, f"section{i}") for i, title in enumerate(titles, 1)]
        return out

    # agenda ------------------------------------------------------------------------
    def agenda(self) -> list[Flowable]:
        items = self.w.agenda
        rows = []
        planned_total = actual_total = 0
        ran = 0
        for item in items:
            planned = item.planned_minutes * 60
            planned_total += planned
            if item.actual_seconds is None:
                diff = None
            else:
                ran += 1
                actual_total += item.actual_seconds
                diff = item.actual_seconds - planned
            diff_text = "—" if diff is None else (("+" if diff > 0 else "") + minutes_text(diff))
            diff_cell = para(diff_text, "cell_right")
            if diff is not None and diff > 0:
                diff_cell = rich(f"<font color='#b5473a'>{markup(diff_text)}</font>",
                                 "cell_right")
            rows.append([item.title or tr("(untitled step)"), minutes_text(planned),
                         minutes_text(item.actual_seconds), diff_cell])
        timed_planned = sum(i.planned_minutes * 60 for i in items if i.actual_seconds is not None)
        total_diff = actual_total - timed_planned
        total_diff_text = ("—" if not ran
                           else ("+" if total_diff > 0 else "") + minutes_text(total_diff))
        # totals never add planned time of untimed steps to actual time of timed ones
        first_total = len(rows)
        if ran and ran < len(items):
            timed = tr("Timed steps ({n} of {total})").format(n=ran, total=len(items))
            rows.append([rich(f"<b>{markup(timed)}</b>", "cell"),
                         rich(f"<b>{minutes_text(timed_planned)}</b>", "cell_right"),
                         rich(f"<b>{minutes_text(actual_total)}</b>", "cell_right"),
                         rich(f"<b>{total_diff_text}</b>", "cell_right")])
            rows.append([rich(f"<b>{markup(tr('All steps, planned'))}</b>", "cell"),
                         rich(f"<b>{minutes_text(planned_total)}</b>", "cell_right"),
                         para("—", "cell_right"), para("—", "cell_right")])
        else:
            rows.append([rich(f"<b>{markup(tr('Total'))}</b>", "cell"),
                         rich(f"<b>{minutes_text(planned_total)}</b>", "cell_right"),
                         rich(f"<b>{minutes_text(actual_total if ran else None)}</b>",
                              "cell_right"),
                         rich(f"<b>{total_diff_text}</b>", "cell_right")])
        wd = self.width
        table = data_table([tr("Step"), tr("Planned"), tr("Actual"), tr("Difference")], rows,
                           [wd - 3 * 82, 82, 82, 82], right={1, 2, 3},
                           extra_style=[("LINEABOVE", (0, first_total + 1), (-1, first_total + 1),
                                         0.8, INK)])
        if not ran:
            lead = ngettext("{n} step planned, {time} in all; no step was timed.",
                            "{n} steps planned, {time} in all; no step was timed.",
                            len(items)).format(n=len(items), time=minutes_text(planned_total))
        elif total_diff > 59:
            lead = ngettext("The {n} timed step ran {over} over the {planned} planned for it.",
                            "The {n} timed steps ran {over} over the {planned} planned for "
                            "them.", ran).format(n=ran, over=minutes_text(total_diff),
                                                 planned=minutes_text(timed_planned))
        elif total_diff < -59:
            lead = ngettext("The {n} timed step took {under} less than the {planned} planned "
                            "for it.", "The {n} timed steps took {under} less than the "
                            "{planned} planned for them.", ran).format(
                n=ran, under=minutes_text(-total_diff), planned=minutes_text(timed_planned))
        else:
            lead = ngettext("The {n} timed step kept to the time planned for it.",
                            "The {n} timed steps kept to the time planned for them.",
                            ran).format(n=ran)
        return [para(lead, "lead"), table]

    # stories -------------------------------------------------------------------------
    def stories(self) -> list[Flowable]:
        from ..model.stats import answers, story_stats
        w = self.w
        stats = story_stats(w)
        out = []
        sentences = stats.sentences()
        if sentences:
            out.append(para(sentences[0], "lead"))
            out += [para(s, "bullet") for s in sentences[1:]]
            for p in out[1:]:
                p.bulletText = "•"
            out.append(Spacer(1, 6))
        half = (self.width - 16) / 2
        if stats.participants:
            recency = BarChart(tr("When was it?"), stats.recency_rows(), half,
                               total=stats.participants,
                               highlight={tr(RECENCY_LABELS["cant_remember"])})
            outcome = BarChart(tr("How did it end?"), stats.outcome_rows(), half,
                               bar_color=MOMENT, total=stats.answered or None,
                               highlight={tr(OUTCOME_LABELS["unknown"])})
            charts = Table([[recency, outcome]], colWidths=[half + 16, half], hAlign="LEFT")
            charts.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
            out.append(charts)
            out.append(Spacer(1, 10))
            groups = [(g.label, g.recent, g.participants) for g in stats.by_department]
            sides = [(g.label, g.recent, g.participants)
                     for g in (stats.customer_facing, stats.behind_the_scenes) if g.participants]
            if groups:
                out.append(ShareChart(tr("Served a customer this quarter, by department"),
                                      groups + sides, self.width,
                                      tr("served a customer this quarter"),
                                      tr("not this quarter")))
                out.append(Spacer(1, 8))
        by_person = answers(w)
        told = [s for s in w.table(Story).values()]
        if told:
            out.append(para(tr("The stories"), "h2"))
            asked = [q for q in w.info.prompts if q.strip()]
            if asked:
                out.append(rich(markup(tr("Each participant was asked:")) + " " + " ".join(
                    f"<i>{markup(q)}</i>" for q in asked) + " " + markup(tr("And when was it?")),
                    "small"))
            for story in told:
                block = story_block(w, story, self.width)
                short_enough = len(story.challenge) + len(story.resolution) + len(story.quote)
                out += [KeepTogether(block)] if short_enough < 1500 else block
        missing = [p for p in w.table(Participant).values() if p.id not in by_person]
        if missing:
            out.append(para("No answer yet", "h3"))
            out.append(para(", ".join(p.name or "(unnamed)" for p in missing), "body"))
        return out

    # map ---------------------------------------------------------------------------------
    def process_map(self) -> list[Flowable]:
        data = MapData.of(self.w)
        if self.poster:  # the whole map on one large page
            fw, fh = poster_frame(self.poster)
            lay, body = data.layout, data.body
            avail_h = fh - 34 - Legend.HEIGHT - 10
            scale = min(1.0, fw / (lay.header_w + body[2] - body[0]),
                        avail_h / (lay.header_h + body[3] - body[1]))
            return [MapView(data, body, scale), Spacer(1, 6), Legend()]
        fw, fh = self.landscape
        avail_h = fh - 34 - Legend.HEIGHT - 10
        scale, parts = plan_parts(data, fw, avail_h)
        body = data.body
        if not parts:
            return [MapView(data, body, scale), Spacer(1, 6), Legend()]
        where = part_of_boxes(data, parts)
        caption = tr("The map is too large to read on one page. This overview counts the "
                     "processes in each department and stage and names the moments of truth; "
                     "the map follows in {n} parts, each on its own page, and an index of "
                     "processes with their pages closes the section.").format(n=len(parts))
        out = [para(caption, "small"), MapSchematic(data, fw, avail_h - 30)]
        neighbours = part_neighbours(parts)
        for part in parts:
            near = neighbours[part.key]
            out += [PageBreak(), Heading(part.title, level=1, style="h2", key=part.key),
                    MapView(data, part.region, view_scale(data, part.region, fw, avail_h, near),
                            neighbours=near),
                    Spacer(1, 6), Legend()]
        procs = self.w.table(Process)
        entries = sorted(((procs[pid].name or tr("(unnamed process)"), part.key)
                          for pid, part in where.items() if pid in procs),
                         key=lambda e: _natural(e[0]))
        out += [PageBreak(), Heading(tr("Index of processes"), level=1, style="h2"),
                para(tr("Each process and the page of the map part that shows it."), "small"),
                ProcessIndex(entries, cols=4)]
        return out

    def top_voted(self) -> list[Flowable]:
        w = self.w
        procs = list(w.table(Process).values())
        voted = sorted((p for p in procs if p.votes), key=lambda p: -p.votes)
        out = []
        if voted:
            total = sum(p.votes for p in voted)
            votes = ngettext("{n} vote", "{n} votes", total).format(n=total)
            on = ngettext("{n} process", "{n} processes", len(voted)).format(n=len(voted))
            out.append(para(tr("{votes} on {processes}. The group's priorities, most votes "
                               "first:").format(votes=votes, processes=on), "lead"))
            notes_by: dict[str, list[Note]] = {}
            for n in w.table(Note).values():
                if n.process:
                    notes_by.setdefault(n.process, []).append(n)
            rows = []
            neg_votes = [-p.votes for p in voted]
            for p in voted[:15]:
                rank = _rank_label(neg_votes, p.votes)
                name = markup(p.name or tr("(unnamed)"))
                if p.moment_of_truth:
                    name += " <font color='#d93025'>★</font>"
                pains = sum(1 for n in notes_by.get(p.id, []) if n.kind == "pain")
                ideas = sum(1 for n in notes_by.get(p.id, []) if n.kind == "idea")
                rows.append([str(rank), rich(name, "cell_bold"), dept_name(w, p.department),
                             stage_name(w, p.stage), str(p.votes), str(pains), str(ideas)])
            wd = self.width
            out.append(data_table(["#", tr("Process"), tr("Department"), tr("Stage"),
                                   tr("Votes"), tr("Pains"), tr("Ideas")], rows,
                                  [22, wd - 22 - 100 - 90 - 3 * 38, 100, 90, 38, 38, 38],
                                  right={0, 4, 5, 6}))
            if len(voted) > 15:
                out.append(para(_more_text(voted), "small"))
        notes = list(w.table(Note).values())
        if notes:
            out += [Spacer(1, 8), para(tr("Pain points, ideas and questions on the map"), "h2")]
            order = {"pain": 0, "idea": 1, "question": 2}
            notes.sort(key=lambda n: order.get(n.kind, 3))
            rows = [[tr(NOTE_LABELS.get(n.kind, n.kind)), n.text or "—",
                     process_name(w, n.process) or tr("(loose note)")] for n in notes]
            out.append(data_table([tr("Kind"), tr("Note"), tr("On process")], rows,
                                  [62, self.width - 62 - 150, 150]))
        return out

    # connect the dots ---------------------------------------------------------------------
    def connect(self) -> list[Flowable]:
        from ..model.connect import unconnected_people, unplaced_people, untouched_moments
        w = self.w
        out = []
        placements = list(w.table(Placement).values())
        people = w.table(Participant)
        unplaced = unplaced_people(w)
        unconnected = unconnected_people(w, self.graph)
        untouched = untouched_moments(w, self.graph)
        placed = len({p.participant for p in placements})
        lead = ngettext("{placed} of {n} participant placed themselves on the map and said "
                        "how their work reaches the customer.",
                        "{placed} of {n} participants placed themselves on the map and said "
                        "how their work reaches the customer.", len(people)).format(
            placed=placed, n=len(people))
        out.append(para(lead, "lead"))
        if placements:
            rows = []
            for pl in placements:
                person = people.get(pl.participant)
                proc = w.table(Process).get(pl.process)
                where = markup(process_name(w, pl.process))
                if proc is not None:
                    where += (f"<br/><font size='7' color='#616e7c'>"
                              f"{markup(stage_name(w, proc.stage))}</font>")
                rows.append([rich(f"<b>{markup(person.name if person else '')}</b><br/>"
                                  f"<font size='7' color='#616e7c'>"
                                  f"{markup(dept_name(w, person.department) if person else '')}"
                                  f"</font>", "cell"),
                             rich(where, "cell"), pl.statement or "—"])
            wd = self.width
            out.append(data_table([tr("Participant"), tr("Process"),
                                   tr("How my work reaches the customer")],
                                  rows, [120, 130, wd - 250]))
        checks = []
        if unplaced:
            checks.append((tr("Not on the map yet"),
                           ", ".join(p.name or tr("(unnamed)") for p in unplaced)))
        if unconnected:
            checks.append((tr("Placed, but no path to a moment of truth"),
                           ", ".join(p.name or tr("(unnamed)") for p in unconnected)))
        if untouched:
            checks.append((tr("Moments of truth nobody in the room works on"),
                           ", ".join(p.name or tr("(unnamed)") for p in untouched)))
        if checks:
            out += [Spacer(1, 8), para(tr("Gaps"), "h2")]
            out.append(fields_table([(k.upper(), v) for k, v in checks], self.width, 150))
        elif placements:
            out += [Spacer(1, 6), para(tr("Everyone in the room is on the map, and every "
                                          "moment of truth has someone working on its chain."),
                                       "body")]
        return out

    # 5 Hows -------------------------------------------------------------------------------
    def five_hows(self) -> list[Flowable]:
        from ..model.changes import FIVE_HOWS, completeness
        w = self.w
        out = [para(tr("For each change to a process, the group asked how the customer will "
                       "feel it."), "lead")]
        for change in w.table(Change).values():
            block = [Heading(change.title or tr("(untitled change)"), level=1, style="h2")]
            meta = []
            if change.process:
                meta.append(f"{markup(tr('Process:'))} "
                            f"<b>{markup(process_name(w, change.process))}</b>")
            risk_color = {"high": "#b5473a", "medium": "#d9822b",
                          None: "#6b7785"}.get(change.risk, "#2f7d4f")
            meta.append(f"{markup(tr('Risk:'))} <font color='{risk_color}'><b>"
                        f"{tr(RISK_LABELS.get(change.risk, change.risk or ''))}</b></font>")
            if change.owner:
                meta.append(f"{markup(tr('Owner:'))} <b>{markup(change.owner)}</b>")
            done = completeness(change)
            meta.append(f"{_completeness_text(done, len(FIVE_HOWS))}")
            block.append(rich(" · ".join(meta), "small"))
            rows = [(question, getattr(change, field) or tr("— not answered —"))
                    for field, question, _guidance in FIVE_HOWS]
            inner = [fields_table([(q.upper(), a) for q, a in rows], self.width - 18, 150)]
            if change.decision:
                inner.append(rich(f"<b>{markup(tr('Decision:'))}</b> {markup(change.decision)}",
                                  "cell"))
            block.append(card(inner, self.width))
            block.append(Spacer(1, 8))
            out += block
        return out

    # advisory group ------------------------------------------------------------------------
    def advisory(self) -> list[Flowable]:
        from ..model.roster import composition_checks
        w = self.w
        members = list(w.table(Member).values())
        out = [para(ngettext("{n} member in the employee advisory group.",
                             "{n} members in the employee advisory group.",
                             len(members)).format(n=len(members)), "lead")]
        rows = []
        for m in members:
            tenure = "" if m.tenure_years is None else f"{m.tenure_years:g} y"
            rows.append([rich(f"<b>{markup(m.name or tr('(unnamed)'))}</b>", "cell"),
                         dept_name(w, m.department), m.role,
                         tr("Frontline") if m.frontline else tr("Behind the scenes"), m.location,
                         tenure])
        wd = self.width
        out.append(data_table([tr("Name"), tr("Department"), tr("Role"), tr("Works"),
                               tr("Location"), tr("Tenure")],
                              rows, [wd - 95 - 90 - 82 - 70 - 48, 95, 90, 82, 70, 48],
                              right={5}))
        checks = composition_checks(w)
        if checks:
            out += [Spacer(1, 8), para(tr("Composition checks"), "h2")]
            for check in checks:
                mark = ("<font color='#2f7d4f'>✓</font>" if check.ok
                        else "<font color='#b5473a'>✗</font>")
                out.append(rich(f"{mark}&nbsp;&nbsp;<b>{markup(check.name)}</b>: "
                                f"{markup(check.message)}", "body"))
        return out

    # champions -------------------------------------------------------------------------------
    def champions(self) -> list[Flowable]:
        from ..model.champions import leaderboard
        w = self.w
        recs = list(w.table(Recognition).values())
        out = [para(ngettext("{n} call-out of customer-focused behaviour.",
                             "{n} call-outs of customer-focused behaviour.",
                             len(recs)).format(n=len(recs)), "lead")]
        board = leaderboard(recs)
        if board:
            rows = [[str(i), rich(f"<b>{markup(row.nominee or tr('(unnamed)'))}</b>", "cell"),
                     str(row.count), row.latest or "—"] for i, row in enumerate(board[:20], 1)]
            out.append(data_table(["#", tr("Champion"), tr("Call-outs"), tr("Latest")], rows,
                                  [18, self.width - 18 - 70 - 80, 70, 80], right={0, 2}))
            out.append(Spacer(1, 8))
        out.append(para(tr("The call-outs"), "h2"))
        for r in sorted(recs, key=lambda r: r.date or "", reverse=True):
            head = f"<b>{markup(r.nominee or tr('(unnamed)'))}</b>"
            by = ", ".join(x for x in (tr("called out by {name}").format(name=r.nominator)
                                       if r.nominator else "",
                                       r.date or "") if x)
            if by:
                head += f"  <font size='8' color='#616e7c'>{markup(by)}</font>"
            out.append(rich(head, "h3"))
            out.append(para(r.behaviour or "—", "body"))
        return out

    # actions ---------------------------------------------------------------------------------
    def actions(self) -> list[Flowable]:
        w = self.w
        actions = list(w.table(Action).values())
        open_ = [a for a in actions if a.status == "open"]
        out = [para(ngettext("{n} action, {open} open.", "{n} actions, {open} open.",
                             len(actions)).format(n=len(actions), open=len(open_)), "lead")]
        actions.sort(key=lambda a: (a.status != "open", a.due or "9999", ))
        rows = []
        for i, a in enumerate(actions, 1):
            status = (f"<font color='#2f7d4f'>{markup(tr('Done'))}</font>" if a.status == "done"
                      else f"<font color='#12436d'><b>{markup(tr('Open'))}</b></font>")
            rows.append([str(i), a.text or "—", a.owner or "—", a.due or "—",
                         process_name(w, a.process) or "—", rich(status, "cell")])
        wd = self.width
        out.append(data_table(["#", tr("Action"), tr("Owner"), tr("Due"), tr("Process"),
                               tr("Status")], rows,
                              [18, wd - 18 - 90 - 62 - 100 - 44, 90, 62, 100, 44],
                              right={0}))
        return out

    def notes(self) -> list[Flowable]:
        return [para(self.w.info.notes, "body")]


def _completeness_text(done: object, total: int) -> str:
    if isinstance(done, tuple):
        done = done[0]
    if isinstance(done, float) and done <= 1:
        done = round(done * total)
    return tr("{done} of {total} answered").format(done=done, total=total)


def _rank_label(neg_votes: list[int], votes: int) -> str:
    """Competition rank of a process with ``votes`` among processes whose votes,
    negated, are ``neg_votes`` (ascending: most votes first); "3=" when tied."""
    more = bisect.bisect_left(neg_votes, -votes)   # how many have more votes
    tied = bisect.bisect_right(neg_votes, -votes) - more > 1
    return f"{more + 1}=" if tied else str(more + 1)


def _more_text(voted: list[Process], shown: int = 15) -> str:
    """What the top-``shown`` table leaves out, saying how many are tied with the last row."""
    rest = voted[shown:]
    last = voted[shown - 1]
    tied = sum(1 for p in rest if p.votes == last.votes)
    fewer = len(rest) - tied
    bits = []
    if tied:
        bits.append(tr("{n} tied with the last row ({votes} each)").format(
            n=tied, votes=ngettext("{n} vote", "{n} votes", last.votes).format(n=last.votes)))
    if fewer:
        bits.append(tr("{n} with fewer votes").format(n=fewer))
    return tr("…and {n} more: {which}.").format(n=len(rest), which=tr(" and ").join(bits))


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> list[int | str]:
    """Sort key putting "Step 2" before "Step 10"."""
    return [int(t) if t.isdecimal() else t.casefold() for t in _DIGITS.split(text)]


def report_story(workshop: Workshop, paper: str,
                 frames: tuple[tuple[float, float], tuple[float, float]],
                 poster: str | None = None) -> list[Flowable]:
    """All flowables of the report, cover first."""
    report = Report(workshop, paper, *frames, poster=poster)
    sections = report.sections()
    story = report.cover([title for title, _b, _o in sections])
    previous = "cover"
    for i, (title, build, orientation) in enumerate(sections, 1):
        body = build()
        if orientation == previous == "portrait":
            # a short section follows on the same page when a good part of it is left
            story += [Spacer(1, 14), CondPageBreak(90 * mm)]
        else:
            story += [NextPageTemplate(orientation), PageBreak()]
        story += [Heading(title, key=f"section{i}"), *body]
        previous = orientation
    if not sections:
        story += [Spacer(1, 10 * mm), para("This session has no content yet.", "body")]
    return story


def report_pdf(workshop: Workshop, paper: str = "a4",
               poster: str | None = None) -> tuple[bytes, int]:
    """The facilitator's report as PDF bytes, and its page count.

    ``poster`` ("a1", "a2", "a3") prints the whole process map on one large landscape
    page of that size instead of splitting it into parts.
    """
    frames = frame_sizes(paper)
    info = workshop.info
    title = info.title or tr("Workshop report")
    footer = " · ".join(x for x in (info.organization, info.date or "") if x)
    story = report_story(workshop, paper, frames, poster)
    left = tr("{title} — facilitator report").format(title=short(title, 60))
    band = tr("CUSTOMER-EXPERIENCE WORKSHOP")
    if is_anonymized(workshop):
        left = f"{tr('Anonymized')} · {left}"
        band = tr("{band} · ANONYMIZED").format(band=band)
        title = tr("{title} (anonymized)").format(title=title)
    return render(story, paper, title, info.facilitator or info.organization,
                  Running(left=left, footer_left=footer, cover_band=band), first="cover",
                  poster=poster)

