"""Integrity and validation report for a session file (``cxworkshop check``)."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..i18n import tr
from .errors import DamagedSession, SessionError
from .sqlite_store import SessionStore, _connect, foreign_objects, inspect_header


def check_file(path: str | os.PathLike[str]) -> list[str]:
    """Every problem found in ``path``; an empty list means the file is clean.

    Only reads the file.

    Raises:
        SessionError: the file is not a session at all (or is newer).
    """
    path = Path(path)
    problems: list[str] = []
    try:
        version = inspect_header(path)
    except DamagedSession as e:  # e.g. truncated: --repair may recover the rest
        return [str(e)]
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.DatabaseError as e:
        raise SessionError(tr("{name} cannot be opened: {reason}").format(
            name=path.name, reason=e)) from None
    try:
        # on a damaged file integrity_check below says what is wrong
        with contextlib.suppress(sqlite3.DatabaseError):
            problems.extend(tr("{what} that cxworkshop did not create: it could change or "
                               "hide data, so the file is not opened for editing ('--repair' "
                               "drops it)").format(what=what)
                            for what in foreign_objects(conn, version))
        try:
            rows = conn.execute("PRAGMA integrity_check(50)").fetchall()
        except sqlite3.DatabaseError as e:
            return [tr("integrity: {problem}").format(problem=e)]
        if rows != [("ok",)]:
            problems.extend(tr("integrity: {problem}").format(problem=r[0]) for r in rows)
        try:
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                problems.append(tr("{table} row {row}: refers to a missing {parent}").format(
                    table=table, row=rowid, parent=parent))
        except sqlite3.DatabaseError as e:
            problems.append(tr("references: cannot be checked ({reason})").format(reason=e))
    finally:
        conn.close()
    if not problems:
        try:
            workshop = SessionStore.read(path, validate=False)
            problems.extend(workshop.problems())
            if not problems:   # boxes stacked on each other (the map shows them apart)
                from ..model.layout import overlap_problems
                problems.extend(overlap_problems(workshop))
        except (SessionError, ValueError, TypeError, KeyError) as e:
            problems.append(tr("content: cannot be read ({reason})").format(reason=e))
    return problems
