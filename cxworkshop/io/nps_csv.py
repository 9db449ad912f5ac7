"""Raw 0–10 "would you recommend us" scores from a CSV file, counted into NPS results.

One column gives one result for the whole session (its header may also name a
department or a process); several columns give one result per column, each
header naming a department or a process of the session. Blank cells are skipped
(columns may have different lengths). The file is read with the roster reader's
encoding and separator handling; every bad cell is reported with its line number.
Nothing here writes: :func:`import_ops` gives the ops to apply as one step.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import tr
from ..model import Add, Department, Nps, Op, Process, Workshop, new_id
from ..model.metrics import NpsResult, classify
from .csv_text import Unreadable, read_text, records
from .roster_csv import name_key

SESSION_HEADERS = {"score", "scores", "nps", "rating", "recommend", "likelihoodtorecommend",
                   "answer", "session", "all", "overall", "total"}


@dataclass
class ScoreColumn:
    """One column of the file and what it is counted for."""

    header: str
    scope: str  # session | department | process
    target: str | None  # department or process id
    label: str  # what the preview shows ("Whole session", "Billing (department)")
    scores: list[int] = field(default_factory=list)

    @property
    def result(self) -> NpsResult:
        counts = {"promoter": 0, "passive": 0, "detractor": 0}
        for s in self.scores:
            counts[classify(s)] += 1
        return NpsResult(counts["promoter"], counts["passive"], counts["detractor"])


@dataclass
class ScoresImport:
    """What a scores file would add; nothing has been applied."""

    columns: list[ScoreColumn] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [*self.fatal, *(tr("line {n}: {problem}").format(n=n, problem=why)
                               for n, why in self.bad_lines)]

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.bad_lines


def _parse_score(text: str) -> int | None:
    """A whole number from 0 to 10 (``7``, ``7.0``), or None."""
    t = text.strip()
    try:
        value = float(t.replace(",", "."))
    except ValueError:
        return None
    if not value.is_integer() or not 0 <= value <= 10:
        return None
    return int(value)


def _column_for(header: str, workshop: Workshop, single: bool) -> ScoreColumn | None:
    key = name_key(header)
    for d in workshop.table(Department).values():
        if name_key(d.name) == key and key:
            return ScoreColumn(header, "department", d.id,
                               tr("{name} (department)").format(name=d.name))
    for p in workshop.table(Process).values():
        if name_key(p.name) == key and key:
            return ScoreColumn(header, "process", p.id, tr("{name} (process)").format(name=p.name))
    if single:
        return ScoreColumn(header, "session", None, tr("Whole session"))
    if key.replace(" ", "") in SESSION_HEADERS:
        return ScoreColumn(header, "session", None, tr("Whole session"))
    return None


def parse_scores_csv(data: bytes | str, workshop: Workshop) -> ScoresImport:
    """Read a file of 0–10 scores against ``workshop``'s departments and processes.

    Returns:
        A :class:`ScoresImport` with one :class:`ScoreColumn` per column, the
        bad lines (``(line number, reason)``), and problems with the whole file.
    """
    result = ScoresImport()
    text = read_text(data, tr("it needs a header line and one 0–10 score per line"),
                     result.fatal)
    if text is None:
        return result
    header: list[str] | None = None
    try:
        for line, cells in records(text):
            if header is None:
                header = [c.strip() for c in cells]
                if len(header) == 1 and _parse_score(header[0]) is not None:
                    # no header: a bare list of scores counts for the whole session
                    result.columns.append(ScoreColumn("", "session", None,
                                                      tr("Whole session")))
                    _read_cells(line, cells, result)
                    continue
                _map_header(header, line, workshop, result)
                if result.fatal:
                    return result
                continue
            _read_cells(line, cells, result)
    except Unreadable as e:
        result.fatal.append(str(e))
        return result
    if not result.columns:
        result.fatal.append(tr("the file has no header line"))
    elif not any(c.scores for c in result.columns) and not result.bad_lines:
        result.fatal.append(tr("no scores below the header"))
    return result


def _map_header(header: list[str], line: int, workshop: Workshop,
                result: ScoresImport) -> None:
    single = len(header) == 1
    unknown = []
    seen: dict[tuple[str, str | None], str] = {}
    for cell in header:
        column = _column_for(cell, workshop, single)
        if column is None:
            unknown.append(cell)
            continue
        key = (column.scope, column.target)
        if key in seen:
            result.fatal.append(tr("line {n}: columns “{first}” and “{second}” both count "
                                   "for {what}; keep one").format(
                n=line, first=seen[key], second=cell, what=column.label))
        seen[key] = cell
        result.columns.append(column)
    if unknown:
        names = ", ".join(f"“{c}”" if c else tr("(an empty header)") for c in unknown)
        result.fatal.append(tr("line {n}: {names} is not a department or process of this "
                               "workshop; each column's header must name one (or write "
                               "“Score” over a single column for the whole session)").format(
            n=line, names=names))


def _read_cells(line: int, cells: list[str], result: ScoresImport) -> None:
    if any(c.strip() for c in cells[len(result.columns):]):
        result.bad_lines.append((line, tr("{n} values but the header has {columns} "
                                          "columns").format(n=len(cells),
                                                            columns=len(result.columns))))
        return
    bad = []
    values: list[tuple[ScoreColumn, int]] = []
    for column, cell in zip(result.columns, cells, strict=False):
        if not cell.strip():
            continue
        score = _parse_score(cell)
        if score is None:
            bad.append((tr("“{value}” ({column}) is not a whole number from 0 to 10")
                        if len(result.columns) > 1 else
                        tr("“{value}” is not a whole number from 0 to 10")).format(
                value=cell.strip(), column=column.header))
        else:
            values.append((column, score))
    if bad:
        result.bad_lines.append((line, "; ".join(bad)))
        return
    for column, score in values:
        column.scores.append(score)


def import_ops(result: ScoresImport, survey: str = "") -> list[Op]:
    """One :class:`Nps` row per column with scores (bad lines are left out)."""
    ops: list[Op] = []
    for column in result.columns:
        if not column.scores:
            continue
        r = column.result
        ops.append(Add(Nps(new_id(), column.scope,
                           column.target if column.scope == "department" else None,
                           column.target if column.scope == "process" else None,
                           survey, r.promoters, r.passives, r.detractors)))
    return ops
