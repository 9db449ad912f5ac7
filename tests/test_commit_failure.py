"""A change that cannot be written (disk full, read-only, I/O error) is reported at once,
is not shown as done, and loses nothing saved before it.

Tests run as root in CI containers, where ``chmod`` does not stop writes, so
the failures are simulated inside SQLite: ``PRAGMA max_page_count`` (the
database is full), a connection opened read-only the way SQLite opens a
write-protected file, and a connection whose COMMIT fails (an fsync error).
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from cxworkshop.commands import ChangeCommand
from cxworkshop.model import Link, Process, Update
from cxworkshop.resources import samples_dir
from cxworkshop.store import SessionStore, sqlite_store
from cxworkshop.ui.pages.overview import OverviewPage


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "home-services.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", path)
    return path


def fill_the_disk(store) -> None:
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(store) -> None:
    store.conn.execute("PRAGMA max_page_count = 1073741823")


class FailingCommit:
    """A connection whose COMMIT fails as when the disk cannot sync."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def execute(self, sql, *args):
        if sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def on_disk(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return SessionStore.read(path)


def test_disk_full_in_the_app_is_reported_and_not_shown_as_done(main_window, sample):
    assert main_window.open_file(sample)
    doc = main_window.document
    page = main_window.show_page(OverviewPage)
    page.edits["location"].setText("Harrogate, Old Swan Hotel")
    page.edits["location"].editingFinished.emit()
    notes_before = doc.info.notes

    fill_the_disk(doc.store)
    page.notes.setPlainText("Room plan. " * 900)  # needs new pages: the disk is full
    page._commit_notes()

    assert len(main_window.errors) == 1
    message = main_window.errors[0]
    assert "Could not save the change to home-services.cxw: the disk is full" in message
    assert "everything saved before it is safe" in message
    assert doc.info.notes == notes_before
    assert page.notes.toPlainText() == notes_before  # the typed text is not shown as saved
    assert main_window.act_undo.text() == "&Undo Edit session location"
    assert doc.undo_stack.count() == 1

    free_the_disk(doc.store)  # space freed: the next edit is saved as usual
    page.notes.setPlainText("Room plan: U-shape, projector on the left.")
    page._commit_notes()
    assert len(main_window.errors) == 1
    main_window.close_document()

    w = on_disk(sample)
    assert w.info.location == "Harrogate, Old Swan Hotel"
    assert w.info.notes == "Room plan: U-shape, projector on the left."
    assert len(w.processes) == 22


def test_failed_commit_of_a_drag_changes_nothing_in_model_or_file(document):
    moved = {"p1": (40.0, 10.0), "p2": (80.0, 20.0), "p3": (120.0, 30.0)}
    before = {pid: (document.get("processes", pid).x, document.get("processes", pid).y)
              for pid in moved}
    failures, changes = [], []
    document.commit_failed.connect(failures.append)
    document.entity_changed.connect(lambda *a: changes.append(a))
    real = document.store.conn
    document.store.conn = FailingCommit(real)
    ops = [Update("processes", pid, {"x": x, "y": y}) for pid, (x, y) in moved.items()]
    assert document.push(ChangeCommand(document, "Move 3 boxes", ops)) is False
    assert failures == ["Could not save the change to workshop.cxw: the drive cannot be written "
                        "(disk I/O error; was it removed?). The change was not made; everything "
                        "saved before it is safe."]
    assert changes == []  # no widget was told the boxes moved
    assert document.undo_stack.count() == 0
    assert {pid: (document.get("processes", pid).x, document.get("processes", pid).y)
            for pid in moved} == before
    file = on_disk(document.path)
    assert {pid: (file.get("processes", pid).x, file.get("processes", pid).y)
            for pid in moved} == before

    document.store.conn = real
    assert document.push(ChangeCommand(document, "Move 3 boxes", ops))
    assert on_disk(document.path).get("processes", "p3").x == 120.0


def test_failed_cascade_delete_keeps_every_row(document):
    document.store.conn = FailingCommit(document.store.conn)
    failures = []
    document.commit_failed.connect(failures.append)
    assert document.remove([("processes", "p2")]) is False
    assert len(failures) == 1
    assert document.get("processes", "p2") and document.get("links", "l1") \
        and document.get("links", "l2")
    file = on_disk(document.path)
    assert file.get("processes", "p2") and len(file.links) == 3


def test_write_protected_file_reports_read_only(qapp, session_path, monkeypatch):
    """SQLite opens a write-protected file read-only; every change is refused clearly."""
    from cxworkshop.document import SessionDocument
    real_connect = sqlite_store._connect
    monkeypatch.setattr(sqlite_store, "_connect",
                        lambda path, read_only=False: real_connect(path, read_only=True))
    doc = SessionDocument.open(session_path)
    try:
        failures = []
        doc.commit_failed.connect(failures.append)
        assert doc.update("processes", "p1", name="Greet the customer") is False
        assert len(failures) == 1
        assert "the file or its folder is read-only" in failures[0]
        assert doc.get("processes", "p1").name == "Take enquiry"
    finally:
        doc.close()
    assert on_disk(session_path).get("processes", "p1").name == "Take enquiry"


def test_failed_undo_then_undo_again_stays_consistent(document):
    """An undo that cannot be saved is dropped; the next undo must not drift from the file."""
    failures = []
    document.commit_failed.connect(failures.append)
    document.add(Process("p9", "Send reminder", "d2", 4))
    document.add(Link("l9", "p9", "p1"))
    fill_the_disk(document.store)
    document.store.conn.execute("PRAGMA query_only = ON")
    document.undo_stack.undo()  # cannot be written
    assert len(failures) == 1 and "read-only" in failures[0]
    assert document.get("links", "l9") is not None
    document.store.conn.execute("PRAGMA query_only = OFF")
    free_the_disk(document.store)

    document.undo_stack.undo()  # "Add process" no longer fits: the link still uses p9
    assert len(failures) == 2
    assert failures[1].startswith("“Add process” can no longer be undone")
    assert document.undo_stack.count() == 0
    file = on_disk(document.path)
    assert document.get("processes", "p9") and file.get("processes", "p9")
    assert document.get("links", "l9") and file.get("links", "l9")


def test_map_drag_that_cannot_be_saved_snaps_back(qtbot, document):
    """A real mouse drag on the map while the disk cannot sync: the box goes back."""
    from cxworkshop.ui.pages.map import MapPage

    from .test_map_canvas import cell_center, center, drag
    page = MapPage(document)
    qtbot.addWidget(page)
    page.resize(1500, 950)
    page.show()
    qtbot.waitExposed(page)
    page.view.set_scale(1.0)
    page.view.horizontalScrollBar().setValue(page.view.horizontalScrollBar().minimum())
    page.view.verticalScrollBar().setValue(page.view.verticalScrollBar().minimum())
    failures = []
    document.commit_failed.connect(failures.append)
    item = page.scene.item_for_process["p2"]
    home = item.pos()
    document.store.conn = FailingCommit(document.store.conn)
    drag(qtbot, page, center(page, "p2"), cell_center(page, "d2", 1))
    assert len(failures) == 1 and "disk I/O error" in failures[0]
    assert item.pos() == home  # not shown where it could not be saved
    p = document.get("processes", "p2")
    assert (p.department, p.stage) == ("d1", 1)
    assert document.undo_stack.count() == 0
    file = on_disk(document.path).get("processes", "p2")
    assert (file.department, file.stage) == ("d1", 1)
