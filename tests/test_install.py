"""A normal install: data mapped into the wheel, one resource lookup, true minimum versions."""
from __future__ import annotations

import fnmatch
import re
import runpy
import tomllib
from pathlib import Path

import pytest

import cxworkshop.resources as res

ROOT = Path(__file__).resolve().parent.parent


def _setup_kwargs(monkeypatch) -> dict:
    setuptools = pytest.importorskip("setuptools")  # a Python 3.12 venv comes without it
    seen: dict = {}
    monkeypatch.setattr(setuptools, "setup", lambda **kw: seen.update(kw))
    runpy.run_path(str(ROOT / "setup.py"), run_name="__main__")
    return seen


def test_wheel_maps_every_shipped_file_of_resources_and_sample_sessions(monkeypatch):
    kw = _setup_kwargs(monkeypatch)
    assert kw["package_dir"] == {"cxworkshop.assets": "resources",
                                 "cxworkshop.sample_sessions": "sample_sessions"}
    assert {"cxworkshop", "cxworkshop.ui", "cxworkshop.ui.pages", "cxworkshop.assets",
            "cxworkshop.sample_sessions"} <= set(kw["packages"])
    # the phone page ships too; and no package-data table in pyproject.toml, which
    # would silently replace this whole list (a wheel without fonts or samples)
    assert kw["package_data"]["cxworkshop.roomlink"] == ["static/*"]
    assert "\n[tool.setuptools.package-data]" not in (ROOT / "pyproject.toml").read_text(
        encoding="utf-8")
    for package, folder in kw["package_dir"].items():
        patterns = kw["package_data"][package]
        files = [p.relative_to(ROOT / folder).as_posix()
                 for p in (ROOT / folder).rglob("*") if p.is_file()
                 and "__pycache__" not in p.parts]
        shipped = {f for f in files if any(fnmatch.fnmatch(f, pat) for pat in patterns)}
        # everything but the tools that make the samples, icons and catalogue goes in
        tools = {"build.py", "icons/make_icons.py", "i18n/update_catalogue.py"}
        assert set(files) - shipped <= tools, (package, set(files) - shipped)
        assert shipped, package


def test_one_lookup_for_source_tree_wheel_and_bundle(monkeypatch, tmp_path):
    res._find.cache_clear()
    monkeypatch.delattr("sys._MEIPASS", raising=False)
    try:
        # source tree (and an editable install)
        dejavu = ROOT / "resources/fonts/DejaVuSans.ttf"
        assert res.resource_path("fonts", "DejaVuSans.ttf") == dejavu
        assert (res.samples_dir() / "home-services.cxw").is_file()
        # a wheel: the data lives inside the installed package
        package = tmp_path / "site-packages" / "cxworkshop"
        (package / "assets" / "fonts").mkdir(parents=True)
        (package / "sample_sessions").mkdir()
        monkeypatch.setattr(res, "_PACKAGE", package)
        res._find.cache_clear()
        assert res.resource_path("fonts", "x.ttf") == package / "assets" / "fonts" / "x.ttf"
        assert res.samples_dir() == package / "sample_sessions"
        # a PyInstaller bundle
        monkeypatch.setattr("sys._MEIPASS", str(tmp_path / "bundle"), raising=False)
        res._find.cache_clear()
        assert res.resources_dir() == tmp_path / "bundle" / "resources"
        assert res.samples_dir() == tmp_path / "bundle" / "sample_sessions"
    finally:
        res._find.cache_clear()


def _floors() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"]
    floors: dict[str, str] = {}
    for dep in deps:
        m = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", dep)
        assert m, f"dependency without a minimum version: {dep}"
        name = m.group(1).lower()
        assert floors.get(name, m.group(2)) == m.group(2), f"two floors for {name}"
        floors[name] = m.group(2)
    return floors


def test_constraints_min_pins_exactly_the_declared_floors():
    pins = {}
    for line in (ROOT / "constraints-min.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    floors = _floors()
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        # "6.10" pins as "6.10.0", "4.0" as "4.0"
        assert pins[name] == floor or pins[name].startswith(floor + "."), (name, floor, pins)


def test_floors_are_the_measured_ones():
    floors = _floors()
    assert floors["pyside6-essentials"] == "6.10"  # endFilterChange
    assert floors["sqlite-utils"] == "4.0"  # Database.atomic
    assert floors["reportlab"] == "4.4"  # long fields; 4.0.0 builds pycairo


def test_readme_names_only_files_that_are_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\]\(([^)#\s]+)\)", readme))  # links and pictures
    named |= {m for m in re.findall(r"`([\w./-]+\.(?:md|py|txt|toml|spec|json|svg|png|cfg))`",
                                   readme)
              if not re.search(r"\b(NAME|FILE|OUT|IN|DIR)\b|\*|^people|^out", m)}
    named = {n for n in named if not n.startswith(("http:", "https:"))}
    assert named, "the README names no files?"
    missing = sorted(n for n in named
                     if not any((ROOT / d / n).exists() for d in ("", "tests", "cxworkshop")))
    assert not missing
