"""Nothing destroys a workshop: replacing files, exports onto inputs, outside changes,
hostile and odd files (issue #16). Each test is a case a user could run into."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxworkshop.cli import main as cli
from cxworkshop.io.json_io import dumps
from cxworkshop.model import Add, Participant
from cxworkshop.resources import samples_dir
from cxworkshop.store import (
    ChangedOutside,
    ForeignObjects,
    NotASession,
    SessionStore,
    check_file,
    write_session_file,
)
from cxworkshop.store.lock import LockUnavailable, lock_path

from .conftest import small_workshop


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def crash(path: Path) -> None:
    """Leave ``path`` as a killed window does: a -wal with frames, -shm and a lock file."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    with conn:
        conn.execute("BEGIN")
        for i in range(300):
            conn.execute("INSERT INTO participant (id, name, customer_facing, position) "
                         "VALUES (?, ?, 0, ?)", (f"crash{i}", f"Crashed {i} " + "x" * 80, i))
        conn.execute("COMMIT")
    wal, shm = (Path(str(path) + s) for s in ("-wal", "-shm"))
    saved = wal.read_bytes(), shm.read_bytes()
    assert len(saved[0]) > 20000
    conn.close()
    wal.write_bytes(saved[0])
    shm.write_bytes(saved[1])
    lock_path(path).write_text(json.dumps({"pid": 999999, "host": "gone"}))


@pytest.fixture
def other_json(tmp_path) -> Path:
    src = tmp_path / "other.json"
    shutil.copyfile(samples_dir() / "service-desk.json", src)
    return src


def counts(path: Path) -> dict:
    return SessionStore.read(path).counts()


# -- a workshop file is replaced only whole and knowingly ---------------------------------
def test_import_force_onto_a_crashed_file_replays_no_stale_log(session_path, other_json,
                                                               capsys):
    crash(session_path)
    assert cli(["import", str(other_json), str(session_path), "--force"]) == 0
    assert check_file(session_path) == []
    from cxworkshop.io.json_io import loads
    assert SessionStore.read(session_path).counts() == loads(other_json.read_bytes()).counts()
    assert not Path(str(session_path) + "-wal").exists()


def test_new_onto_a_crashed_file_in_the_app(main_window, session_path, monkeypatch):
    crash(session_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(session_path), "")))
    main_window.new_session()
    assert main_window.errors == []
    assert main_window.document.path == session_path
    assert main_window.document.workshop.counts()["participants"] == 0
    main_window.set_document(None)
    assert check_file(session_path) == []
    assert counts(session_path)["participants"] == 0


def test_import_json_in_the_app_onto_a_crashed_file(main_window, session_path, other_json,
                                                    monkeypatch):
    crash(session_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(other_json), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(session_path), "")))
    main_window.import_json_dialog()
    assert main_window.errors == []
    main_window.set_document(None)
    assert check_file(session_path) == []


def test_save_a_copy_onto_a_crashed_file(document, tmp_path):
    target = tmp_path / "target.cxw"
    write_session_file(target, small_workshop())
    crash(target)
    document.store.save_copy(target)
    assert check_file(target) == []
    assert counts(target) == document.workshop.counts()


def test_cli_import_force_refuses_a_file_open_in_a_window(session_path, other_json, capsys):
    before = digest(session_path)
    with SessionStore.open(session_path):
        assert cli(["import", str(other_json), str(session_path), "--force"]) == 1
        err = capsys.readouterr().err
        assert "open in another cxworkshop window" in err
        assert digest(session_path) == before
    assert check_file(session_path) == []


def test_cli_new_onto_a_file_open_in_a_window_is_refused(session_path, capsys):
    with SessionStore.open(session_path):
        assert cli(["new", str(session_path)]) == 1
    assert counts(session_path)["processes"] == 4


def test_new_in_window_b_onto_a_file_open_in_window_a(qtbot, settings, session_path,
                                                      monkeypatch):
    from cxworkshop.ui.main_window import MainWindow
    errors = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda p, t, text, *a, **k: errors.append(text)))
    a, b = MainWindow(settings), MainWindow(settings)
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    assert a.open_file(session_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *x, **k: (str(session_path), "")))
    b.new_session()
    assert errors and "open in another cxworkshop window" in errors[0]
    assert b.document is None
    assert a.document.update("processes", "p1", name="Still here")
    a.set_document(None)
    w = SessionStore.read(session_path)
    assert w.counts()["processes"] == 4 and w.get("processes", "p1").name == "Still here"


