"""PDF options of ``cxworkshop export``:

    cxworkshop export FILE --pdf OUT.pdf [--handouts DIR [--handouts-one-pdf]]
                           [--postcards OUT.pdf [--postcard-sheet SHEET] [--postcard-backs]]
                           [--poster A1|A2|A3]
                           [--anonymize] [--paper a4|letter]

``--handouts`` and ``--postcards`` work without ``--pdf``. Runs without a display.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cli
from ..i18n import tr

if TYPE_CHECKING:
    from ..model.workshop import Workshop
    from .pdf_export import ExportRequest


def _options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(tr("PDF"))
    group.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                       help=tr("the facilitator's report"))
    group.add_argument("--handouts", type=Path, metavar="DIR",
                       help=tr("one handout per participant, written into DIR (created if "
                               "needed)"))
    group.add_argument("--handouts-one-pdf", action="store_true",
                       help=tr('with --handouts: also every handout in one file, '
                               '"All handouts.pdf", for printing'))
    group.add_argument("--postcards", type=Path, metavar="OUT.pdf",
                       help=tr("Customer Champion postcards for a print shop: 3 mm bleed, "
                               "gutters and cut marks outside the trim (see --postcard-sheet)"))
    group.add_argument("--postcard-sheet", choices=("sra4", "a4", "letter", "tabloid"),
                       type=str.lower, default=None,
                       help=tr("with --postcards: sra4 = four A6 cards (105 x 148 mm) on SRA4 "
                               "(225 x 320 mm), the columns sharing one cut and a 6 mm gutter "
                               "between the rows (four A6 cards with gutters and marks do not "
                               "fit A4); a4 = two A6 cards on A4 for an office printer; "
                               "letter = two 4 x 6 in cards on Letter; tabloid = four 4 x 6 "
                               "in cards on 11 x 17 in. Default: sra4 with --paper a4, letter "
                               "with --paper letter"))
    group.add_argument("--postcard-backs", action="store_true",
                       help=tr("with --postcards: a back for every card (the call-out in "
                               "full and the champion's own customer story) after each sheet "
                               "of fronts; print double-sided, flip on the long edge"))
    group.add_argument("--poster", choices=("A1", "A2", "A3"), type=str.upper,
                       help=tr("with --pdf: print the whole process map on one large "
                               "landscape page of this size instead of splitting it into "
                               "parts"))
    group.add_argument("--anonymize", action="store_true",
                       help=tr('print customer names as "Customer A", "Customer B"…'))
    group.add_argument("--paper", choices=("a4", "letter"), default=None, type=str.lower,
                       help=tr("paper size (default: letter in a US or Canadian locale, "
                               "otherwise a4)"))


def _request(args: argparse.Namespace) -> ExportRequest:
    from ..localeinfo import default_paper
    from .pdf_export import ExportRequest
    return ExportRequest(report=args.pdf, handouts=args.handouts, postcards=args.postcards,
                         anonymize=args.anonymize, paper=args.paper or default_paper(),
                         source=args.file, force=getattr(args, "force", False),
                         handouts_combined=args.handouts_one_pdf,
                         poster=args.poster.lower() if args.poster else None,
                         postcard_sheet=args.postcard_sheet,
                         postcard_backs=args.postcard_backs)


def _fail(found: list[str]) -> None:
    """Print every problem; the last one is the exit message."""
    for problem in found[:-1]:
        print(f"cxworkshop: {problem}", file=sys.stderr)
    raise cli.BadInput(found[-1])


def _wanted(args: argparse.Namespace) -> bool:
    """True when a PDF output is asked for; bad paths fail here, before anything is written."""
    from .pdf_export import path_problems
    wanted = any((args.pdf, args.handouts, args.postcards))
    if args.anonymize and not wanted:
        # JSON is never anonymized.
        raise cli.BadInput(tr("--anonymize applies to --pdf, --handouts and --postcards "
                              "(the JSON export always keeps every name)"))
    if args.poster and not args.pdf:
        raise cli.BadInput(tr("--poster needs --pdf OUT.pdf (the poster is the report's map "
                              "page)"))
    if (args.postcard_sheet or args.postcard_backs) and not args.postcards:
        raise cli.BadInput(tr("--postcard-sheet and --postcard-backs need --postcards OUT.pdf"))
    if args.handouts_one_pdf and not args.handouts:
        raise cli.BadInput(tr("--handouts-one-pdf needs --handouts DIR (the file is written "
                              "into that folder)"))
    if wanted:
        found = path_problems(_request(args))
        if found:
            _fail(found)
    return wanted


def _run(args: argparse.Namespace, workshop: Workshop) -> None:
    from .pdf_doc import ExportError
    from .pdf_export import problems, run_export
    request = _request(args)
    found = problems(workshop, request)
    if found:
        _fail(found)
    try:
        result = run_export(workshop, request)
    except ExportError as e:
        raise cli.BadInput(str(e)) from None
    for line in result.summary:
        print(line)


cli._EXPORT_OPTIONS.append(_options)
cli._EXPORT_HANDLERS.append((_wanted, _run))
