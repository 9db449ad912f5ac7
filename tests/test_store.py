"""The .cxw file: round trips, migrations, refusing damaged files untouched, locking."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from sqlite_utils import Database

from cxworkshop.model import Add, Note, Process, Story, Update, Workshop
from cxworkshop.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    CommitFailed,
    DamagedSession,
    NewerVersion,
    NotASession,
    SessionError,
    SessionLocked,
    SessionStore,
    check_file,
    write_session_file,
)
from cxworkshop.store.schema import MIGRATIONS, migrate

from .conftest import small_workshop
from .strategies import workshops


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_small(session_path):
    with SessionStore.open(session_path) as s:
        w = s.load()
    original = small_workshop()
    assert w.tables == original.tables
    assert w.info == original.info


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workshop=workshops())
def test_round_trip_any_session(tmp_path_factory, workshop):
    path = tmp_path_factory.mktemp("rt") / "s.cxw"
    write_session_file(path, workshop)
    loaded = SessionStore.read(path)
    assert loaded.info == workshop.info
    assert loaded.tables == workshop.tables


def test_each_change_is_committed_at_once(session_path):
    s = SessionStore.open(session_path)
    try:
        s.apply([Update("processes", "p1", {"name": "Greet"}), Add(Note("n1", "p1", "idea", "x"))])
        # Another reader sees it before the store is closed: it is on disk.
        other = sqlite3.connect(session_path)
        assert other.execute("select name from process where id='p1'").fetchone() == ("Greet",)
        assert other.execute("select count(*) from note").fetchone() == (1,)
        other.close()
    finally:
        s.close()


def test_a_failing_batch_writes_nothing(session_path):
    with SessionStore.open(session_path) as s, pytest.raises(CommitFailed):
        # the second op breaks a foreign key: the first must not stay
        s.apply([Update("processes", "p1", {"name": "Greet"}),
                 Add(Story("s1", "nobody"))])
    assert SessionStore.read(session_path).get("processes", "p1").name == "Take enquiry"


def test_pragmas(store):
    conn = store.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)


def _file_at_version(path, version: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db = Database(conn)
    migrate(db, to_version=version)
    db.table("department").insert({"id": "d1", "name": "Sales", "color": "#123456"})
    db.table("process").insert({"id": "p1", "name": "Quote", "department": "d1", "stage": 1,
                                "owner": "", "description": "", "moment_of_truth": 1,
                                "frontstage": 0, "x": 5.0, "y": 6.0, "votes": 2})
    db.table("session").update(1, {"title": "Old workshop"})
    conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_migrates_from_each_older_version(tmp_path, version):
    path = tmp_path / "old.cxw"
    _file_at_version(path, version)
    with SessionStore.open(path) as s:
        assert s.migrated_from == version
        assert s.user_version == SCHEMA_VERSION
        w = s.load()
        assert s.backup_path.exists()
    assert w.info.title == "Old workshop"
    assert w.get("processes", "p1").moment_of_truth is True
    assert w.info.vote_budget == 3 and len(w.info.prompts) == 4
    # the backup is the untouched old version
    conn = sqlite3.connect(s.backup_path)
    assert conn.execute("PRAGMA user_version").fetchone() == (version,)
    conn.close()
    assert check_file(path) == []


def test_read_migrates_an_old_file_in_memory_only(tmp_path):
    path = tmp_path / "old.cxw"
    _file_at_version(path, 1)
    before = digest(path)
    assert SessionStore.read(path).info.title == "Old workshop"
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == ["old.cxw"]


def test_migrations_are_numbered_in_order():
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def _damage_cases(tmp_path, session_path):
    data = session_path.read_bytes()
    other_app = tmp_path / "other.cxw"
    conn = sqlite3.connect(other_app)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.cxw"
    newer.write_bytes(data)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    broken_ref = tmp_path / "broken_ref.cxw"
    broken_ref.write_bytes(data)
    conn = sqlite3.connect(broken_ref)  # foreign keys off: write a dangling reference
    conn.execute("update link set downstream = 'p99' where id = 'l1'")
    conn.commit()
    conn.close()
    cases = {
        "empty.cxw": (b"", NotASession, "is empty"),
        "text.cxw": (b"title,date\nhello,2026-01-01\n", NotASession, "not a cxworkshop session"),
        "random.cxw": (os.urandom(5000), NotASession, "not a cxworkshop session"),
        "truncated_header.cxw": (data[:60], DamagedSession, "truncated"),
        "truncated_half.cxw": (data[: len(data) // 2], DamagedSession, "truncated"),
        "truncated_odd.cxw": (data[:-100], DamagedSession, "truncated"),
    }
    paths = []
    for name, (content, exc, msg) in cases.items():
        p = tmp_path / name
        p.write_bytes(content)
        paths.append((p, exc, msg))
    paths += [(other_app, NotASession, "another application"),
              (newer, NewerVersion, "newer version"),
              (broken_ref, DamagedSession, "refers to one that does not exist")]
    return paths


def test_damaged_files_are_refused_and_left_untouched(tmp_path, session_path):
    for path, exc, msg in _damage_cases(tmp_path, session_path):
        before = digest(path)
        listing = sorted(os.listdir(tmp_path))
        with pytest.raises(exc) as info:
            SessionStore.open(path)
        assert msg in str(info.value), path.name
        assert path.name in str(info.value)
        with pytest.raises(SessionError):
            SessionStore.read(path)
        assert digest(path) == before, path.name
        assert sorted(os.listdir(tmp_path)) == listing, path.name


def test_missing_file(tmp_path):
    with pytest.raises(SessionError, match="no such file"):
        SessionStore.open(tmp_path / "nope.cxw")


def test_second_writer_is_refused_and_lock_freed_on_close(session_path):
    first = SessionStore.open(session_path)
    with pytest.raises(SessionLocked, match="already open in another cxworkshop"):
        SessionStore.open(session_path)
    ro = SessionStore.open(session_path, read_only=True)
    with pytest.raises(CommitFailed, match="read-only"):
        ro.apply([Update("processes", "p1", {"name": "x"})])
    ro.close()
    first.close()
    assert not os.path.exists(str(session_path) + ".lock")
    SessionStore.open(session_path).close()


def test_save_copy_uses_backup_and_is_a_whole_session(store, tmp_path):
    store.apply([Update("processes", "p1", {"name": "Copied"})])
    dest = tmp_path / "copy.cxw"
    store.save_copy(dest)
    assert SessionStore.read(dest).get("processes", "p1").name == "Copied"
    assert check_file(dest) == []


def test_create_refuses_to_overwrite(session_path):
    with pytest.raises(FileExistsError):
        write_session_file(session_path, Workshop())


def test_check_reports_problems(tmp_path, session_path):
    assert check_file(session_path) == []
    conn = sqlite3.connect(session_path)
    conn.execute("update process set stage = 9 where id = 'p2'")
    conn.execute("update link set downstream = 'gone' where id = 'l2'")
    conn.commit()
    conn.close()
    problems = check_file(session_path)
    assert any("link row" in p and "missing process" in p for p in problems)


def test_check_reports_invalid_values(session_path):
    conn = sqlite3.connect(session_path)
    conn.execute("update process set stage = 9 where id = 'p2'")
    conn.execute("update story set recency = 'x'")  # no stories: no-op
    conn.commit()
    conn.close()
    assert check_file(session_path) == ["processes[1].stage: 9 is out of range (0-4)"]


def test_stored_session_fields_are_json(store):
    row = store.conn.execute("select stages, prompts from session").fetchone()
    assert len(json.loads(row[0])) == 5 and len(json.loads(row[1])) == 4


def test_bools_come_back_as_bools(tmp_path):
    w = Workshop()
    w.apply([Add(Process("p", "x", moment_of_truth=True, frontstage=False))])
    path = tmp_path / "b.cxw"
    write_session_file(path, w)
    p = SessionStore.read(path).get("processes", "p")
    assert p.moment_of_truth is True and p.frontstage is False


def test_rows_inserted_before_others_keep_their_order_even_when_gaps_run_out(store):
    from cxworkshop.model import Department
    # p: d1, d2. Insert 60 departments each in front of d2: the gap halves each time.
    ids = []
    for i in range(60):
        ids.append(f"x{i}")
        store.apply([Add(Department(f"x{i}", f"X{i}"), before="d2")])
    w = store.load()
    assert [d.id for d in w.departments] == ["d1", *ids, "d2"]


def test_upgrade_removes_a_backup_left_half_written_by_a_crash(tmp_path):
    path = tmp_path / "old.cxw"
    _file_at_version(path, 1)
    for name in (".old.v1-backup.cxw.ab12cd.tmp", ".old.v1-backup.cxw.ab12cd.tmp-journal"):
        (tmp_path / name).write_bytes(b"half a backup")
    (tmp_path / ".notes.txt.tmp").write_bytes(b"not ours")
    with SessionStore.open(path) as s:
        assert s.user_version == SCHEMA_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.txt.tmp", "old.cxw", "old.v1-backup.cxw"]


def test_an_upgrade_is_one_transaction(tmp_path, monkeypatch):
    from cxworkshop.store import schema
    path = tmp_path / "old.cxw"
    _file_at_version(path, 1)

    def broken(db):
        raise RuntimeError("power cut in the last step")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:-1], broken])
    with pytest.raises(RuntimeError):
        SessionStore.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)  # not 2 or 3
    assert "agenda_item" not in {r[0] for r in conn.execute(
        "select name from sqlite_master where type='table'")}
    conn.close()


def test_the_schema_snapshot_matches_the_migrations():
    """Opening compares a file's schema with this snapshot (no migrations, no
    sqlite-utils at start-up). After adding a migration, regenerate it with
    ``python -m cxworkshop.store.schema_snapshot``."""
    from cxworkshop.store import schema_snapshot
    from cxworkshop.store.schema import SCHEMA_VERSION
    from cxworkshop.store.sqlite_store import schema_from_migrations
    assert schema_snapshot.VERSION == SCHEMA_VERSION, \
        "run: python -m cxworkshop.store.schema_snapshot"
    assert schema_from_migrations(SCHEMA_VERSION) == schema_snapshot.SCHEMA, \
        "run: python -m cxworkshop.store.schema_snapshot"


def test_opening_and_editing_load_neither_sqlite_utils_nor_importlib_metadata(session_path):
    """What start-up and the first edit leave out (about 200 ms): in a fresh process."""
    code = ("import sys; from cxworkshop.store import SessionStore; "
            "from cxworkshop.model import SESSION, Update; "
            f"s = SessionStore.open({str(session_path)!r}); "
            "s.apply([Update(SESSION, None, {'title': 'Renamed'})]); s.close(); "
            f"assert SessionStore.read({str(session_path)!r}).info.title == 'Renamed'; "
            "print(sorted(m for m in ('sqlite_utils', 'importlib.metadata', 'reportlab') "
            "if m in sys.modules))")
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
