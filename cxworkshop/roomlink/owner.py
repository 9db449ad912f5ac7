"""Hand the HTTP threads' reads and writes to the one thread that owns the document.

The server threads never touch the workshop: they queue a job and wait. The
owner (the GUI thread, through :class:`cxworkshop.roomlink.qt.QtOwner`, or a
plain thread headless, :class:`ThreadOwner`) takes every queued job at once,
makes all the writes with one file transaction (group commit, see
:meth:`SessionDocument.apply_group`) and only then answers, so a phone hears
"saved" only for what is in the file.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from ..model import Op, Workshop

#: How long an HTTP thread waits for the owner before answering "busy".
WAIT_SECONDS = 10.0


class Stopped(RuntimeError):
    """The room link stopped before the job ran."""


class _Job:
    __slots__ = ("read", "build", "done", "result", "error")

    def __init__(self, read: Callable[[Workshop], Any] | None,
                 build: Callable[[Workshop], tuple[str, list[Op]]] | None):
        self.read = read
        self.build = build
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class Owner:
    """The queue of jobs for the document's owner thread (subclasses run :meth:`drain`)."""

    def __init__(self, document, undoable: bool = True):
        self.document = document
        self.undoable = undoable
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.stopped = False
        self.batches = 0  # transactions written (for the figures)
        self.owner_ident: int | None = threading.get_ident()

    # -- called from HTTP threads ------------------------------------------------
    def read(self, fn: Callable[[Workshop], Any], timeout: float = WAIT_SECONDS) -> Any:
        """Run ``fn(workshop)`` on the owner thread and return its result."""
        return self._run(_Job(fn, None), timeout)

    def write(self, build: Callable[[Workshop], tuple[str, list[Op]]],
              timeout: float = WAIT_SECONDS) -> None:
        """Make a change on the owner thread; returns once it is in the file.

        ``build(workshop)`` returns ``(undo text, ops)``; whatever it raises
        (e.g. :class:`cxworkshop.model.ops.Refused`) is raised here, as is
        :class:`~cxworkshop.store.CommitFailed` when the file cannot be written.
        """
        self._run(_Job(None, build), timeout)

    def _run(self, job: _Job, timeout: float) -> Any:
        if self.stopped:
            raise Stopped("the room link is stopped")
        if threading.get_ident() == self.owner_ident:  # the owner itself: no hop
            self._queue.put(job)
            self.drain()
            if job.error is not None:
                raise job.error
            return job.result
        self._queue.put(job)
        self._wake()
        if not job.done.wait(timeout):
            raise TimeoutError("the app did not answer in time")
        if job.error is not None:
            raise job.error
        return job.result

    def _wake(self) -> None:
        """Ask the owner thread to :meth:`drain` (subclasses)."""

    # -- on the owner thread -----------------------------------------------------------
    #: Most jobs taken in one turn (None: all); the GUI takes a few at a time so an
    #: edit of the facilitator's never waits behind a whole burst.
    max_jobs: int | None = None

    def drain(self) -> None:
        """Run the queued jobs: the writes in one transaction, then the reads."""
        jobs: list[_Job] = []
        while self.max_jobs is None or len(jobs) < self.max_jobs:
            try:
                jobs.append(self._queue.get_nowait())
            except queue.Empty:
                break
        if self.max_jobs is not None and len(jobs) == self.max_jobs:
            self._wake()  # more are waiting: another turn after the events queued now
        if not jobs:
            return
        if self.stopped:
            for job in jobs:
                job.error = Stopped("the room link is stopped")
                job.done.set()
            return
        writes = [job for job in jobs if job.build is not None]
        if writes:
            try:
                results = self.document.apply_group([job.build for job in writes],
                                                    undoable=self.undoable)
            except Exception as e:  # noqa: BLE001 - every waiting phone hears it
                results = [e] * len(writes)
            self.batches += 1
            for job, error in zip(writes, results, strict=False):
                job.error = error
                job.done.set()
        for job in jobs:
            if job.read is not None:
                try:
                    job.result = job.read(self.document.workshop)
                except Exception as e:  # noqa: BLE001
                    job.error = e
                job.done.set()

    def stop(self) -> None:
        self.stopped = True
        self._wake()


class ThreadOwner(Owner):
    """Headless: a thread of its own owns the document (no event loop needed)."""

    def __init__(self, document, undoable: bool = False):
        super().__init__(document, undoable)
        self.owner_ident = None
        self._signal = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="roomlink-owner", daemon=True)
        self._thread.start()

    def _wake(self) -> None:
        self._signal.set()

    def _loop(self) -> None:
        self.owner_ident = threading.get_ident()
        while True:
            self._signal.wait()
            self._signal.clear()
            self.drain()
            if self.stopped:
                self.drain()
                return

    def stop(self) -> None:
        super().stop()
        self._thread.join(5)
