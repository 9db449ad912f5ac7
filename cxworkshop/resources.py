"""Find the shipped files (fonts, prompts, icons, sample workshops) wherever cxworkshop runs.

In the repository they are the top-level folders ``resources/`` and
``sample_sessions/``. A wheel carries them inside the package as
``cxworkshop/assets`` and ``cxworkshop/sample_sessions`` (see ``setup.py``), and
a PyInstaller bundle as ``resources/`` and ``sample_sessions/`` beside the code
(``sys._MEIPASS``, see ``build.spec``). This module is the one place that knows.
"""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

# The package's own folder: the same place importlib.resources.files() gives for a
# package installed as files (a wheel, an editable install), found without loading
# importlib.resources and zipfile (3 % of the app's start-up). A zip import has no
# real files to give reportlab's fonts anyway.
_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent

# kind -> (folder in the bundle and the repository, folder inside the installed package)
_PLACES = {"resources": ("resources", "assets"),
           "sample_sessions": ("sample_sessions", "sample_sessions")}


@cache
def _find(kind: str) -> Path:
    top, inside = _PLACES[kind]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / top
    packaged = _PACKAGE / inside
    if packaged.is_dir():  # installed from a wheel
        return packaged
    return _SOURCE_ROOT / top  # a source tree (also an editable install)


def resources_dir() -> Path:
    """The folder holding ``fonts/``, ``prompts/``, ``icons/``…"""
    return _find("resources")


def resource_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return resources_dir().joinpath(*parts)


def samples_dir() -> Path:
    """The bundled example workshops."""
    return _find("sample_sessions")


def readme_text() -> str:
    """The README (the in-app user guide): from the source tree, the bundle or the
    installed package's metadata (a wheel carries it as its long description)."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "README.md"] if bundle else []
    for candidate in candidates + [_SOURCE_ROOT / "README.md"]:
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            if text.startswith("# cxworkshop"):
                return text
    from importlib import metadata
    try:
        meta = metadata.metadata("cxworkshop")
    except metadata.PackageNotFoundError:
        return ""
    return meta.get("Description") or meta.get_payload() or ""  # type: ignore[attr-defined]
