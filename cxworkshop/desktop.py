"""Linux desktop integration for one user: a menu entry, the icon, and ``.cxw`` files.

``cxworkshop --install-desktop`` writes, under ``$XDG_DATA_HOME`` (``~/.local/share``):
``applications/cxworkshop.desktop``, ``mime/packages/cxworkshop.xml`` (the
``application/x-cxworkshop`` type for ``*.cxw``), and the icons in
``icons/hicolor``; then refreshes the desktop's caches when their tools exist.
``--uninstall-desktop`` removes the same files. Nothing outside the user's home.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .resources import resource_path

MIME_TYPE = "application/x-cxworkshop"
DESKTOP_ID = "cxworkshop.desktop"
ICON_NAME = "cxworkshop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{mime}">
    <comment>cxworkshop workshop</comment>
    <comment xml:lang="de">cxworkshop-Workshop</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <generic-icon name="{icon}"/>
    <glob pattern="*.cxw"/>
    <magic priority="60">
      <match type="string" offset="0" value="SQLite format 3">
        <match type="big32" offset="68" value="0x43587753"/>
      </match>
    </magic>
  </mime-type>
</mime-info>
"""

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=cxworkshop
GenericName=Customer-experience workshop
GenericName[de]=Kundenerlebnis-Workshop
Comment=Run an on-site customer-experience workshop, offline
Comment[de]=Einen Kundenerlebnis-Workshop vor Ort durchführen, offline
Exec={exec} %f
TryExec={try_exec}
Icon={icon}
Terminal=false
Categories=Office;Presentation;Qt;
MimeType={mime};
StartupWMClass=cxworkshop
Keywords=workshop;customer;journey;process map;facilitator;
"""


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> list[str]:
    """The command that starts this cxworkshop: the bundle, the console script, or python -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script and script.name.startswith("cxworkshop") and script.suffix != ".py":
        found = shutil.which(str(script)) or (str(script.resolve()) if script.exists() else None)
        if found:
            return [str(Path(found).resolve())]
    found = shutil.which("cxworkshop")
    if found:
        return [found]
    return [sys.executable, "-m", "cxworkshop"]


def _files(base: Path) -> dict[Path, Path | str]:
    """Target -> source file (copied) or text (written)."""
    icons = base / "icons" / "hicolor"
    files: dict[Path, Path | str] = {}
    for size in ICON_SIZES:
        png = resource_path("icons", f"cxworkshop-{size}.png")
        files[icons / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"] = png
        files[icons / f"{size}x{size}" / "mimetypes" / "application-x-cxworkshop.png"] = png
    files[icons / "scalable" / "apps" / f"{ICON_NAME}.svg"] = resource_path("icons",
                                                                            "cxworkshop.svg")
    command = launcher()
    files[base / "applications" / DESKTOP_ID] = DESKTOP_ENTRY.format(
        exec=" ".join(_desktop_quote(c) for c in command), try_exec=command[0],
        icon=ICON_NAME, mime=MIME_TYPE)
    files[base / "mime" / "packages" / "cxworkshop.xml"] = MIME_XML.format(
        mime=MIME_TYPE, icon=ICON_NAME)
    return files


def _desktop_quote(arg: str) -> str:
    """Quote an Exec argument as the Desktop Entry spec wants (double quotes, escapes)."""
    if not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`%'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace(
        "$", "\\$")
    return f'"{escaped}"'.replace("%", "%%")


def install(base: Path | None = None) -> list[Path]:
    """Write the entry, MIME type and icons; refresh caches; return the files written."""
    if not sys.platform.startswith("linux"):
        raise OSError("desktop integration is for Linux desktops (freedesktop.org); "
                      "on Windows and macOS the packaged app registers itself")
    base = base or data_home()
    written = []
    for target, source in _files(base).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_text(source, encoding="utf-8")
        written.append(target)
    _refresh(base)
    return written


def uninstall(base: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote; return the files removed."""
    base = base or data_home()
    removed = []
    for target in _files(base):
        if target.exists():
            target.unlink()
            removed.append(target)
    _refresh(base)
    return removed


def _refresh(base: Path) -> None:
    """Let the desktop see the new type and entry (each tool is optional)."""
    for tool, folder in (("update-mime-database", base / "mime"),
                         ("update-desktop-database", base / "applications"),
                         ("gtk-update-icon-cache", base / "icons" / "hicolor")):
        exe = shutil.which(tool)
        if exe and folder.is_dir():
            args = [exe, "-f", "-t", str(folder)] if tool == "gtk-update-icon-cache" \
                else [exe, str(folder)]
            subprocess.run(args, capture_output=True, timeout=60, check=False)
    xdg_mime = shutil.which("xdg-mime")
    if xdg_mime and (base / "applications" / DESKTOP_ID).exists():
        # double-clicking a .cxw opens cxworkshop (the user's own mimeapps.list)
        subprocess.run([xdg_mime, "default", DESKTOP_ID, MIME_TYPE], capture_output=True,
                       timeout=60, check=False)
