"""The packaged app (PyInstaller): the spec, the launcher, and a smoke run of a built bundle.

Building takes about 20 s of CPU on a fast machine but minutes on a shared CI
runner, and needs PyInstaller; so CI checks the spec and the launcher, and
smoke-tests a bundle only when one has been built (``pyinstaller build.spec``,
or ``CXWORKSHOP_BUNDLE=DIR``). ``python tests/smoke_packaged.py`` prints the
bundle's size and start time.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cxworkshop import __version__

from .smoke_packaged import DEFAULT_BUNDLE, executable, run_smoke

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


class _Recorder:
    """Stands in for PyInstaller's build classes while the spec is executed."""

    calls: dict = {}

    def __init__(self, *args, **kwargs):
        type(self).calls[type(self).__name__] = (args, kwargs)
        type(self).calls.setdefault(f"all {type(self).__name__}", []).append(kwargs)
        self.args, self.kwargs = args, kwargs
        self.pure, self.scripts = [], []
        self.binaries = [("PySide6/Qt/translations/qt_de.qm", "x", "DATA"),
                         ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "x", "BINARY"),
                         ("libgtk-3.so.0", "x", "BINARY"),
                         ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
                         ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "x", "BINARY")]
        self.datas = list(kwargs.get("datas", []))


def _run_spec() -> dict:
    pytest.importorskip("PyInstaller")
    calls: dict = {}
    classes = {name: type(name, (_Recorder,), {"calls": calls})
               for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    spec = ROOT / "build.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"),
         {"SPECPATH": str(ROOT), "__name__": "__main__", **classes})
    return calls


def test_spec_reads_name_and_version_and_bundles_resources_and_samples():
    calls = _run_spec()
    ([script],), analysis = calls["Analysis"]
    assert Path(script) == ROOT / "cxworkshop" / "__main__.py"
    targets = {(Path(src).relative_to(ROOT).as_posix(), dest) for src, dest in analysis["datas"]}
    assert ("resources", "resources") in targets
    assert ("sample_sessions/home-services.cxw", "sample_sessions") in targets
    assert ("sample_sessions/service-desk.cxw", "sample_sessions") in targets
    # pages and CLI plug-ins are imported by name at run time
    assert {"cxworkshop.store.repair", "cxworkshop.ui.pages.overview",
            "cxworkshop.app"} <= set(analysis["hiddenimports"])
    # a windowed app and a console command line from the same analysis, in one folder
    gui, cli = calls["all EXE"]
    assert gui["name"] == PROJECT["name"] == "cxworkshop" and gui["console"] is False
    assert cli["name"] == "cxworkshop-cli" and cli["console"] is True
    assert gui["icon"] == cli["icon"] and Path(gui["icon"]).exists()
    assert Path(gui["icon"]).suffix == (".icns" if sys.platform == "darwin" else ".ico")
    collect_args, collect = calls["COLLECT"]
    assert collect["name"] == PROJECT["name"]
    assert [e.kwargs["name"] for e in collect_args[:2]] == ["cxworkshop", "cxworkshop-cli"]
    assert ("README.md", ".") in targets  # the in-app user guide


def test_spec_drops_unused_qt_parts_but_keeps_the_platforms_used():
    calls = _run_spec()
    collect_args = calls["COLLECT"][0]
    binaries = [e[0] for e in collect_args[2]]
    assert binaries == ["PySide6/Qt/plugins/platforms/libqxcb.so",
                        "PySide6/Qt/plugins/platforms/libqoffscreen.so"]


def test_launcher_runs_the_command_line():
    run = subprocess.run([sys.executable, str(ROOT / "cxworkshop" / "__main__.py"), "--version"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert run.stdout.strip() == f"cxworkshop {__version__}"
    # the version is written once, in the package; pyproject.toml and the bundle read it
    assert PROJECT["dynamic"] == ["version"] and "version" not in PROJECT
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cxworkshop.__version__"}


BUNDLE = Path(os.environ.get("CXWORKSHOP_BUNDLE", DEFAULT_BUNDLE))


@pytest.mark.slow
@pytest.mark.skipif(not executable(BUNDLE).exists(),
                    reason="no bundle built (run `pyinstaller build.spec`)")
def test_bundle_starts_opens_a_sample_and_exits_cleanly():
    result = run_smoke(BUNDLE, starts=1)
    assert result["failures"] == []
    assert "Brightway Home Services" in result["first_start_title"]
    assert result["first_start_pages"] >= 1
    print(f"\nbundle_size_mb: {result['bundle_size_mb']}\n"
          f"start_seconds: {result['start_seconds_median']}")
