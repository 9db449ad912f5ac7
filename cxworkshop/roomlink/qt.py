"""The GUI's owner of the document for the room link: jobs run on the GUI thread.

HTTP threads queue a job and emit a queued signal; the GUI thread takes all
queued jobs at once between two events (see :class:`~.owner.Owner`), so the
window stays responsive and every phone's write goes through the document
like any other edit (undoable, signalled to every page).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from .owner import Owner


class _Waker(QObject):
    wake_up = Signal()


class QtOwner(Owner):
    """Runs the room link's jobs on the thread of ``document`` (the GUI thread)."""

    max_jobs = 12

    def __init__(self, document):
        super().__init__(document, undoable=True)
        self._asked = False
        self._waker = _Waker()
        self._waker.moveToThread(document.thread())
        self._waker.wake_up.connect(self._drain_queued, Qt.QueuedConnection)

    def _wake(self) -> None:
        if not self._asked:
            self._asked = True
            self._waker.wake_up.emit()

    def _drain_queued(self) -> None:
        self._asked = False
        self.drain()