def test_save_a_copy_onto_a_file_open_in_another_window(qtbot, settings, session_path,
                                                        tmp_path, monkeypatch):
    from cxworkshop.ui.main_window import MainWindow
    errors = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda p, t, text, *a, **k: errors.append(text)))
    other = tmp_path / "other.cxw"
    write_session_file(other, small_workshop())
    a, b = MainWindow(settings), MainWindow(settings)
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    assert a.open_file(session_path) and b.open_file(other)
    b.document.update("session", None, title="B's workshop")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *x, **k: (str(session_path), "")))
    b.save_copy_dialog()
    assert errors and "open in another cxworkshop window" in errors[0]
    a.set_document(None)
    assert check_file(session_path) == []
    assert SessionStore.read(session_path).info.title != "B's workshop"


def test_a_lock_that_cannot_be_taken_means_read_only(session_path, main_window, monkeypatch):
    lock_path(session_path).mkdir()  # cannot be opened as a file, like an immutable one
    with pytest.raises(LockUnavailable, match="lock file"):
        SessionStore.open(session_path)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.Yes))
    assert main_window.open_file(session_path)
    assert main_window.document.read_only
    assert "[read-only]" in main_window.windowTitle()


@pytest.mark.skipif(shutil.which("chattr") is None or os.geteuid() != 0,
                    reason="chattr +i needs root")
def test_an_immutable_lock_file_is_never_a_second_writer(session_path):
    lock = lock_path(session_path)
    lock.write_text("")
    if subprocess.run(["chattr", "+i", str(lock)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable flag")
    try:
        with pytest.raises(LockUnavailable):
            SessionStore.open(session_path)
        assert cli(["roster", "import", str(session_path), str(lock)]) == 1
    finally:
        subprocess.run(["chattr", "-i", str(lock)])


# -- an open window notices outside changes ----------------------------------------------
def _other_workshop(tmp_path) -> Path:
    other = tmp_path / "elsewhere.cxw"
    w = small_workshop()
    w.info = w.info.replace(title="Someone else's")
    write_session_file(other, w)
    return other


@pytest.mark.parametrize("how", ["replaced", "renamed", "removed", "rewritten", "sqlite"])
def test_outside_change_stops_edits_and_shows_the_banner(main_window, session_path, tmp_path,
                                                         how, qtbot):
    assert main_window.open_file(session_path)
    doc = main_window.document
    assert doc.update("processes", "p1", name="Before")
    other = _other_workshop(tmp_path)
    if how == "replaced":  # a sync tool: a new file renamed over ours
        os.replace(other, session_path)
    elif how == "renamed":
        session_path.rename(tmp_path / "moved.cxw")
    elif how == "removed":
        session_path.unlink()
    elif how == "rewritten":  # a copy in place: same file, new bytes
        time.sleep(0.01)
        session_path.write_bytes(other.read_bytes())
    else:  # another program writes through SQLite
        conn = sqlite3.connect(session_path, isolation_level=None)
        conn.execute("UPDATE session SET title = 'Changed by a script'")
        conn.close()
    assert doc.update("processes", "p1", name="After") is False
    assert doc.get("processes", "p1").name == "Before"
    assert main_window.outside_banner.isVisible() or not main_window.isVisible()
    assert not main_window.outside_banner.isHidden()
    assert "changed outside cxworkshop" in main_window.outside_label.text()
    assert main_window.errors == []  # the banner, not a dialog per keystroke
    assert doc.update("session", None, title="Mine") is False
    if how in ("replaced", "rewritten"):
        assert SessionStore.read(session_path).info.title == "Someone else's"


def test_outside_change_is_seen_without_an_edit(main_window, session_path, tmp_path, qtbot):
    assert main_window.open_file(session_path)
    os.replace(_other_workshop(tmp_path), session_path)
    qtbot.waitUntil(lambda: not main_window.outside_banner.isHidden(), timeout=5000)
    assert "changed outside" in main_window.windowTitle()


def test_banner_reload_and_save_my_version(main_window, session_path, tmp_path, monkeypatch):
    assert main_window.open_file(session_path)
    main_window.document.update("processes", "p1", name="Mine")
    os.replace(_other_workshop(tmp_path), session_path)
    main_window.document.check_outside()
    mine = tmp_path / "mine.cxw"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *x, **k: (str(mine), "")))
    main_window.save_mine_dialog()
    assert main_window.document.path == mine
    assert main_window.outside_banner.isHidden()
    assert SessionStore.read(mine).get("processes", "p1").name == "Mine"
    assert main_window.open_file(session_path)
    assert main_window.document.info.title == "Someone else's"
    os.replace(_other_workshop(tmp_path), session_path)
    main_window.document.check_outside()
    main_window.reload_document()
    assert main_window.document.path == session_path
    assert main_window.document.update("processes", "p1", name="Edited after reload")
    main_window.close_document()
    assert SessionStore.read(session_path).get("processes", "p1").name == "Edited after reload"


