"""Two cxworkshop processes on one session file: one writer, a clear notice for the other.

The instances are real app processes: ``tests/app_instance.py`` (a window
driven from stdin) and the ``cxworkshop FILE`` entry point in its smoke mode
(``CXWORKSHOP_SMOKE=1``: open, print what is open, quit).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cxworkshop.store import SessionLocked, SessionStore
from cxworkshop.store import lock as lock_module
from cxworkshop.store.lock import SessionLock, lock_path

INSTANCE = Path(__file__).with_name("app_instance.py")
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")


class Instance:
    """A window in another process."""

    def __init__(self, path: Path, answer: str = "no"):
        self.proc = subprocess.Popen([sys.executable, str(INSTANCE), str(path), answer],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=ENV)
        self.state = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        assert line, "the instance exited early"
        return json.loads(line)

    def send(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def quit(self) -> None:
        assert self.send("quit") == {"closed": True}
        assert self.proc.wait(10) == 0
        self.proc.stdin.close()
        self.proc.stdout.close()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.proc.stdin.close()
        self.proc.stdout.close()


def smoke(path: Path, answer: str = "no", home: Path | None = None) -> tuple[int, dict, str]:
    """``cxworkshop FILE`` in smoke mode: exit status, what was open, dialog texts."""
    env = dict(ENV, CXWORKSHOP_SMOKE="1", CXWORKSHOP_SMOKE_ANSWER=answer)
    if home:
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    run = subprocess.run([sys.executable, "-m", "cxworkshop", str(path)], capture_output=True,
                         text=True, env=env, timeout=60)
    return run.returncode, json.loads(run.stdout.strip().splitlines()[-1]), run.stderr


@pytest.fixture
def shared(tmp_path, session_path):
    return session_path


def test_second_instance_is_told_and_cannot_write(shared, tmp_path):
    first = Instance(shared)
    try:
        assert first.state["opened"] and not first.state["read_only"]
        holder = f"process {first.state['pid']}"

        # the real entry point, declining the read-only view
        code, state, stderr = smoke(shared, "no", home=tmp_path)
        assert code == 1 and state["opened"] is None
        assert "question: Session already open: workshop.cxw is already open in another " \
               "cxworkshop window" in stderr
        assert holder in stderr and "Open a read-only view instead?" in stderr

        # accepting the read-only view: it shows the session but refuses every change
        second = Instance(shared, "yes")
        assert second.state["opened"] and second.state["read_only"]
        assert second.state["window_title"].endswith("workshop.cxw [read-only] — cxworkshop")
        assert any("already open in another cxworkshop window" in n
                   for n in second.state["notices"])
        after = second.send("edit Hijacked title")
        assert after["title"] == "Untitled workshop"
        assert after["field"] == "Untitled workshop"  # the field shows what is saved
        assert after["notices"] == [
            "critical: workshop.cxw is open read-only: changes cannot be saved."]

        # the first keeps working, and its edit is in the file
        assert first.send("edit Spring workshop")["title"] == "Spring workshop"
        assert SessionStore.read(shared).info.title == "Spring workshop"
        second.quit()
        assert lock_path(shared).exists()  # the read-only view took no lock and freed none
    finally:
        first.quit()
    assert not lock_path(shared).exists()

    # closing the first freed the file: the next one opens it for editing
    code, state, stderr = smoke(shared, "no", home=tmp_path)
    assert code == 0 and state["opened"] == str(shared) and not state["read_only"]
    assert "question" not in stderr and state["status"] == ""  # closed properly: no notice
    assert SessionStore.read(shared).info.title == "Spring workshop"
    assert sorted(p.name for p in shared.parent.iterdir() if p.name.startswith("workshop")) \
        == ["workshop.cxw"]


def test_lock_left_by_a_killed_instance_is_cleared(shared, tmp_path):
    first = Instance(shared)
    assert first.send("edit Before the crash")["title"] == "Before the crash"
    first.kill()
    lock = lock_path(shared)
    assert lock.exists() and json.loads(lock.read_text())["pid"] == first.state["pid"]

    code, state, stderr = smoke(shared, "no", home=tmp_path)
    assert code == 0 and not state["read_only"] and "question" not in stderr
    assert state["title"].startswith("Before the crash — ")
    assert state["status"].startswith("This session was not closed properly last time")
    assert not lock.exists()  # taken over, then freed on close


def test_lock_released_between_open_and_lock_is_retried(tmp_path, monkeypatch):
    """The holder closes just as another process opens the lock file: no two writers."""
    path = tmp_path / "s.cxw"
    first = SessionLock(path)
    first.acquire()
    real_try = lock_module._try_lock
    raced = []

    def racing(fd):
        if not raced:  # the first holder releases (and removes the file) right now
            raced.append(True)
            first.release()
        return real_try(fd)

    monkeypatch.setattr(lock_module, "_try_lock", racing)
    second = SessionLock(path)
    second.acquire()
    monkeypatch.setattr(lock_module, "_try_lock", real_try)
    try:
        assert raced and second.fd is not None
        third = SessionLock(path)
        with pytest.raises(SessionLocked):
            third.acquire()
    finally:
        second.release()
