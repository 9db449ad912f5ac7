"""Crash safety: SIGKILL a process editing a session; nothing acknowledged is lost.

A child process edits the session through :class:`SessionDocument` (adds,
drags of several boxes, links, text edits, deletes with cascade, undo/redo)
and acknowledges each edit after the call returned. The parent kills it at
random moments and checks the file: it opens, passes ``PRAGMA
integrity_check`` and holds every acknowledged edit. ``CXW_KILLS`` sets the
number of kills of the long run (default 50, marked slow: ``--run-slow``); the
default run kills 8 times. ``tests/stress_kill.py`` runs 1,000.

How long a child runs before it is killed is scaled to this machine: a baseline
child is timed first, so the kills land in the middle of editing on a fast
laptop and on a loaded CI runner alike, and the thresholds below hold on both.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys

import pytest

from cxworkshop.store import SCHEMA_VERSION, SessionStore, write_session_file
from cxworkshop.store.lock import lock_path

from .conftest import small_workshop
from .crash_child import CHILD, KillStats, kill_loop, kill_once

KILLS = int(os.environ.get("CXW_KILLS", "50"))
SMALL_KILLS = 8
BASELINE_EDITS = 40  # the kill delay is up to the time a child takes for this many edits


@pytest.fixture
def crash_file(tmp_path, qapp):
    path = tmp_path / "crash.cxw"
    write_session_file(path, small_workshop())
    return path


def edit_seconds(path, edits: int = BASELINE_EDITS) -> float:
    """How long a child takes from "ready" to its ``edits``-th acknowledged edit."""
    import time
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(CHILD), str(path), "99"],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().startswith("ready")
        t0 = time.monotonic()
        for _ in range(edits):
            assert child.stdout.readline().startswith("ack ")
        return time.monotonic() - t0
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()


@pytest.mark.parametrize("kills", [
    pytest.param(SMALL_KILLS, id="small"),
    pytest.param(KILLS, id="long", marks=pytest.mark.slow)])
def test_random_kills_lose_no_acknowledged_edit(crash_file, tmp_path, kills):
    baseline = tmp_path / "baseline.cxw"
    write_session_file(baseline, small_workshop())
    max_delay = min(max(edit_seconds(baseline), 0.05), 5.0)
    stats = kill_loop(crash_file, kills, seed=20260508, max_delay=max_delay)
    print(f"max delay {max_delay:.3f} s (baseline: {BASELINE_EDITS} edits)")
    print("\n".join(stats.lines()))
    assert stats.failures == []
    assert stats.kills == kills
    assert stats.survived == kills
    assert stats.lost == 0
    # the kills really interrupted editing (about BASELINE_EDITS / 2 acknowledged per
    # kill on any machine, a quarter of that allowed for a machine that got busier),
    # and hit the lock and the open too
    assert stats.acknowledged > BASELINE_EDITS / 8 * kills
    assert stats.stale_locks >= kills // 2
    w = SessionStore.read(crash_file)
    assert len(w.processes) >= 2 and w.departments


def test_the_check_notices_an_acknowledged_edit_that_is_missing(crash_file):
    """Negative control: a child that acknowledges five edits it never made is caught."""
    stats = KillStats()
    kill_once(crash_file, seed=7, rng=random.Random(7), stats=stats,
              env={"CXW_CRASH_LIE": "30"}, kill_after_line="lied")
    assert stats.kills == 1 and stats.survived == 0
    assert stats.lost >= 1
    assert "acknowledged edits missing" in stats.failures[0]


def test_lock_left_by_a_killed_process_is_stale_and_taken_over(crash_file):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(CHILD), str(crash_file), "3"],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().startswith("ready")
        for _ in range(20):  # let it commit a few edits
            assert child.stdout.readline().startswith("ack ")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    lock = lock_path(crash_file)
    assert lock.exists(), "SIGKILL leaves the lock file behind"
    assert json.loads(lock.read_text())["pid"] == child.pid
    assert (crash_file.parent / (crash_file.name + "-wal")).exists()

    store = SessionStore.open(crash_file)  # not refused: nobody holds the OS lock
    try:
        assert store.lock.was_stale
        assert json.loads(lock.read_text())["pid"] == os.getpid()
        assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        store.close()
    assert not lock.exists()
    assert sorted(p.name for p in crash_file.parent.iterdir()) == ["crash.cxw"]


def test_kill_while_an_old_file_is_upgraded_leaves_it_whole(tmp_path, qapp):
    """SIGKILL during the migration of an older file: old or new format, never half."""
    import sqlite3
    import time

    from .test_store import _file_at_version
    rng = random.Random(11)
    versions = set()
    leftovers: list[str] = []
    for i in range(12):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        path = folder / "old.cxw"
        _file_at_version(path, 1)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        child = subprocess.Popen([sys.executable, str(CHILD), str(path), "5"],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                 text=True)
        if i % 2:
            assert child.stdout.readline().startswith("ready")  # just after the upgrade
        else:
            time.sleep(rng.uniform(0.05, 0.4))  # around the moment it opens and upgrades
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        versions.add(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.close()
        with SessionStore.open(path) as store:  # upgrades now if the kill came first
            assert store.user_version == SCHEMA_VERSION
            assert store.load().info.title  # readable through the model
        for backup in folder.glob("old.v1-backup*.cxw"):  # a backup is whole or absent
            assert SessionStore.read(backup).info.title == "Old workshop"
        leftovers.extend(p.name for p in folder.iterdir()
                         if p.name != "old.cxw" and not p.name.startswith("old.v1-backup"))
    assert SCHEMA_VERSION in versions and versions <= {1, SCHEMA_VERSION}
    # a kill in the middle of writing the backup leaves a temporary file, which the
    # next opening (which upgrades again) removes
    assert leftovers == []