def test_cli_import_force_while_a_window_has_it_open(main_window, session_path, other_json):
    assert main_window.open_file(session_path)
    assert cli(["import", str(other_json), str(session_path), "--force"]) == 1
    assert main_window.document.update("processes", "p1", name="Kept")
    main_window.set_document(None)
    assert SessionStore.read(session_path).get("processes", "p1").name == "Kept"


# -- the .cxw alone holds every saved change after a pause ----------------------------------
def test_checkpoint_at_pauses_puts_everything_in_the_cxw(main_window, session_path, tmp_path,
                                                        qtbot):
    assert main_window.open_file(session_path)
    doc = main_window.document
    for i in range(20):
        assert doc.add(Participant(f"n{i}", f"New {i}"))
    copy = tmp_path / "copied-by-a-file-manager.cxw"
    main_window.show_page("Participants")  # a page switch is a pause
    shutil.copyfile(session_path, copy)
    assert counts(copy)["participants"] == 22
    assert doc.update("processes", "p1", name="Typed before the break")
    qtbot.wait(2600)  # idle for ~2 s
    shutil.copyfile(session_path, copy)
    assert SessionStore.read(copy).get("processes", "p1").name == "Typed before the break"


# -- outputs never clobber inputs ----------------------------------------------------------
def test_roster_export_onto_the_workshop_itself_is_refused(session_path, tmp_path, capsys):
    before = digest(session_path)
    assert cli(["roster", "export", str(session_path), str(session_path)]) == 1
    assert "workshop being exported" in capsys.readouterr().err
    other = _other_workshop(tmp_path)
    other_before = digest(other)
    assert cli(["roster", "export", str(session_path), str(other)]) == 1
    assert "is a cxworkshop workshop" in capsys.readouterr().err
    assert digest(session_path) == before and digest(other) == other_before


def test_json_export_onto_the_workshop_is_refused(session_path, capsys):
    before = digest(session_path)
    assert cli(["export", str(session_path), "--json", str(session_path)]) == 1
    out = capsys.readouterr()
    assert "wrote" not in out.out and "nothing was written" in out.err
    assert digest(session_path) == before


def test_export_through_a_symlink_to_the_workshop_is_refused(session_path, tmp_path):
    link = tmp_path / "innocent.json"
    link.symlink_to(session_path)
    assert cli(["export", str(session_path), "--json", str(link)]) == 1
    assert check_file(session_path) == []


def test_other_kind_of_file_is_replaced_only_with_force(session_path, tmp_path, capsys):
    notes = tmp_path / "notes.json"
    notes.write_text("my notes, not JSON\n")
    csv_out = tmp_path / "report.pdf"
    csv_out.write_text("%PDF-1.4 a report\n")
    assert cli(["roster", "export", str(session_path), str(csv_out)]) == 1
    assert "is a PDF, not a CSV file; use --force" in capsys.readouterr().err
    assert csv_out.read_text() == "%PDF-1.4 a report\n"
    assert cli(["roster", "export", str(session_path), str(csv_out), "--force"]) == 0
    assert cli(["export", str(session_path), "--json", str(notes)]) == 1  # text, not JSON
    assert notes.read_text() == "my notes, not JSON\n"
    assert cli(["export", str(session_path), "--json", str(notes), "--force"]) == 0
    assert json.loads(notes.read_text())["format"] == "cxworkshop-session"


def test_same_kind_is_replaced_and_exports_honour_umask_and_symlinks(session_path, tmp_path):
    out = tmp_path / "out.json"
    old = os.umask(0o022)
    try:
        assert cli(["export", str(session_path), "--json", str(out)]) == 0
        assert cli(["export", str(session_path), "--json", str(out)]) == 0  # JSON by JSON
    finally:
        os.umask(old)
    assert (out.stat().st_mode & 0o777) == 0o644
    real = tmp_path / "real.csv"
    real.write_text("name\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli(["roster", "export", str(session_path), str(link)]) == 0
    assert link.is_symlink() and real.read_text().startswith("\ufeffname,department")


def test_handouts_never_take_the_reports_name(tmp_path, capsys):
    w = small_workshop()
    w.apply([Add(Participant("u9", "report"))])
    path = tmp_path / "s.cxw"
    write_session_file(path, w)
    out = tmp_path / "out"
    out.mkdir()
    assert cli(["export", str(path), "--pdf", str(out / "report.pdf"),
                "--handouts", str(out)]) == 0
    printed = capsys.readouterr().out
    from pypdf import PdfReader
    pages = int(printed.split("(")[1].split(" pages")[0])
    assert len(PdfReader(out / "report.pdf").pages) == pages > 1
    assert (out / "report (2).pdf").exists()
    assert "wrote 3 handouts" in printed
    assert "report (2).pdf: numbered, as the report or the postcards have that name" in printed


def test_gui_json_export_onto_the_open_workshop_is_refused(main_window, session_path,
                                                          monkeypatch):
    assert main_window.open_file(session_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *x, **k: (str(session_path), "")))
    main_window.export_json_dialog()
    assert main_window.errors and "workshop being exported" in main_window.errors[0]
    assert main_window.document.update("processes", "p1", name="Next edit")
    main_window.set_document(None)
    assert SessionStore.read(session_path).get("processes", "p1").name == "Next edit"


