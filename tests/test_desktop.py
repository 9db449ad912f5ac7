"""Linux desktop integration: menu entry, .cxw MIME type and icons, for one user."""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from cxworkshop import desktop
from cxworkshop.cli import main
from cxworkshop.resources import resource_path

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop")


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path / "data"


def test_install_desktop_writes_entry_mime_type_and_icons(xdg, capsys, session_path):
    assert main(["--install-desktop"]) == 0
    assert f"under {xdg}" in capsys.readouterr().out
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(xdg / "applications" / "cxworkshop.desktop", encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Type"] == "Application" and e["Name"] == "cxworkshop"
    assert e["MimeType"] == "application/x-cxworkshop;" and e["Icon"] == "cxworkshop"
    assert e["Exec"].endswith(" %f") and Path(e["TryExec"]).exists()
    xml = ET.parse(xdg / "mime" / "packages" / "cxworkshop.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = xml.find("m:mime-type", ns)
    assert mime.get("type") == "application/x-cxworkshop"
    assert mime.find("m:glob", ns).get("pattern") == "*.cxw"
    for size in (16, 48, 256):
        png = xdg / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "cxworkshop.png"
        assert Image.open(png).size == (size, size)
    assert (xdg / "icons" / "hicolor" / "scalable" / "apps" / "cxworkshop.svg").exists()
    if shutil.which("update-mime-database"):  # the desktop's database knows .cxw now
        assert "application/x-cxworkshop:*.cxw" in (xdg / "mime" / "globs2").read_text()
    # the command in Exec really starts this cxworkshop
    exec_cmd = e["Exec"].removesuffix(" %f")
    run = subprocess.run(f"{exec_cmd} --version", shell=True, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("cxworkshop ")

    assert main(["--uninstall-desktop"]) == 0
    assert not (xdg / "applications" / "cxworkshop.desktop").exists()
    assert not list((xdg / "icons").rglob("cxworkshop*"))


def test_exec_line_quotes_paths_with_spaces():
    assert desktop._desktop_quote("/opt/my apps/cxworkshop") == '"/opt/my apps/cxworkshop"'
    assert desktop._desktop_quote("/usr/bin/cxworkshop") == "/usr/bin/cxworkshop"


def test_icon_files_are_generated_from_the_svg():
    icons = resource_path("icons")
    assert (icons / "cxworkshop.svg").read_text().lstrip().startswith("<?xml")
    for size in desktop.ICON_SIZES:
        assert Image.open(icons / f"cxworkshop-{size}.png").size == (size, size)
    assert {(16, 16), (32, 32), (256, 256)} <= Image.open(icons / "cxworkshop.ico").info["sizes"]
    assert (512, 512, 1) in Image.open(icons / "cxworkshop.icns").info["sizes"]
