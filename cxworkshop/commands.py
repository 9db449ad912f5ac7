"""Undo commands. They change the document only, never a widget or scene item."""
from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtGui import QUndoCommand

from .model import Op, Update
from .store import CommitFailed

_MERGE_ID = 0x4358


class ChangeCommand(QUndoCommand):
    """Apply a batch of ops; undo applies the inverse the document returned.

    The document runs the first :meth:`redo` itself (:meth:`first_run`) before
    pushing, so a change that cannot be saved never reaches the undo stack.
    Commands with the same ``merge_key`` pushed in a row merge into one step
    (typing into a field).
    """

    def __init__(self, document, text: str, ops: Sequence[Op],
                 merge_key: Hashable | None = None, parent: QUndoCommand | None = None):
        super().__init__(text, parent)
        self.document = document
        self.ops = list(ops)
        self.inverse: list[Op] = []
        self.merge_key = merge_key
        self._skip_redo = False
        self.failed = False

    def first_run(self) -> bool:
        try:
            self.inverse = self.document.apply(self.ops)
        except CommitFailed:
            return False
        self._skip_redo = True
        return True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self.ops, "inverse")

    def undo(self) -> None:
        self._run(self.inverse, None)

    def _run(self, ops: list[Op], keep: str | None) -> None:
        try:
            result = self.document.apply(ops)
        except CommitFailed:
            # The document told the user; the model is as before this call.
            self.failed = True
            self.setObsolete(True)
            return
        except ValueError:
            # Only after an earlier undo/redo could not be saved (and was dropped):
            # this step no longer fits the session. Drop it too; nothing changed.
            self.failed = True
            self.setObsolete(True)
            self.document.commit_failed.emit(
                f"“{self.text()}” can no longer be {'redone' if keep else 'undone'}: an "
                "earlier undo or redo could not be saved. The session is as shown.")
            return
        if keep:
            self.inverse = result

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        if not all(isinstance(op, Update) for op in other.ops):
            return False
        # self.ops: old → mine; other: mine → newest, row by row. Keep my inverse
        # (old values), plus the old values of fields only the newer step changed.
        newest: dict[tuple, dict] = {}
        for op in other.ops:
            newest.setdefault((op.kind, op.id), {}).update(op.fields)
        merged = []
        for op in self.ops:
            fields = newest.pop((op.kind, op.id), None) if isinstance(op, Update) else None
            merged.append(Update(op.kind, op.id, {**op.fields, **fields}) if fields else op)
        merged += [Update(kind, id, fields) for (kind, id), fields in newest.items()]
        known: dict[tuple, set] = {}
        for op in self.inverse:
            if isinstance(op, Update):
                known.setdefault((op.kind, op.id), set()).update(op.fields)
        for op in other.inverse:
            old = {k: v for k, v in op.fields.items() if k not in known.get((op.kind, op.id), ())}
            if old:
                self.inverse.append(Update(op.kind, op.id, old))
        self.ops = merged
        return True