def test_gui_export_asks_before_replacing_another_kind(main_window, session_path, tmp_path,
                                                      monkeypatch):
    assert main_window.open_file(session_path)
    target = tmp_path / "picture.png"
    target.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *x, **k: (str(target), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.No))
    main_window.export_json_dialog()
    assert asked and "PNG" in asked[0]
    assert target.read_bytes().startswith(b"\x89PNG")


# -- hostile and odd files ------------------------------------------------------------------
def test_a_trigger_is_refused_reported_and_dropped_by_repair(session_path, capsys):
    conn = sqlite3.connect(session_path, isolation_level=None)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON process BEGIN "
                 "DELETE FROM participant WHERE id <> 'u1'; END")
    conn.close()
    with pytest.raises(ForeignObjects, match='trigger "wipe"'):
        SessionStore.open(session_path)
    from cxworkshop.fileutil import is_open_in_app
    assert not is_open_in_app(session_path)  # a refused file is not left marked open
    problems = check_file(session_path)
    assert any('trigger "wipe"' in p for p in problems)
    assert cli(["check", str(session_path)]) == 1
    assert cli(["check", str(session_path), "--repair"]) == 0
    out = capsys.readouterr().out
    assert 'dropped a trigger "wipe"' in out
    repaired = session_path.with_name("workshop.repaired.cxw")
    assert check_file(repaired) == []
    assert counts(repaired)["participants"] == 2


def test_a_table_replaced_by_a_view_is_refused(session_path, main_window):
    conn = sqlite3.connect(session_path, isolation_level=None)
    conn.execute("ALTER TABLE participant RENAME TO participant_real")
    conn.execute("CREATE VIEW participant AS SELECT * FROM participant_real LIMIT 1")
    conn.close()
    assert not main_window.open_file(session_path)
    assert 'a view "participant"' in main_window.errors[0]
    assert cli(["info", str(session_path)]) == 1


def test_deeply_nested_stage_names(session_path, main_window, capsys):
    deep = "[" * 1000 + "]" * 1000
    conn = sqlite3.connect(session_path, isolation_level=None)
    conn.execute("UPDATE session SET stages = ?", (json.dumps([deep, "b", "c", "d", "e"])
                                                   .replace(json.dumps(deep), deep),))
    conn.close()
    for args in (["info"], ["check"]):
        assert cli([*args, str(session_path)]) == 1
        assert "Traceback" not in capsys.readouterr().err
    assert cli(["check", str(session_path), "--repair"]) == 0
    assert "repaired" in capsys.readouterr().out
    assert not main_window.open_file(session_path)
    assert main_window.errors and "damaged" in main_window.errors[0]


