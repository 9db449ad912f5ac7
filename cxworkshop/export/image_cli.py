"""Map picture options of ``cxworkshop export``:

    cxworkshop export FILE --png OUT.png [--width W] [--svg OUT.svg]

Runs without a display (Pillow and plain SVG text, no Qt).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cli
from ..i18n import tr

if TYPE_CHECKING:
    from ..model.workshop import Workshop


def _options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(tr("map picture"))
    group.add_argument("--png", type=Path, metavar="OUT.png",
                       help=tr("the process map as a PNG picture (title and legend included)"))
    group.add_argument("--width", type=int, default=None, metavar="W",
                       help=tr("width of the PNG in pixels, 100 to 16000 (default: 2400)"))
    group.add_argument("--svg", type=Path, metavar="OUT.svg",
                       help=tr("the process map as an SVG picture"))


def _wanted(args: argparse.Namespace) -> bool:
    if args.width is not None and not args.png:
        raise cli.BadInput(tr("--width applies to --png"))
    for path, suffix in ((args.png, ".png"), (args.svg, ".svg")):
        if path is not None and path.suffix.lower() != suffix:
            raise cli.BadInput(tr("{file}: the file name must end in {suffix}").format(
                file=path, suffix=suffix))
    if args.png is not None and args.width is not None:
        from .png import MAX_SIDE, MIN_SIDE
        if not MIN_SIDE <= args.width <= MAX_SIDE:
            raise cli.BadInput(tr("--width: width must be a whole number of pixels from "
                                  "{low} to {high}, not {width}").format(
                low=MIN_SIDE, high=MAX_SIDE, width=args.width))
    for path, kind in ((args.png, "png"), (args.svg, "svg")):
        if path is not None:   # never a workshop, the input, or another kind of file
            cli.check_output(path, kind, inputs=[args.file], force=getattr(args, "force", False))
    return args.png is not None or args.svg is not None


def _run(args: argparse.Namespace, workshop: Workshop) -> None:
    if args.png is not None:
        from .png import DEFAULT_WIDTH, render_map_png
        try:
            width, height = render_map_png(workshop, args.png, width=args.width or DEFAULT_WIDTH)
        except ValueError as e:
            raise cli.BadInput(f"{args.png}: {e}") from None
        except OSError as e:
            raise cli.BadInput(cli._cannot_write(args.png, e)) from None
        print(tr("wrote {path} ({width}×{height} pixels)").format(path=args.png, width=width,
                                                                  height=height))
    if args.svg is not None:
        from .svg import render_map_svg
        try:
            render_map_svg(workshop, args.svg)
        except OSError as e:
            raise cli.BadInput(cli._cannot_write(args.svg, e)) from None
        print(tr("wrote {path}").format(path=args.svg))


cli._EXPORT_OPTIONS.append(_options)
cli._EXPORT_HANDLERS.append((_wanted, _run))
