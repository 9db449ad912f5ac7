"""Printing-kit options of ``cxworkshop export``:

    cxworkshop export FILE --name-tents OUT.pdf --sign-in OUT.pdf

They take ``--paper`` (a4 or letter) from the PDF options. Runs without a display.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cli
from ..i18n import N_, ngettext, tr

if TYPE_CHECKING:
    from ..model.workshop import Workshop

KIT = (("name_tents", "--name-tents", N_("a folded name tent per participant (name on both "
                                         "sides, department below)")),
       ("sign_in", "--sign-in", N_("a sign-in sheet with every participant and blank rows")))


def _options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(tr("printing kit"))
    for dest, flag, help_ in KIT:
        group.add_argument(flag, dest=dest, type=Path, metavar="OUT.pdf", help=tr(help_))


def _targets(args: argparse.Namespace) -> list[tuple[str, Path]]:
    return [(dest, getattr(args, dest)) for dest, _f, _h in KIT if getattr(args, dest, None)]


def _wanted(args: argparse.Namespace) -> bool:
    """True when a kit output is asked for; bad targets fail here, before anything is written."""
    from ..fileutil import OutputRefused, check_output
    targets = _targets(args)
    claimed: list[Path] = []
    for _dest, path in targets:
        if path.suffix.lower() != ".pdf":
            raise cli.BadInput(tr("{file}: the file name must end in {suffix}").format(
                file=path, suffix=".pdf"))
        if path.is_dir():
            raise cli.BadInput(tr("{file}: is a folder; give a file name ending in .pdf").format(
                file=path))
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise cli.BadInput(tr("{file}: the folder {folder} does not exist").format(
                file=path, folder=parent))
        others = [p for p in (getattr(args, "pdf", None), getattr(args, "postcards", None),
                              getattr(args, "json_out", None)) if p] + claimed
        try:
            check_output(path, "pdf", inputs=[getattr(args, "file", None)],
                         force=getattr(args, "force", False), written=others)
        except OutputRefused as e:
            raise cli.BadInput(str(e)) from None
        claimed.append(path)
    return bool(targets)


def _run(args: argparse.Namespace, workshop: Workshop) -> None:
    from ..fileutil import write_atomic
    from .pdf_kit import name_tents_pdf, sign_in_pdf
    makers = {"name_tents": name_tents_pdf, "sign_in": sign_in_pdf}
    paper = getattr(args, "paper", "a4") or "a4"
    for dest, path in _targets(args):
        data, pages = makers[dest](workshop, paper)
        try:
            write_atomic(path, data)
        except OSError as e:
            raise cli.BadInput(cli._cannot_write(path, e)) from None
        print(ngettext("wrote {path} ({n} page)", "wrote {path} ({n} pages)", pages).format(
            path=path, n=pages))


cli._EXPORT_OPTIONS.append(_options)
cli._EXPORT_HANDLERS.append((_wanted, _run))