def test_deeply_nested_json_import(tmp_path, capsys):
    doc = json.loads(dumps(small_workshop()))
    src = tmp_path / "deep.json"
    src.write_text(json.dumps(doc).replace('"Need"', "[" * 5000 + "]" * 5000))
    assert cli(["import", str(src), str(tmp_path / "out.cxw")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "nested too deeply" in err
    assert not (tmp_path / "out.cxw").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_named_cxw_gets_one_clear_message(tmp_path, kind, main_window):
    path = tmp_path / "x.cxw"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    for args in (["info", str(path)], ["check", str(path)], ["check", str(path), "--repair"],
                 ["export", str(path), "--json", str(tmp_path / "o.json")],
                 ["roster", "import", str(path), str(path)]):
        proc = subprocess.run([sys.executable, "-m", "cxworkshop", *args], capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert ("pipe" if kind == "fifo" else "folder") in proc.stderr
    assert not main_window.open_file(path)
    assert ("pipe" if kind == "fifo" else "folder") in main_window.errors[0]
    with pytest.raises(NotASession):
        write_session_file(path, small_workshop(), overwrite=True)


# -- no traceback, no hang, no dead end -------------------------------------------------------
def test_read_only_media_with_an_older_format_opens_read_only(tmp_path, main_window,
                                                              monkeypatch):
    from sqlite_utils import Database

    from cxworkshop.store import APPLICATION_ID
    from cxworkshop.store.schema import migrate
    path = tmp_path / "old.cxw"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrate(Database(conn), to_version=1)
    conn.close()
    before = digest(path)
    store = SessionStore.open(path, read_only=True)
    try:
        assert store.load().info.title == "Untitled workshop"
        assert store.migrated_from == 1
    finally:
        store.close()
    assert digest(path) == before
    monkeypatch.setattr(
        "cxworkshop.store.sqlite_store.os.access", lambda p, mode: False)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Yes))
    assert main_window.open_file(path)
    assert main_window.document.read_only
    assert digest(path) == before
    assert not list(tmp_path.glob("*backup*"))


FULL_DISK_SCRIPT = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from cxworkshop.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_import_and_repair_on_a_full_disk_fail_with_a_message(tmp_path, session_path):
    big = json.loads(dumps(small_workshop()))
    big["participants"] += [{"id": f"x{i}", "name": f"Person {i} " + "y" * 100}
                            for i in range(3000)]
    src = tmp_path / "big.json"
    src.write_text(json.dumps(big))
    out = tmp_path / "big.cxw"
    proc = subprocess.run([sys.executable, "-c", FULL_DISK_SCRIPT, "65536", "import", str(src),
                           str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "cannot be written" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json", "workshop.cxw"]
    # repair of a damaged file on a disk too full for the copy
    data = bytearray(session_path.read_bytes())
    data[4096 * 3:4096 * 4] = b"\xff" * 4096
    session_path.write_bytes(bytes(data))
    proc = subprocess.run([sys.executable, "-c", FULL_DISK_SCRIPT, "4096", "check",
                           str(session_path), "--repair"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None,
                    reason="mounting a small tmpfs needs root")
def test_a_really_full_disk(tmp_path, other_json):
    mnt = tmp_path / "stick"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        proc = subprocess.run([sys.executable, "-m", "cxworkshop", "import", str(other_json),
                               str(mnt / "w.cxw")], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert "full" in proc.stderr or "cannot be written" in proc.stderr
        assert list(mnt.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mnt)])


def test_document_refuses_edits_after_changed_outside_error(document, tmp_path):
    os.replace(_other_workshop(tmp_path), document.path)
    told = []
    document.changed_outside.connect(told.append)
    assert document.update("processes", "p1", name="x") is False
    assert told and "replaced" in told[0]
    with pytest.raises(ChangedOutside):
        document.store.apply([])


# -- repair that recovers ---------------------------------------------------------------------
def _bigger_workshop(n: int = 400):
    from cxworkshop.model import Department, Note, Process
    w = small_workshop()
    w.apply([Add(Department("d9", "Field"))]
            + [Add(Process(f"q{i}", f"Process {i} " + "x" * 40, "d9", i % 5)) for i in range(n)]
            + [Add(Note(f"n{i}", f"q{i}", "pain", "a sticky note " * 3)) for i in range(n)])
    return w


def test_repair_of_a_file_missing_only_its_last_page(tmp_path, capsys):
    path = tmp_path / "cut.cxw"
    w = _bigger_workshop()
    write_session_file(path, w)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 4096])
    assert cli(["check", str(path), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "recovered:" in out and "Traceback" not in out
    got = SessionStore.read(path.with_name("cut.repaired.cxw")).counts()
    assert sum(got.values()) >= 0.95 * sum(w.counts().values())
    assert got["processes"] == 404


@pytest.mark.parametrize("k", range(1, 11))
def test_repair_of_a_truncated_file_recovers_what_is_left(tmp_path, k):
    path = tmp_path / "cut.cxw"
    w = _bigger_workshop()
    write_session_file(path, w)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) * k // 11])
    report: list[str] = []
    from cxworkshop.store.repair import repair_file
    out = repair_file(path, report)
    assert check_file(out) == []
    got = sum(SessionStore.read(out).counts().values())
    assert report[-1].startswith("recovered:")
    # every row still on a page that was kept comes back
    from cxworkshop.store.salvage import LEAF_TABLE, Salvage
    pages = Salvage(data)
    # (links are left out: one whose process was lost is rightly dropped)
    ids = {e.id for kind, table in w.tables.items() if kind != "links"
           for e in table.values()}
    left = sum(1 for n in range(2, len(data) * k // 11 // pages.pages.page_size + 1)
               if pages.pages.kind(n) == LEAF_TABLE
               for _, values in pages.leaf_rows(n) if values and values[0] in ids)
    assert got >= left, report


def test_repair_of_a_half_overwritten_file(tmp_path):
    path = tmp_path / "half.cxw"
    w = _bigger_workshop()
    write_session_file(path, w)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8 * 4096] = random.Random(615).randbytes(8 * 4096)  # seeded
    path.write_bytes(bytes(data))
    from cxworkshop.store.repair import repair_file
    out = repair_file(path, [])
    assert sum(SessionStore.read(out).counts().values()) >= 0.6 * sum(w.counts().values())


def test_repair_survives_an_interior_page_with_an_impossible_cell_count(tmp_path):
    """A damaged count of child pointers (0xFFFF on a 4 KB page) ran past the page's end
    and repair stopped with struct.error; now it reads what the page can hold."""
    path = tmp_path / "count.cxw"
    w = _bigger_workshop()
    write_session_file(path, w)
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    interior = [n for n in range(1, len(data) // size)
                if data[n * size] == 0x05]  # table B-tree interior pages (not page 1)
    assert interior
    for n in interior:
        data[n * size + 3:n * size + 5] = b"\xff\xff"
    path.write_bytes(bytes(data))
    from cxworkshop.store.repair import repair_file
    out = repair_file(path, [])
    assert sum(SessionStore.read(out).counts().values()) >= 0.6 * sum(w.counts().values())


# -- big input stays calm -----------------------------------------------------------------
def test_text_bounds_are_the_models(document, main_window, session_path):
    from cxworkshop.model.fields import NAME_MAX, TEXT_MAX
    failures = []
    document.commit_failed.connect(failures.append)
    assert document.update("participants", "u1", name="x" * 100_000) is False
    assert failures == ["The change was not made: the participant's name is too long: at most "
                        "200 characters, not 100,000."]
    assert document.get("participants", "u1").name == "Ana"
    assert document.update("participants", "u1", name="x" * NAME_MAX)
    assert document.update("processes", "p1", description="y" * TEXT_MAX)
    assert not document.update("processes", "p1", description="y" * (TEXT_MAX + 1))
    assert not document.update("session", None, notes="z" * 1_000_000)


def test_json_import_says_which_rows_are_too_long(tmp_path, capsys):
    doc = json.loads(dumps(small_workshop()))
    doc["participants"][1]["name"] = "n" * 300
    doc["session"]["notes"] = "m" * 1_000_000
    src = tmp_path / "long.json"
    src.write_text(json.dumps(doc))
    assert cli(["import", str(src), str(tmp_path / "o.cxw")]) == 1
    err = capsys.readouterr().err
    assert "participants[1].name: is too long: at most 200 characters, not 300" in err
    assert "session.notes: is too long: at most 10,000 characters, not 1,000,000" in err


def test_a_file_with_a_megabyte_note_is_refused_quickly_and_repair_cuts_it(session_path,
                                                                          main_window, capsys):
    conn = sqlite3.connect(session_path, isolation_level=None)
    conn.execute("UPDATE session SET notes = ?", ("n" * 1_000_000,))
    conn.execute("UPDATE participant SET name = ? WHERE id = 'u1'", ("a" * 100_000,))
    conn.close()
    t0 = time.perf_counter()
    assert not main_window.open_file(session_path)
    assert time.perf_counter() - t0 < 5
    assert "too long" in main_window.errors[0] and "--repair" in main_window.errors[0]
    from cxworkshop.fileutil import is_open_in_app
    assert not is_open_in_app(session_path)
    assert cli(["check", str(session_path), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "session: notes cut to 10,000 characters (it had 1,000,000)" in out
    assert "participants row 1 ('u1'): name cut to 200 characters (it had 100,000)" in out
    w = SessionStore.read(session_path.with_name("workshop.repaired.cxw"))
    assert len(w.info.notes) == 10_000 and w.get("participants", "u1").name == "a" * 200


def test_duplicate_json_keys_are_reported_with_their_place(tmp_path, capsys):
    text = dumps(small_workshop())
    text = text.replace('"title": ', '"title": "First", "title": ', 1)
    text = text.replace('"name": "Ana"', '"name": "Ana", "name": "Anna"', 1)
    src = tmp_path / "dup.json"
    src.write_text(text)
    assert cli(["import", str(src), str(tmp_path / "o.cxw")]) == 1
    err = capsys.readouterr().err
    assert "session.title: the key appears more than once" in err
    assert "participants[0].name: the key appears more than once" in err
    assert not (tmp_path / "o.cxw").exists()


def test_mixed_encoding_csv_lines_are_reported(session_path, tmp_path, capsys):
    data = ("name,department\nJosé,Sales\n".encode()
            + "Zoë,Billing\n".encode("cp1252") + b"Ana,Sales\n")
    src = tmp_path / "mixed.csv"
    src.write_bytes(data)
    assert cli(["roster", "import", str(session_path), str(src)]) == 0
    err = capsys.readouterr().err
    assert "mixes text encodings: line 3 is not UTF-8 and was read as Windows-1252" in err
    names = [m.name for m in SessionStore.read(session_path).members]
    assert names == ["José", "Zoë", "Ana"]


def test_roster_csv_import_is_linear(session_path, tmp_path):
    """10,000 rows through parse, model and file; the bench measures 100,000."""
    rows = ["name,department,role,frontline,location,tenure_years,email,notes"]
    rows += [f"Person {i},Dept {i % 20},Role,yes,Site,{i % 30},p{i}@example.com,n"
             for i in range(10_000)]
    src = tmp_path / "big.csv"
    src.write_text("\n".join(rows) + "\n")
    t0 = time.perf_counter()
    assert cli(["roster", "import", str(session_path), str(src)]) == 0
    assert time.perf_counter() - t0 < 30  # quadratic took minutes on a shared machine
    assert len(SessionStore.read(session_path).members) == 10_000


def test_pdf_text_is_bounded_with_a_note():
    from cxworkshop.export.pdf_style import PRINT_MAX, markup
    out = markup("x" * 1_000_000)
    assert len(out) < PRINT_MAX + 200
    assert "[cut here: 1,000,000 characters in all; the whole text is in the workshop file]" \
        in out


def test_a_pulled_stick_says_the_drive_is_gone_and_the_next_open_works(main_window, tmp_path,
                                                                       session_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    on_stick = stick / "w.cxw"
    write_session_file(on_stick, small_workshop())
    assert main_window.open_file(on_stick)
    assert main_window.document.update("processes", "p1", name="Saved on the stick")
    shutil.rmtree(stick)  # the stick is pulled out
    assert main_window.document.update("processes", "p1", name="Lost?") is False
    assert "the drive or folder holding w.cxw is gone" in main_window.outside_label.text()
    assert not main_window.act_reload.isEnabled()
    assert main_window.errors == []
    assert main_window.open_file(session_path)  # the next Open works
    assert main_window.outside_banner.isHidden()
    assert main_window.document.update("processes", "p1", name="Fine")
    main_window.close_document()
    assert SessionStore.read(session_path).get("processes", "p1").name == "Fine"


def test_roster_csv_rows_with_too_long_texts_are_named(session_path, tmp_path, capsys):
    src = tmp_path / "long.csv"
    src.write_text("name,notes\nAna,fine\n" + "B" * 300 + ",x\nCy," + "n" * 10_001 + "\n")
    assert cli(["roster", "import", str(session_path), str(src)]) == 1
    err = capsys.readouterr().err
    assert "line 3: name is too long: at most 200 characters, not 300" in err
    assert "line 4: notes is too long: at most 10,000 characters, not 10,001" in err
    assert SessionStore.read(session_path).members == []


def test_export_page_refuses_the_workshop_and_asks_before_replacing_another_kind(
        main_window, session_path, tmp_path, qtbot, monkeypatch):
    from cxworkshop.ui.pages.export import ExportPage
    assert main_window.open_file(session_path)
    page = main_window.show_page(ExportPage)
    page.handouts_row.check.setChecked(False)
    page.report_row.edit.setText(str(session_path))
    before = digest(session_path)
    assert not page.start()
    assert digest(session_path) == before
    notes = tmp_path / "notes.pdf"
    notes.write_text("my own notes\n")
    page.report_row.edit.setText(str(notes))
    answers = [QMessageBox.No, QMessageBox.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or answers.pop(0)))
    assert not page.start()
    assert "notes.pdf exists and is a text file, not a PDF" in asked[0]
    assert notes.read_text() == "my own notes\n"
    assert page.start()
    qtbot.waitUntil(lambda: not page.running(), timeout=60000)
    page.wait()
    assert notes.read_bytes().startswith(b"%PDF")


def test_closing_after_an_in_place_rewrite_keeps_the_other_programs_file(session_path,
                                                                        tmp_path):
    from cxworkshop.model import Update
    store = SessionStore.open(session_path)
    for i in range(30):  # saved changes still in the -wal, not yet in the .cxw
        store.apply([Update("processes", "p1", {"name": f"Edit {i} " + "x" * 150})])
    assert Path(str(session_path) + "-wal").stat().st_size > 0
    other = _other_workshop(tmp_path)
    time.sleep(0.01)
    session_path.write_bytes(other.read_bytes())  # e.g. `cp other.cxw workshop.cxw`
    assert "rewritten" in store.outside_change()
    store.close()  # SQLite would copy its log into the new content here
    assert check_file(session_path) == []
    w = SessionStore.read(session_path)
    assert w.info.title == "Someone else's" and w.get("processes", "p1").name == "Take enquiry"
    assert not Path(str(session_path) + "-wal").exists()


# -- the room's slides: the same output check as every other export ----------------------
def _slide_names(tmp_path, path) -> list[str]:
    out = tmp_path / "probe"
    assert cli(["export", str(path), "--slides", str(out), "--size", "640x480"]) == 0
    return sorted(p.name for p in out.iterdir())


def test_slides_never_replace_a_workshop_and_ask_before_other_files(session_path, tmp_path,
                                                                     capsys):
    names = _slide_names(tmp_path, session_path)
    out = tmp_path / "slides"
    out.mkdir()
    shutil.copyfile(session_path, out / names[1])  # a workshop saved under a slide's name
    before = digest(out / names[1])
    assert cli(["export", str(session_path), "--slides", str(out), "--size", "640x480"]) == 1
    err = capsys.readouterr().err
    assert "is a cxworkshop workshop" in err and names[1] in err and "Traceback" not in err
    assert digest(out / names[1]) == before and sorted(p.name for p in out.iterdir()) == \
        [names[1]]  # refused before any slide was written
    (out / names[1]).write_text("minutes of the meeting\n")
    assert cli(["export", str(session_path), "--slides", str(out), "--size", "640x480"]) == 1
    assert "use --force" in capsys.readouterr().err
    assert (out / names[1]).read_text() == "minutes of the meeting\n"
    assert cli(["export", str(session_path), "--slides", str(out), "--size", "640x480",
                "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == names
    assert (out / names[1]).read_bytes().startswith(b"\x89PNG")
    assert oct(os.stat(out / names[0]).st_mode & 0o777) == oct(0o666 & ~_umask())
    # slides of an earlier run are simply replaced
    assert cli(["export", str(session_path), "--slides", str(out), "--size", "640x480"]) == 0


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_export_page_slides_refuse_the_open_workshop_and_ask(main_window, session_path,
                                                             tmp_path, monkeypatch):
    names = _slide_names(tmp_path, session_path)
    out = tmp_path / "slides"
    out.mkdir()
    shutil.copyfile(session_path, out / names[0])
    main_window.open_file(session_path)
    export = main_window.show_page("Export")
    assert export.write_slides(out, (640, 480)) == []
    shown = export.error.text()
    assert export.error.isVisibleTo(export)
    assert "No slides were written" in shown and names[0] in shown and "workshop" in shown
    assert sorted(p.name for p in out.iterdir()) == [names[0]]
    (out / names[0]).write_text("not a picture\n")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    assert export.write_slides(out, (640, 480)) == []
    assert asked and names[0] in asked[0] and export.status.text() == "No slides were written."
    assert (out / names[0]).read_text() == "not a picture\n"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    written = export.write_slides(out, (640, 480))
    assert sorted(p.name for p in written) == names
    assert (out / names[0]).read_bytes().startswith(b"\x89PNG")
    assert not export.error.isVisibleTo(export)  # the old refusal is gone


# -- a full disk: import and repair say so, leave the target as it was, and no litter ----
@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KB file system (tmpfs; needs root: skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                         capture_output=True, text=True)
    if run.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {run.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_import_onto_a_full_disk_says_so_and_keeps_the_old_file(tiny_disk, tmp_path, capsys):
    from cxworkshop.model import Department, Link, Process, Workshop
    w = Workshop()
    w.apply([Add(Department("d", "Dispatch"))]
            + [Add(Process(f"p{i}", f"Process {i} " + "x" * 60, "d", i % 5))
               for i in range(1500)]
            + [Add(Link(f"l{i}", f"p{i}", f"p{i + 1}")) for i in range(1499)])
    big = tmp_path / "big.json"
    big.write_text(dumps(w), encoding="utf-8")
    target = tiny_disk / "a.cxw"
    assert cli(["new", str(target)]) == 0
    before = digest(target)
    capsys.readouterr()
    assert cli(["import", str(big), str(target), "--force"]) == 1
    err = capsys.readouterr().err
    assert "a.cxw" in err and "the disk is full" in err and "Traceback" not in err
    assert digest(target) == before and sorted(p.name for p in tiny_disk.iterdir()) == \
        ["a.cxw"]  # no half-written copy, journal or lock left behind
    assert cli(["import", str(big), str(tiny_disk / "b.cxw")]) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["a.cxw"]


def test_repair_onto_a_full_disk_says_so_and_leaves_the_damaged_file(tiny_disk, capsys):
    damaged = tiny_disk / "h.cxw"
    shutil.copyfile(samples_dir() / "home-services.cxw", damaged)
    os.truncate(damaged, 120_000)
    (tiny_disk / "fill").write_bytes(bytes(100_000))  # what the stick has left: ~36 KB
    before = digest(damaged)
    assert cli(["check", "--repair", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err
    assert digest(damaged) == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["fill", "h.cxw"]
