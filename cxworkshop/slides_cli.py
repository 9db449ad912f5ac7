"""``cxworkshop export FILE --slides DIR [--size 1024x768]``: the room's slides as PNGs.

Registers with the ``export`` command; Qt loads only when slides are asked for.
"""
from __future__ import annotations

from pathlib import Path

from . import cli
from .i18n import ngettext, tr


def _options(p) -> None:
    p.add_argument("--slides", type=Path, metavar="DIR",
                   help=tr("write one PNG per room view (what the presenter shows), "
                           "numbered in agenda order"))
    p.add_argument("--size", default="1024x768", metavar="WxH",
                   help=tr("slide size in pixels for --slides (default 1024x768)"))


def _wanted(a) -> bool:
    return getattr(a, "slides", None) is not None


def _run(a, workshop) -> None:
    from .ui.presenter.slides import parse_size, render_slides
    try:
        size = parse_size(a.size)
    except ValueError as e:
        raise cli.BadInput(str(e)) from None
    out = Path(a.slides)
    if out.exists() and not out.is_dir():
        raise cli.BadInput(tr("{file}: is a file; --slides needs a folder").format(file=out))
    def check(paths: list[Path]) -> None:  # an existing slide is replaced, nothing else
        for path in paths:
            cli.check_output(path, "png", inputs=[a.file], force=getattr(a, "force", False))
    try:
        written = render_slides(workshop, out, size, check=check)
    except OSError as e:
        raise cli.BadInput(cli._cannot_write(out, e)) from None
    n = len(written)
    print(ngettext("wrote {n} slide ({width}x{height}) to {folder}",
                   "wrote {n} slides ({width}x{height}) to {folder}", n).format(
        n=n, width=size[0], height=size[1], folder=out))


cli._EXPORT_OPTIONS.append(_options)
cli._EXPORT_HANDLERS.append((_wanted, _run))
