"""Where workshop templates come from: the blank one, the bundled samples, your own.

Your own templates are JSON interchange files (see :mod:`cxworkshop.io.json_io`)
in the user's data folder, ``…/cxworkshop/templates/NAME.json``, written by
File ▸ Save as Template with the workshop's structure only.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..fileutil import write_atomic
from ..i18n import N_, tr
from ..model import Workshop
from ..model.templates import from_previous, new_workshop
from ..resources import samples_dir
from .json_io import dumps, loads

SAMPLE_TEMPLATES = (("home-services.cxw", N_("Home services (sample)")),
                    ("service-desk.cxw", N_("B2B service desk (sample)")))


@dataclass
class Template:
    """One entry of File ▸ New from Template."""

    name: str
    description: str
    load: Callable[[], Workshop]  # the workshop the template holds (with its answers)
    path: Path | None = None  # for your own templates
    relative: bool = False  # a sample: its dates move to today when answers are copied


def templates_dir() -> Path:
    """The folder of the user's own templates (``CXWORKSHOP_TEMPLATES`` overrides it)."""
    override = os.environ.get("CXWORKSHOP_TEMPLATES")
    if override:
        return Path(override)
    from platformdirs import user_data_dir
    return Path(user_data_dir("cxworkshop", appauthor=False)) / "templates"


def available() -> list[Template]:
    """Blank first, then the samples, then the user's own (by name)."""
    out = [Template(tr("Blank workshop"), tr("Today's date, the five default stages and the "
                                             "default agenda; no departments or map yet."),
                    new_workshop)]
    for file, name in SAMPLE_TEMPLATES:
        path = samples_dir() / file
        if path.exists():
            out.append(Template(tr(name), tr("Its departments, map, agenda and metrics."),
                                partial(_read_session, path), relative=True))
    folder = templates_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.json"), key=lambda p: p.stem.casefold()):
            out.append(Template(path.stem, tr("Your template ({file}).").format(file=path.name),
                                partial(_read_json, path), path))
    return out


def _read_json(path: Path) -> Workshop:
    return loads(path.read_bytes())


def _read_session(path: Path) -> Workshop:
    from ..store import SessionStore
    return SessionStore.read(path)


def safe_name(name: str) -> str:
    """A file name for a template called ``name`` (no folders, no odd characters)."""
    cleaned = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]', " ", name).split()).strip(" .")
    return cleaned[:80] or "My template"


def save_template(workshop: Workshop, name: str, folder: Path | None = None,
                  today: dt.date | None = None) -> Path:
    """Write ``workshop``'s structure (no people, no answers) as template ``name``.

    Returns the path written; an existing template of that name is replaced.

    Raises:
        OSError: the folder or file cannot be written.
    """
    folder = folder or templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    structure = from_previous(workshop, today)
    structure.info = structure.info.replace(title=workshop.info.title)
    path = folder / f"{safe_name(name)}.json"
    write_atomic(path, dumps(structure).encode("utf-8"))
    return path
