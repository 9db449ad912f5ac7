"""Shared fixtures: sessions on disk, documents, a main window."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the app's and the CLI's log file goes here, not into the user's log folder
os.environ.setdefault("CXWORKSHOP_LOG_DIR", __import__("tempfile").mkdtemp(prefix="cxw-logs-"))
# English messages whatever the machine's locale (the app and the CLI follow LANGUAGE,
# LC_ALL, LC_MESSAGES, then LANG): tests that want German set it themselves.
for _name in ("LANGUAGE", "LC_ALL"):
    os.environ.pop(_name, None)
os.environ["LC_MESSAGES"] = "C.UTF-8"

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Property tests: the same examples every run in CI (CI=true), new random ones locally
# (HYPOTHESIS_PROFILE=ci reproduces CI; a failure prints the blob to replay it).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("true", "1", "yes") else "dev"))

from cxworkshop.model import Add, Department, Link, Participant, Process, Workshop, new_id  # noqa: E402
from cxworkshop.store import SessionStore, write_session_file  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true",
                     help="also run the long tests marked slow (e.g. the 50-kill crash loop)")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` run with --run-slow (or -m slow); each has a small form
    that runs by default."""
    if config.getoption("--run-slow") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def small_workshop() -> Workshop:
    """Two departments, four processes in a chain with one moment of truth."""
    w = Workshop()
    d1, d2 = Department("d1", "Sales", "#1f77b4"), Department("d2", "Billing", "#ff7f0e")
    procs = [Process("p1", "Take enquiry", "d1", 0, moment_of_truth=True),
             Process("p2", "Quote", "d1", 1),
             Process("p3", "Invoice", "d2", 3),
             Process("p4", "Collect payment", "d2", 4)]
    links = [Link("l1", "p1", "p2"), Link("l2", "p2", "p3"), Link("l3", "p3", "p4")]
    people = [Participant("u1", "Ana", "d1"), Participant("u2", "Bo", "d2")]
    w.apply([Add(e) for e in (d1, d2, *procs, *links, *people)])
    return w


@pytest.fixture
def session_path(tmp_path):
    """A small session written to a temporary .cxw file."""
    path = tmp_path / "workshop.cxw"
    write_session_file(path, small_workshop())
    return path


@pytest.fixture
def store(session_path):
    s = SessionStore.open(session_path)
    yield s
    s.close()


@pytest.fixture
def document(qapp, session_path):
    from cxworkshop.document import SessionDocument
    doc = SessionDocument.open(session_path)
    yield doc
    doc.close()


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


@pytest.fixture
def main_window(qtbot, settings, monkeypatch):
    """A main window whose dialogs never block (errors are collected instead)."""
    from PySide6.QtWidgets import QMessageBox

    from cxworkshop.ui.main_window import MainWindow
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: errors.append(text)))
    w = MainWindow(settings)
    w.errors = errors
    qtbot.addWidget(w)
    yield w
    w.set_document(None)


__all__ = ["small_workshop", "new_id"]


@pytest.fixture
def map_page(qtbot, document):
    """The Map page of the small session, shown at 100 % and scrolled to the top left."""
    from cxworkshop.ui.pages.map import MapPage
    p = MapPage(document)
    qtbot.addWidget(p)
    p.resize(1500, 950)
    p.show()
    qtbot.waitExposed(p)
    p.view.set_scale(1.0)
    p.view.horizontalScrollBar().setValue(p.view.horizontalScrollBar().minimum())
    p.view.verticalScrollBar().setValue(p.view.verticalScrollBar().minimum())
    return p
