"""One writer per session file, across processes.

A lock file ``<name>.cxw.lock`` beside the session holds an OS lock
(``flock`` on POSIX, ``msvcrt.locking`` on Windows) for as long as the
session is open. The OS drops the lock when its process dies, so a lock file
left by a killed process is recognised as stale and taken over.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from ..i18n import tr
from .errors import NotWritable, SessionLocked

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockUnavailable(NotWritable):
    """The lock file cannot be taken at all: open read-only, never as a second writer."""


def lock_path(path: Path) -> Path:
    return Path(str(path) + ".lock")


class SessionLock:
    """The exclusive right to write one session file."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = lock_path(Path(path))
        self.fd: int | None = None
        self.was_stale = False

    def acquire(self) -> None:
        """Take the lock or raise :class:`SessionLocked` naming its holder.

        Raises:
            SessionLocked: another cxworkshop (window or process) holds it.
            LockUnavailable: the lock file cannot be created or opened (a
                read-only folder, an immutable file): without the lock nobody
                may write, so the session can only be opened read-only.
        """
        for _ in range(10):
            existed = self.path.exists()
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as e:
                raise LockUnavailable(
                    tr("{name} cannot be opened for editing: its lock file {lock} cannot be "
                       "written ({reason}), so another window could write at the same time. "
                       "Open it read-only, or copy it to a folder you can write to.").format(
                        name=self.path.name[:-5], lock=self.path.name,
                        reason=e.strerror or e)) from None
            if not _try_lock(fd):
                holder = self._read_holder(fd)
                os.close(fd)
                message = (tr("{name} is already open in another cxworkshop window "
                              "({holder}). Close it there first, or open this file read-only.")
                           if holder else
                           tr("{name} is already open in another cxworkshop window. Close it "
                              "there first, or open this file read-only."))
                raise SessionLocked(message.format(name=self.path.name[:-5], holder=holder),
                                    holder)
            if self._is_current(fd):
                break
            # The holder released (and removed) the file between our open and our
            # lock: we hold a lock nobody else will see. Try again on a fresh file.
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - ten races in a row
            raise SessionLocked(tr("{name} is being opened by another cxworkshop window; "
                                   "try again.").format(name=self.path.name[:-5]))
        self.was_stale = existed
        info = {"pid": os.getpid(), "host": _host_name()}
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(info).encode())
        except OSError:
            pass
        self.fd = fd

    def _is_current(self, fd: int) -> bool:
        """True if ``fd`` is still the file at :attr:`path` (not removed or replaced)."""
        try:
            here, there = os.fstat(fd), os.stat(self.path)
        except OSError:
            return False
        return (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev)

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            data = json.loads(os.pread(fd, 4096, 0) or b"{}")
            return tr("process {pid} on {host}").format(pid=data["pid"], host=data["host"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return ""

    def release(self) -> None:
        if self.fd is None:
            return
        # Remove the file while still holding the lock, so nobody can take a lock on
        # a file that is about to disappear (see acquire).
        try:
            os.unlink(self.path)
            removed = True
        except OSError:
            removed = False
        _unlock(self.fd)
        os.close(self.fd)
        self.fd = None
        if not removed and sys.platform == "win32":  # pragma: no cover - Windows only
            # Windows cannot remove a file that is open; a lock file left behind would
            # make the next start report a crash that did not happen.
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def __del__(self) -> None:
        self.release()


def _host_name() -> str:
    """This computer's name, for "process 123 on NAME" (what platform.node() gives, without
    loading the platform module at start-up, nor sockets)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    return os.environ.get("COMPUTERNAME", "")  # pragma: no cover - Windows
