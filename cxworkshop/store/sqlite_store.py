"""The .cxw session file: SQLite as the application file format.

Every change is committed in its own transaction as it is made (WAL,
``synchronous=FULL``). Files are inspected before anything is written to them,
so a damaged, foreign or newer file is refused and left byte-identical.
"""
from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fileutil import (
    fsync_folder,
    register_open,
    regular_file_problem,
    unregister_open,
)
from ..i18n import N_, ngettext, tr
from ..model import KINDS, SESSION, Add, Entity, Move, Op, Remove, SessionInfo, Update, Workshop
from ..model.fields import BOOL, specs
from ..model.room import RoomState
from .errors import (
    ChangedOutside,
    CommitFailed,
    DamagedSession,
    ForeignObjects,
    NewerVersion,
    NotASession,
    NotWritable,
    ReadOnlySession,
    SessionError,
)
from .lock import SessionLock
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    from sqlite_utils import Database


def _database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils on ``conn``; imported on first use (it pulls in click, pluggy and
    dateutil, which the window does not need to show a workshop)."""
    from sqlite_utils import Database
    return Database(conn)

SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIX = ".cxw"
_SESSION_COLUMNS = ("title", "organization", "date", "location", "facilitator", "notes",
                    "stages", "vote_budget", "prompts", "roster_min_size",
                    "roster_max_size", "roster_max_share", "room", "vote_members",
                    "hide_empty_lanes")


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = Path(os.path.abspath(path)).as_uri() + ("?mode=ro" if read_only else "?mode=rw")
    if read_only and not Path(str(path) + "-wal").exists():
        # Nobody has it open: read it as it is, without creating -wal/-shm files.
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=2.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def inspect_header(path: str | os.PathLike[str]) -> int:
    """Check that ``path`` looks like a whole cxworkshop session; return its version.

    Only reads the file. Raises a :class:`SessionError` naming what is wrong.
    """
    path = Path(path)
    name = path.name
    odd = regular_file_problem(path)
    if odd:  # checked before opening: a pipe would make open() wait forever
        raise NotASession(tr("{name} {problem}: it is not a cxworkshop session")
                          .format(name=name, problem=odd))
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        raise SessionError(tr("{name}: no such file").format(name=name)) from None
    except IsADirectoryError:
        raise NotASession(tr("{name} is a folder, not a session file").format(name=name)) \
            from None
    except OSError as e:
        raise SessionError(tr("{name}: cannot be read ({reason})")
                           .format(name=name, reason=e.strerror or e)) from None
    if size == 0:
        raise NotASession(tr("{name} is empty: it is not a cxworkshop session").format(name=name))
    if not header.startswith(SQLITE_MAGIC):
        raise NotASession(tr("{name} is not a cxworkshop session file").format(name=name))
    if len(header) < 100:
        raise DamagedSession(tr("{name} is damaged: the file is truncated").format(name=name),
                             truncated=True)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedSession(tr("{name} is damaged: its header is invalid").format(name=name))
    user_version, = struct.unpack(">I", header[60:64])
    app_id, = struct.unpack(">I", header[68:72])
    if app_id != APPLICATION_ID:
        raise NotASession(tr("{name} is an SQLite database of another application, "
                             "not a cxworkshop session").format(name=name))
    if user_version > SCHEMA_VERSION:
        raise NewerVersion(
            tr("{name} was written by a newer version of cxworkshop (file format "
               "{version}, this version reads up to {supported}); please update")
            .format(name=name, version=user_version, supported=SCHEMA_VERSION))
    change_counter, = struct.unpack(">I", header[24:28])
    page_count, = struct.unpack(">I", header[28:32])
    valid_for, = struct.unpack(">I", header[92:96])
    has_wal = Path(str(path) + "-wal").exists()
    if size % page_size or (not has_wal and valid_for == change_counter
                            and size < page_count * page_size):
        raise DamagedSession(tr("{name} is damaged: the file is truncated").format(name=name),
                             truncated=True)
    return int(user_version)


class SessionStore:
    """An open .cxw file. Use :meth:`create` or :meth:`open`; close when done.

    While open, the store watches its file: if it is replaced, renamed,
    removed or written by anything else (:meth:`outside_change`), it stops
    writing and every later :meth:`apply` raises :class:`ChangedOutside`.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: SessionLock | None,
                 read_only: bool):
        self.path = path
        self.conn = conn
        self._db: Database | None = None
        self.lock = lock
        self.read_only = read_only
        self.migrated_from: int | None = None
        self.backup_path: Path | None = None
        self._preloaded: Workshop | None = None  # read (and checked) by open()
        self.stopped: str | None = None  # why writing stopped (changed outside), or None
        self._rewritten = False  # the file was overwritten in place by another program
        self._ident = register_open(path)
        self._seen: tuple[int, int, int, int] | None = None  # dev, inode, size, mtime
        self._data_version: int | None = None

    # -- opening -------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], workshop: Workshop | None = None,
               overwrite: bool = False) -> SessionStore:
        """Write a new session file (atomically) and open it.

        The file appears whole or not at all: it is written under a temporary
        name in the same folder and renamed into place.
        """
        path = Path(path)
        write_session_file(path, workshop or Workshop(), overwrite=overwrite)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False) -> SessionStore:
        """Open an existing session, migrating an older one forward.

        Opened read-only, an older file is upgraded in memory only (the file is
        never written), so a workshop on read-only media can still be viewed.

        Raises:
            SessionError: the file is missing, not a session, damaged, newer,
                holds objects cxworkshop did not create, or is open in another
                cxworkshop (:class:`SessionLocked`).
        """
        path = Path(path)
        version = inspect_header(path)
        lock = None
        if not read_only and not (os.access(path, os.W_OK)
                                  and os.access(path.parent, os.W_OK)):
            raise NotWritable(
                tr("{name} is read-only (the file or its folder cannot be written): "
                   "changes could not be saved. Open it read-only, or copy it to a folder "
                   "you can write to.").format(name=path.name))
        if not read_only:
            lock = SessionLock(path)
            lock.acquire()  # raises SessionLocked, or LockUnavailable (read-only then)
        store = None
        try:
            conn = _connect(path, read_only=read_only)
            try:
                _verify(conn, path.name, version)
                if version < SCHEMA_VERSION and read_only:
                    mem = sqlite3.connect(":memory:", isolation_level=None,
                                          check_same_thread=False)
                    conn.backup(mem)
                    conn.close()
                    conn = mem
                    migrate(_database(conn))
                store = cls(path, conn, lock, read_only)
                if version < SCHEMA_VERSION and not read_only:
                    store._upgrade(version)
                    store._preloaded = read_workshop(conn, path.name)
                else:
                    # refuse bad content before anything (even the journal mode) is written
                    store._preloaded = read_workshop(conn, path.name)
                    if not read_only:
                        conn.execute("PRAGMA journal_mode = WAL")
                        conn.execute("PRAGMA synchronous = FULL")
                if read_only and version < SCHEMA_VERSION:
                    store.migrated_from = version
                store._remember_file()
            except BaseException:
                conn.close()
                if store is not None:
                    unregister_open(store._ident)
                raise
        except sqlite3.DatabaseError as e:
            if lock:
                lock.release()
            raise DamagedSession(_damaged(path.name, str(e))) from None
        except BaseException:
            if lock:
                lock.release()
            raise
        return store

    def _upgrade(self, version: int) -> None:
        # A backup interrupted by a crash leaves its temporary file; we hold the lock,
        # so nobody else is writing one now.
        for stale in self.path.parent.glob(f".{self.path.stem}.v*-backup*{SUFFIX}.*.tmp*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        backup = self.path.with_name(f"{self.path.stem}.v{version}-backup{SUFFIX}")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.stem}.v{version}-backup{n}{SUFFIX}")
        self.save_copy(backup)
        self.backup_path = backup
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.migrated_from = migrate(self.db)

    def close(self) -> None:
        if self.conn is not None:
            snapshot = self._snapshot_if_rewritten()
            try:
                self.conn.close()
                if snapshot:
                    # SQLite copies its log into the file on closing: put back what the
                    # other program wrote there, as it was just before.
                    os.replace(snapshot, self.path)
                    snapshot = None
                    for suffix in ("-wal", "-shm"):  # ours (we hold the lock): never replayed
                        with contextlib.suppress(OSError):
                            os.unlink(str(self.path) + suffix)
            finally:
                if snapshot:
                    _unlink_quietly(snapshot)
                # closed: a later use fails at once (the watchers test for None)
                self.conn = None  # type: ignore[assignment]
                unregister_open(self._ident)
                self._ident = None
                if self.lock:
                    self.lock.release()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- watching the file -----------------------------------------------------
    def _snapshot_if_rewritten(self) -> str | None:
        """A copy of the file beside it if another program overwrote it in place."""
        if not self._rewritten or self.read_only:
            return None
        try:
            st = os.stat(self.path)
            if self._seen is None or (st.st_dev, st.st_ino) != self._seen[:2]:
                return None  # replaced or gone since: closing touches only our old file
            tmp = _temp_beside(self.path)
            shutil.copy2(self.path, tmp)
            return tmp
        except OSError:
            return None

    def _remember_file(self) -> None:
        """Note the file as this store left it, to tell later changes by others apart."""
        try:
            st = os.stat(self.path)
            self._seen = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        except OSError:
            self._seen = None
        if self.read_only or self.conn is None:
            return
        try:
            self._data_version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self._data_version = None

    def outside_change(self) -> str | None:
        """Why the file is no longer what this store wrote, or None if it still is.

        Looks at the file at :attr:`path` (same file? same size and time?) and at
        SQLite's ``data_version`` (another connection committed). Once a change
        is seen, the store stops writing for good (:attr:`stopped`).
        """
        if self.stopped or self.read_only or self.conn is None or self._seen is None:
            return self.stopped
        reason = None
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            folder = self.path.parent
            reason = (tr("{name} was renamed, moved or deleted") if folder.is_dir()
                      else tr("the drive or folder holding {name} is gone")
                      ).format(name=self.path.name)
        except OSError as e:
            reason = tr("{name} cannot be reached any more ({reason})").format(
                name=self.path.name, reason=e.strerror or e)
        else:
            dev, ino, size, mtime = self._seen
            if (st.st_dev, st.st_ino) != (dev, ino):
                reason = tr("{name} was replaced by another file").format(name=self.path.name)
            elif (st.st_size, st.st_mtime_ns) != (size, mtime):
                reason = tr("{name} was rewritten by another program").format(
                    name=self.path.name)
                self._rewritten = True
        if reason is None and self._data_version is not None:
            try:
                version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as e:
                reason = tr("{name} cannot be read any more ({reason})").format(
                    name=self.path.name, reason=e)
            else:
                if version != self._data_version:
                    reason = tr("{name} was changed by another program").format(
                        name=self.path.name)
        if reason:
            self.stopped = reason
        return reason

    def checkpoint(self) -> bool:
        """Copy every saved change from the ``-wal`` into the ``.cxw`` itself.

        Run at every pause, so that a copy of the ``.cxw`` alone (by a file
        manager, a sync tool) holds everything. Does nothing once the file was
        changed outside. Returns True if the ``.cxw`` now holds everything.
        """
        if self.read_only or self.conn is None or self.outside_change():
            return False
        try:
            busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return False
        self._remember_file()
        return not busy

    # -- reading -------------------------------------------------------------
    def load(self) -> Workshop:
        """Read the whole session into a :class:`Workshop`."""
        workshop, self._preloaded = self._preloaded, None
        return workshop if workshop is not None else read_workshop(self.conn, self.path.name)

    @classmethod
    def read(cls, path: str | os.PathLike[str], validate: bool = True) -> Workshop:
        """Load a session without writing anything (older files migrate in memory).

        With ``validate`` false, content that breaks the model's rules is
        loaded as it is (for ``cxworkshop check``) instead of refused.
        """
        path = Path(path)
        version = inspect_header(path)
        try:
            conn = _connect(path, read_only=True)
            try:
                _verify(conn, path.name, version)
                if version < SCHEMA_VERSION:
                    mem = sqlite3.connect(":memory:", isolation_level=None)
                    conn.backup(mem)
                    conn.close()
                    conn = mem
                    migrate(_database(conn))
                return read_workshop(conn, path.name, validate)
            finally:
                conn.close()
        except sqlite3.DatabaseError as e:
            raise DamagedSession(_damaged(path.name, str(e))) from None

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database`` (loaded on the first write,
        so opening a workshop does not wait for sqlite-utils and its CLI libraries)."""
        if self._db is None:
            self._db = _database(self.conn)
        return self._db

    @property
    def user_version(self) -> int:
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version

    # -- writing -------------------------------------------------------------
    def apply(self, ops: Iterable[Op]) -> None:
        """Write ``ops`` in one transaction: all of them, or none.

        Raises:
            ChangedOutside: the file was changed by something else; nothing
                is written any more.
            CommitFailed: the file could not be written (read-only, disk full,
                removed); nothing of ``ops`` is stored.
        """
        if self.read_only:
            raise ReadOnlySession(tr("{name} is open read-only; the change was not saved")
                                  .format(name=self.path.name))
        if self.outside_change():
            raise ChangedOutside(_outside_message(self.stopped))
        self._preloaded = None
        try:
            with transaction(self.conn):
                write_ops(self.conn, ops)
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as e:
            if self.outside_change():
                raise ChangedOutside(_outside_message(self.stopped)) from e
            raise CommitFailed(_commit_message(self.path, e)) from e
        # The change is acknowledged only if it went into the file at our path.
        ident = self._seen
        try:
            st = os.stat(self.path)
            same = ident is not None and (st.st_dev, st.st_ino) == ident[:2]
        except OSError:
            same = False
        if not same:
            self.outside_change()
            self.stopped = self.stopped or tr("{name} was replaced, renamed or removed").format(
                name=self.path.name)
            raise ChangedOutside(_outside_message(self.stopped))
        self._seen = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def save_copy(self, dest: str | os.PathLike[str]) -> None:
        """Copy the whole session to ``dest`` with SQLite's backup API.

        The copy is built beside ``dest`` and renamed into place under the
        lock of ``dest``: a workshop open in any cxworkshop window is refused
        (:class:`SessionLocked`), a stale ``-wal`` of ``dest`` removed first.
        """
        dest = Path(dest)
        self.checkpoint()
        tmp = _temp_beside(dest)
        try:
            target = sqlite3.connect(tmp)
            try:
                self.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            _fsync_file(tmp)
            install_session_file(tmp, dest, overwrite=True)
        except sqlite3.Error as e:
            _unlink_quietly(tmp)
            raise _as_os_error(e) from None
        except BaseException:
            _unlink_quietly(tmp)
            raise


def _outside_message(reason: str | None) -> str:
    return tr("This workshop was changed outside cxworkshop ({reason}). Your change was not "
              "saved, and nothing more will be written to it: reload it, save your version "
              "as a copy, or close it.").format(reason=reason)


def _commit_message(path: Path, e: BaseException) -> str:
    text = str(e)
    if not path.parent.is_dir() or not path.exists():
        why = tr("the drive is gone (a USB stick pulled out?) or the file was removed")
    elif "readonly" in text or "read-only" in text:  # SQLite's own (English) words
        why = tr("the file or its folder is read-only")
    elif "full" in text:
        why = tr("the disk is full")
    elif "disk I/O" in text:
        why = tr("the drive cannot be written ({reason}; was it removed?)").format(reason=text)
    else:
        why = text
    return tr("Could not save the change to {name}: {reason}. The change was not made; "
              "everything saved before it is safe.").format(name=path.name, reason=why)


def _verify(conn: sqlite3.Connection, name: str, version: int = SCHEMA_VERSION) -> None:
    """Refuse a file SQLite cannot read whole, whose references are broken, or that
    holds triggers, views or tables cxworkshop did not make."""
    foreign = foreign_objects(conn, version)
    if foreign:
        if len(foreign) > 1:
            what = ngettext("{what} (and {n} more)", "{what} (and {n} more)",
                            len(foreign) - 1).format(what=foreign[0], n=len(foreign) - 1)
        else:
            what = foreign[0]
        raise ForeignObjects(
            tr("{name} holds {what} that cxworkshop did not create; it could "
               "change or hide your data, so the file was not opened. 'cxworkshop check "
               "--repair' writes a copy without it").format(name=name, what=what))
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise DamagedSession(tr("{name} is damaged ({problem}); 'cxworkshop check --repair' "
                                "may recover it").format(name=name, problem=rows[0][0]))
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise DamagedSession(_damaged(name, tr("a row refers to one that does not exist")))


def _normal_sql(sql: str | None) -> str:
    return re.sub(r"[\s\"'`\[\]]+", "", (sql or "")).lower()


@cache
def _expected_schema(version: int) -> dict[tuple[str, str], str]:
    """``{(type, name): normalised SQL}`` of what the migrations make at ``version``.

    The current version's comes from :mod:`.schema_snapshot` (written from the
    migrations and tested to match them): opening a workshop then needs neither
    a run of the migrations nor sqlite-utils, which would add ~120 ms to a start.
    """
    from . import schema_snapshot
    if version == schema_snapshot.VERSION:
        return schema_snapshot.SCHEMA
    return schema_from_migrations(version)


def schema_from_migrations(version: int) -> dict[tuple[str, str], str]:
    """``{(type, name): normalised SQL}`` of an empty database migrated to ``version``."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(_database(mem), version)
        return {(t, n): _normal_sql(sql) for t, n, sql in mem.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    finally:
        mem.close()


# kind of schema object -> how a message names one, in the order they are listed
_OBJECT = {"trigger": N_('a trigger "{name}"'), "view": N_('a view "{name}"'),
           "table": N_('a table "{name}"'), "index": N_('an index "{name}"')}


def foreign_objects(conn: sqlite3.Connection, version: int) -> list[str]:
    """Schema objects of the file that the app's migrations do not make, in words.

    E.g. ``['a trigger "wipe"', 'a view "participant" (in place of a table)']``.
    A table or index whose definition differs from the app's counts too.
    """
    expected = _expected_schema(min(version, SCHEMA_VERSION))
    found: list[tuple[int, str]] = []  # (rank of its kind, words)
    order = list(_OBJECT)
    for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
        what = tr(_OBJECT[kind]).format(name=name) if kind in _OBJECT else f'{kind} "{name}"'
        rank = order.index(kind) if kind in _OBJECT else len(order)
        want = expected.get((kind, name))
        if want is None:
            if any(n == name for _, n in expected):
                what = tr("{what} (in place of the app's own)").format(what=what)
            found.append((rank, what))
        elif want != _normal_sql(sql):
            found.append((rank, tr("{what} changed from the app's definition").format(what=what)))
    return [what for _, what in sorted(found, key=lambda f: f[0])]


# -- conversions between rows and entities ----------------------------------

def _session_row(info: SessionInfo) -> dict[str, Any]:
    d = info.to_dict()
    d["stages"] = json.dumps(d["stages"], ensure_ascii=False)
    d["prompts"] = json.dumps(d["prompts"], ensure_ascii=False)
    d["room"] = json.dumps(d["room"], ensure_ascii=False, sort_keys=True)
    return d


def _entity_row(e: Entity) -> dict[str, Any]:
    return e.to_dict()  # bools go in as 0/1 by sqlite3 itself


def _damaged(name: str, problem: str) -> str:
    """The message for a session ``name`` that cannot be read whole because of ``problem``."""
    return tr("{name} is damaged: {problem}; 'cxworkshop check --repair' may recover it"
              ).format(name=name, problem=problem)


def read_workshop(conn: sqlite3.Connection, name: str = "the session",
                  validate: bool = True) -> Workshop:
    """Build a :class:`Workshop` from an open session connection.

    Raises:
        DamagedSession: a table, column or the session row is missing, a value
            cannot be decoded, or (with ``validate``) the content breaks a rule
            of the model (a wrong value, a stage out of range, a duplicate link).
    """
    try:
        w = _read_rows(conn)
    except DamagedSession as e:
        raise DamagedSession(_damaged(name, str(e))) from None
    except sqlite3.DatabaseError as e:
        raise DamagedSession(tr("{name} is damaged ({problem}); 'cxworkshop check --repair' "
                                "may recover it").format(name=name, problem=e)) from None
    except (ValueError, TypeError, RecursionError):
        raise DamagedSession(_damaged(name, tr("its session settings cannot be read"))) \
            from None
    if validate:
        problems = w.problems()
        if len(problems) > 1:
            raise DamagedSession(_damaged(name, ngettext(
                "{problem} (and {n} more problem)", "{problem} (and {n} more problems)",
                len(problems) - 1).format(problem=problems[0], n=len(problems) - 1)))
        if problems:
            raise DamagedSession(_damaged(name, problems[0]))
    return w


def _read_rows(conn: sqlite3.Connection) -> Workshop:
    cur = conn.execute("SELECT * FROM session WHERE id = 1")
    cols = [c[0] for c in cur.description]
    row = cur.fetchone()
    if row is None:
        raise DamagedSession(tr("the session row is missing"))
    s = dict(zip(cols, row, strict=True))
    info = SessionInfo(
        title=s["title"] or "", organization=s["organization"] or "", date=s["date"],
        location=s["location"] or "", facilitator=s["facilitator"] or "",
        notes=s["notes"] or "", stages=tuple(json.loads(s["stages"])),
        vote_budget=s.get("vote_budget", 3), prompts=tuple(json.loads(s["prompts"]))
        if s.get("prompts") else SessionInfo().prompts)
    info = info.replace(**{k: s[k] for k in ("roster_min_size", "roster_max_size",
                                             "roster_max_share") if s.get(k) is not None})
    info = info.replace(**{k: bool(s[k]) for k in ("vote_members", "hide_empty_lanes")
                           if s.get(k) is not None})
    if s.get("room"):
        # a room state that cannot be read: the room starts at the beginning
        with contextlib.suppress(ValueError):
            info = info.replace(room=RoomState.from_dict(json.loads(s["room"])))
    w = Workshop(info)
    for kind, cls in KINDS.items():
        fields = specs(cls)
        names = ["id", *fields]
        bools = [i for i, n in enumerate(names) if n in fields and fields[n].type == BOOL]
        sql = ("SELECT " + ", ".join(f"[{n}]" for n in names)
               + f" FROM [{cls.TABLE}] ORDER BY position, rowid")
        table = w.tables[kind]
        for r in conn.execute(sql):
            if bools:
                r = list(r)
                for i in bools:
                    r[i] = bool(r[i])
            table[r[0]] = cls(*r)
    return w


def write_ops(conn: sqlite3.Connection, ops: Iterable[Op]) -> None:
    """Write ``ops``; the caller owns the transaction.

    Rows added at the end of a list in a row (an import of 100,000 members) go in
    as batches, their positions counted on from one look-up: linear, not quadratic.
    Other rows are inserted, updated and deleted with one plain statement each
    (not sqlite-utils' table methods, which query the schema and open a
    savepoint per call): a room link writes hundreds of small ops in one
    transaction, and every statement is a moment the writing thread may wait
    for the GIL.
    """
    q = conn.execute
    last: dict[str, float] = {}
    batch: list[dict[str, Any]] = []
    batch_table = ""

    def flush() -> None:
        if batch:  # one prepared statement for the run (sqlite-utils' insert_all is 5x slower)
            names = list(batch[0])
            conn.executemany(
                f"INSERT INTO [{batch_table}] ({', '.join(f'[{n}]' for n in names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [[row[n] for n in names] for row in batch])
            batch.clear()

    for op in ops:
        if isinstance(op, Add) and op.before is None:
            table = op.entity.TABLE
            if table != batch_table:
                flush()
                batch_table = table
            if table not in last:
                last[table] = q(f"SELECT max(position) FROM [{table}]").fetchone()[0] or 0.0
            last[table] += 1.0
            row = _entity_row(op.entity)
            row["position"] = last[table]
            batch.append(row)
            continue
        flush()
        last.clear()
        if isinstance(op, Add):
            row = _entity_row(op.entity)
            row["position"] = _position(conn, op.entity.TABLE, op.before)
            names = ", ".join(f"[{k}]" for k in row)
            marks = ", ".join("?" * len(row))
            q(f"INSERT INTO [{op.entity.TABLE}] ({names}) VALUES ({marks})", list(row.values()))
        elif isinstance(op, Remove):
            q(f"DELETE FROM [{KINDS[op.kind].TABLE}] WHERE id = ?", [op.id])
        elif isinstance(op, Move):
            table = KINDS[op.kind].TABLE
            # Park the row out of the way first so it doesn't count as "ahead" of itself.
            q(f"UPDATE [{table}] SET position = NULL WHERE id = ?", [op.id])
            q(f"UPDATE [{table}] SET position = ? WHERE id = ?",
                       [_position(conn, table, op.before), op.id])
        elif isinstance(op, Update):
            if op.kind == SESSION:
                row = {}
                for k, v in op.fields.items():
                    row[k] = json.dumps(list(v), ensure_ascii=False) \
                        if k in ("stages", "prompts") else v
                    if k == "room":
                        row[k] = json.dumps(v.to_dict(), ensure_ascii=False, sort_keys=True)
                if row:
                    q(f"UPDATE session SET {', '.join(f'[{k}] = ?' for k in row)} WHERE id = 1",
                      list(row.values()))
            elif op.fields:
                sets = ", ".join(f"[{k}] = ?" for k in op.fields)
                cur = q(f"UPDATE [{KINDS[op.kind].TABLE}] SET {sets} WHERE id = ?",
                        [*op.fields.values(), op.id])
                if cur.rowcount != 1:
                    raise sqlite3.DatabaseError(f"{op.kind}: no row {op.id!r} to update")
        else:
            raise TypeError(op)
    flush()


def _position(conn: sqlite3.Connection, table: str, before: str | None) -> float:
    """Where a new row goes: last, or between ``before`` and the row ahead of it."""
    q = conn.execute
    if before is not None:
        row = q(f"SELECT position FROM [{table}] WHERE id = ?", [before]).fetchone()
        if row is not None and row[0] is not None:
            ahead: float | None = q(f"SELECT max(position) FROM [{table}] WHERE position < ?",
                                    [row[0]]).fetchone()[0]
            here: float = row[0]
            if ahead is None:
                return here - 1.0
            if here - ahead > 1e-6:
                return (ahead + here) / 2
            # No room left between them: renumber the table, then try again.
            q(f"UPDATE [{table}] SET position = (SELECT count(*) FROM [{table}] AS o "
              f"WHERE o.position < [{table}].position "
              f"OR (o.position = [{table}].position AND o.rowid <= [{table}].rowid))")
            return _position(conn, table, before)
    last = q(f"SELECT max(position) FROM [{table}]").fetchone()[0]
    return (last or 0.0) + 1.0


_savepoints = itertools.count(1)  # names of nested transactions, unique in the process


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """All or nothing: BEGIN … COMMIT (a SAVEPOINT inside a transaction), rolled back
    on any exception. Plain sqlite3, so that an edit never waits for sqlite-utils
    to load (sqlite-utils' ``Database.atomic`` does the same)."""
    if conn.in_transaction:
        name = f"cxw_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error may have ended the transaction already
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def write_session_file(path: Path, workshop: Workshop, overwrite: bool = False) -> None:
    """Write ``workshop`` as a new session file at ``path``, atomically.

    The file is built beside ``path`` and renamed into place under ``path``'s
    lock (:func:`install_session_file`): a workshop open in a cxworkshop window
    is never replaced, and a ``-wal`` left by a crash is never replayed onto it.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        SessionLocked: ``path`` is open in a cxworkshop window.
        NotASession: ``path`` is a folder, pipe or device.
        OSError: it cannot be written (``strerror`` says why, e.g. the disk is
            full); ``path`` is untouched.
    """
    path = Path(path)
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise FileExistsError(tr("{name} exists already").format(name=path.name))
    odd = regular_file_problem(path)
    if odd:
        raise NotASession(tr("{name} {problem}; nothing was written").format(
            name=path.name, problem=odd))
    tmp = _temp_beside(path)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db = _database(conn)
            migrate(db)
            with db.atomic():
                db.table("session").update(1, _session_row(workshop.info))
                for kind, cls in KINDS.items():
                    rows = [{**_entity_row(e), "position": float(i)}
                            for i, e in enumerate(workshop.tables[kind].values(), 1)]
                    if rows:
                        db.table(cls.TABLE).insert_all(rows, batch_size=500)
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        _fsync_file(tmp)
        install_session_file(tmp, path, overwrite=overwrite)
    except sqlite3.Error as e:
        _unlink_quietly(tmp)
        raise _as_os_error(e) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise


def install_session_file(tmp: str | os.PathLike[str], path: Path, overwrite: bool) -> None:
    """Rename the finished session file ``tmp`` to ``path``, knowingly.

    Takes ``path``'s lock first (refusing with :class:`SessionLocked` if a
    cxworkshop window has it open), then removes its ``-wal``, ``-shm`` and
    ``-journal`` (which SQLite would otherwise replay onto the new file), and
    only then puts the new file in place. Nothing of ``path`` is touched
    before the lock is held.
    """
    path = Path(path)
    lock = SessionLock(path)
    lock.acquire()
    try:
        if not overwrite and (path.exists() or path.is_symlink()):
            raise FileExistsError(tr("{name} exists already").format(name=path.name))
        odd = regular_file_problem(path)
        if odd:
            raise NotASession(tr("{name} {problem}; nothing was written").format(
                name=path.name, problem=odd))
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(path) + suffix)
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() fails rather than replacing a file created meanwhile
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExistsError(tr("{name} exists already").format(name=path.name)) \
                    from None
            except OSError:
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
        fsync_folder(path.parent if str(path.parent) else ".")
    finally:
        lock.release()


def _fsync_file(path: str | os.PathLike[str]) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _as_os_error(e: sqlite3.Error) -> OSError:
    """An SQLite error while writing a new file, as an OSError a facilitator can read."""
    text = str(e)
    if "full" in text:
        return OSError(errno.ENOSPC, tr("the disk is full"))
    if "readonly" in text or "read-only" in text:  # SQLite's own (English) words
        return OSError(errno.EROFS, tr("the folder is read-only"))
    return OSError(errno.EIO, tr("the drive cannot be written ({reason})").format(reason=text))


def _temp_beside(path: Path) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                               dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    os.unlink(tmp)  # sqlite wants to create it itself
    return tmp


def _unlink_quietly(path: str) -> None:
    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(p)


def new_session_file(path: str | os.PathLike[str], title: str | None = None,
                     overwrite: bool = False) -> None:
    """Create a new session file at ``path``: dated today, with the default
    prompts and agenda.

    Refuses to overwrite unless ``overwrite``; even then, never a workshop open
    in a cxworkshop window (see :func:`write_session_file`).
    """
    from ..model.templates import new_workshop
    write_session_file(Path(path), new_workshop(title), overwrite=overwrite)
