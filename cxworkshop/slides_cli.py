"""``cxworkshop export FILE --slides DIR [--size 1024x768]``: the room's slides as PNGs.

Registers with the ``export`` command; Qt loads only when slides are asked for.
"""
from __future__ import annotations

from pathlib import Path

from . import cli


def _options(p) -> None:
    p.add_argument("--slides", type=Path, metavar="DIR",
                   help="write one PNG per room view (what the presenter shows), "
                        "numbered in agenda order")
    p.add_argument("--size", default="1024x768", metavar="WxH",
                   help="slide size in pixels for --slides (default 1024x768)")


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
        raise cli.BadInput(f"{out}: is a file; --slides needs a folder")
    def check(paths: list[Path]) -> None:  # an existing slide is replaced, nothing else
        for path in paths:
            cli.check_output(path, "png", inputs=[a.file], force=getattr(a, "force", False))
    try:
        written = render_slides(workshop, out, size, check=check)
    except OSError as e:
        raise cli.BadInput(f"{out}: cannot be written ({e.strerror or e})") from None
    print(f"wrote {len(written)} slides ({size[0]}x{size[1]}) to {out}")


cli._EXPORT_OPTIONS.append(_options)
cli._EXPORT_HANDLERS.append((_wanted, _run))
