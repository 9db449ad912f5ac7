"""Run a PDF export: the report, the handouts and the postcards a facilitator asked for.

Shared by the CLI and the Export page. Reads a :class:`Workshop` only (no Qt);
checks the whole request before writing anything; writes every file whole or
not at all; reports progress and can be cancelled between files.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..fileutil import OutputRefused, check_output
from ..i18n import ngettext, tr
from ..model.anonymize import anonymize as anonymized
from ..model.entities import Participant, Recognition
from .pdf_doc import POSTERS, ExportError, write_file
from .pdf_style import PAPERS

if TYPE_CHECKING:
    from ..model.workshop import Workshop

Progress = Callable[[int, int, str], object]  # (done, total, what) -> False to cancel


class Cancelled(Exception):
    """The user stopped the export; files written so far are kept."""

    def __init__(self, written: list[Path]):
        super().__init__("export cancelled")
        self.written = written


@dataclass
class ExportRequest:
    """What to write. Any of ``report``, ``handouts`` (a folder), ``postcards``."""

    report: Path | None = None
    handouts: Path | None = None
    postcards: Path | None = None
    anonymize: bool = False
    paper: str = "a4"
    source: Path | None = None  # the workshop file exported: never overwritten
    force: bool = False  # replace existing files that are not PDFs
    handouts_combined: bool = False  # also every handout in one PDF ("All handouts.pdf")
    poster: str | None = None  # "a1", "a2", "a3": the report's map on one large page
    # how the postcards are imposed (pdf_postcards.SHEETS; None: the one for the paper)
    postcard_sheet: str | None = None
    postcard_backs: bool = False  # each sheet of fronts followed by the cards' backs

    def __post_init__(self) -> None:
        for name in ("report", "handouts", "postcards", "source"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                setattr(self, name, Path(value))

    @property
    def empty(self) -> bool:
        return self.report is None and self.handouts is None and self.postcards is None


@dataclass
class ExportResult:
    """What was written: ``(path, pages)`` per file, and a line per output for the user."""

    files: list[tuple[Path, int]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path | None:
        """The folder holding the written files (the first one's)."""
        return self.files[0][0].parent if self.files else None


def path_problems(request: ExportRequest) -> list[str]:
    """What is wrong with the request's paper and paths, each naming the output."""
    out = []
    if request.paper not in PAPERS:
        out.append(f"paper: {request.paper!r} is not one of {', '.join(PAPERS)}")
    if request.poster is not None and request.poster not in POSTERS:
        out.append(f"poster: {request.poster!r} is not one of {', '.join(POSTERS)}")
    if request.poster is not None and request.report is None:
        out.append("poster: the poster page is part of the report; choose a report file")
    from .pdf_postcards import SHEETS
    if request.postcard_sheet is not None and request.postcard_sheet not in SHEETS:
        out.append(f"postcard sheet: {request.postcard_sheet!r} is not one of "
                   f"{', '.join(SHEETS)}")
    if request.empty:
        out.append("nothing to export: choose a report, handouts or postcards")
    files = [(label, path) for label, path in (("report", request.report),
                                               ("postcards", request.postcards)) if path]
    for label, path in files:
        if path.is_dir():
            out.append(f"{label}: {path} is a folder; give a file name ending in .pdf")
            continue
        if path.suffix.lower() != ".pdf":
            out.append(f"{label}: {path.name} should end in .pdf")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            out.append(f"{label}: the folder {parent} does not exist")
    if request.report and request.postcards and \
            request.report.resolve() == request.postcards.resolve():
        out.append("report and postcards: give them different file names")
    elif not out:
        for label, path in files:
            other = [p for _, p in files if p is not path]
            try:
                check_output(path, "pdf", inputs=[request.source], force=request.force,
                             written=other)
            except OutputRefused as e:
                out.append(f"{label}: {e}")
    if request.handouts is not None and request.handouts.exists() \
            and not request.handouts.is_dir():
        out.append(f"handouts: {request.handouts} is a file; give a folder")
    return out


def problems(workshop: Workshop, request: ExportRequest) -> list[str]:
    """Everything wrong with ``request`` for ``workshop``, each naming the output."""
    out = path_problems(request)
    if request.handouts is not None and not workshop.table(Participant):
        out.append(tr("handouts: the session has no participants yet"))
    if request.postcards is not None and not workshop.table(Recognition):
        out.append(tr("postcards: the session has no Customer Champion call-outs yet"))
    if request.handouts is not None and not out:
        claimed = [p for p in (request.report, request.postcards) if p]
        for name in handout_names(workshop, request).values():
            try:
                check_output(request.handouts / name, "pdf", inputs=[request.source],
                             force=request.force, written=claimed)
            except OutputRefused as e:
                out.append(f"handouts: {e}")
    return out


def handout_names(workshop: Workshop, request: ExportRequest) -> dict[str, str]:
    """``{participant id: file name}`` in the handouts folder, never the name of the
    report or the postcards written there too (a collision gets a suffix)."""
    from .pdf_handout import handout_filenames
    names = handout_filenames(workshop.table(Participant).values())
    folder = request.handouts
    taken = set()
    for path in (request.report, request.postcards):
        if path is not None and folder is not None and \
                os.path.realpath(path.parent) == os.path.realpath(folder):
            taken.add(path.name.casefold())
    if not taken:
        return names
    used = {n.casefold() for n in names.values()} | taken
    out = {}
    for pid, name in names.items():
        if name.casefold() in taken:
            stem, n = name[:-4], 2
            while f"{stem} ({n}).pdf".casefold() in used:
                n += 1
            name = f"{stem} ({n}).pdf"
            used.add(name.casefold())
        out[pid] = name
    return out


def steps(workshop: Workshop, request: ExportRequest) -> int:
    """How many files the request writes (for a progress bar)."""
    return (bool(request.report) + bool(request.postcards)
            + (len(workshop.table(Participant)) + request.handouts_combined
               if request.handouts else 0))


def run_export(workshop: Workshop, request: ExportRequest, progress: Progress | None = None
               ) -> ExportResult:
    """Write what ``request`` asks for.

    Raises:
        ExportError: the request has a problem (nothing written), or a file
            cannot be written (its message names the file and the reason).
        Cancelled: ``progress`` returned False; the files written so far stay.
    """
    found = problems(workshop, request)
    if found:
        raise ExportError("; ".join(found))
    from .pdf_handout import Handouts
    from .pdf_postcards import postcards_pdf
    from .pdf_report import report_pdf

    if request.anonymize:
        workshop = anonymized(workshop)
    total = steps(workshop, request)
    done = 0
    result = ExportResult()

    def tick(what: str) -> None:
        if progress is not None and progress(done, total, what) is False:
            raise Cancelled([p for p, _ in result.files])

    if request.report:
        tick(tr("Writing the report…"))
        data, pages = report_pdf(workshop, request.paper, request.poster)
        write_file(request.report, data)
        result.files.append((request.report, pages))
        result.summary.append(ngettext("wrote {path} ({n} page)", "wrote {path} ({n} pages)",
                                       pages).format(path=request.report, n=pages))
        done += 1
    if request.handouts:
        folder = request.handouts
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ExportError(f"handouts: the folder {folder} cannot be created "
                              f"({e.strerror or e})") from None
        builder = Handouts(workshop, request.paper)
        names = handout_names(workshop, request)
        for person in workshop.table(Participant).values():
            tick(tr("Writing the handout for {name}…").format(
                name=person.name or tr("a participant")))
            data, pages = builder.pdf(person)
            path = folder / names[person.id]
            write_file(path, data)
            result.files.append((path, pages))
            done += 1
        if request.handouts_combined:
            tick(tr("Writing all handouts in one PDF…"))
            taken = {n.casefold() for n in names.values()} | {
                p.name.casefold() for p in (request.report, request.postcards)
                if p is not None and os.path.realpath(p.parent) == os.path.realpath(folder)}
            path = folder / ("All handouts.pdf" if "all handouts.pdf" not in taken
                             else "All handouts (one file).pdf")
            data, pages = builder.combined_pdf(list(workshop.table(Participant).values()))
            write_file(path, data)
            result.files.append((path, pages))
            done += 1
        from .pdf_handout import handout_filenames
        plain = handout_filenames(workshop.table(Participant).values())
        renamed = [names[pid] for pid in names if names[pid] != plain[pid]]
        result.summary.append(ngettext("wrote {n} handout to {folder}",
                                       "wrote {n} handouts to {folder}", len(names)).format(
                                           n=len(names), folder=folder)
                              + (" " + tr("(and all of them in one PDF)")
                                 if request.handouts_combined else "")
                              + ("; " + tr("{names}: numbered, as the report or the postcards "
                                           "have that name").format(names=", ".join(renamed))
                                 if renamed else ""))
    if request.postcards:
        tick(tr("Writing the postcards…"))
        data, pages = postcards_pdf(workshop, request.paper, request.postcard_sheet,
                                    request.postcard_backs)
        write_file(request.postcards, data)
        result.files.append((request.postcards, pages))
        cards = len(workshop.table(Recognition))
        result.summary.append(tr("wrote {path} ({cards} on {pages})").format(
            path=request.postcards,
            cards=ngettext("{n} postcard", "{n} postcards", cards).format(n=cards),
            pages=ngettext("{n} page", "{n} pages", pages).format(n=pages)))
        done += 1
    if progress is not None:
        progress(done, total, tr("Done"))
    return result
