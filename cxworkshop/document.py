"""SessionDocument: the one place that changes a session.

Widgets push undo commands (:mod:`cxworkshop.commands`); commands call
:meth:`SessionDocument.apply`; the document changes the model, commits the
same change to the file in one transaction, then emits a signal per change.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from .i18n import tr
from .model import SESSION, Add, Entity, Move, Op, Remove, Workshop, ops
from .store import ChangedOutside, CommitFailed, SessionStore

IDLE_CHECKPOINT_MS = 2000  # a pause this long copies saved changes into the .cxw itself


class SessionDocument(QObject):
    """An open session: model + store + undo stack, and the signals widgets follow.

    Signals:
        entity_added(kind, id), entity_removed(kind, id): a row of an entity
            list came or went (also by undo/redo).
        entity_changed(kind, id, fields): fields (a tuple of names) of a row changed;
            ``("position",)`` when the row moved in its list (:class:`Move`).
        info_changed(fields): session fields changed.
        applied(events): the same news for a whole batch in one signal, after the
            per-row ones: a tuple of ``(what, kind, id, fields)`` with ``what`` one
            of ``"added"``, ``"removed"``, ``"changed"``, ``"info"`` (``kind`` is
            SESSION there). For followers that only note what to refresh (pages,
            tables): one call per batch instead of one per row (sixty phones'
            answers in one transaction are one call).
        changed(): after every applied batch, once; also after a failed commit, so
            widgets that showed the attempted edit return to the stored state.
        commit_failed(message): a change could not be written and was not made.
        changed_outside(reason): the file was replaced, renamed, removed or
            written by something else; nothing more is written to it (once).
    """

    entity_added = Signal(str, str)
    entity_removed = Signal(str, str)
    entity_changed = Signal(str, str, object)
    info_changed = Signal(object)
    applied = Signal(object)
    changed = Signal()
    commit_failed = Signal(str)
    changed_outside = Signal(str)

    def __init__(self, store: SessionStore | None = None, workshop: Workshop | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.workshop = workshop if workshop is not None else (
            store.load() if store is not None else Workshop())
        self.undo_stack = QUndoStack(self)
        self._outside_told = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_CHECKPOINT_MS)
        self._idle.timeout.connect(self.checkpoint)

    # -- convenience -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, read_only: bool = False,
             parent: QObject | None = None) -> SessionDocument:
        """Open a session file; raises :class:`~cxworkshop.store.SessionError`."""
        store = SessionStore.open(path, read_only=read_only)
        try:
            return cls(store, parent=parent)
        except BaseException:
            store.close()
            raise

    @property
    def path(self) -> Path | None:
        return self.store.path if self.store else None

    @property
    def read_only(self) -> bool:
        return bool(self.store and self.store.read_only)

    @property
    def info(self):
        return self.workshop.info

    def get(self, kind: str, id: str) -> Entity | None:
        return self.workshop.get(kind, id)

    def all(self, kind: str) -> list:
        return self.workshop.all(kind)

    def close(self) -> None:
        self._idle.stop()
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- the file on disk --------------------------------------------------------
    @property
    def stopped(self) -> str | None:
        """Why nothing more is written (the file changed outside), or None."""
        return self.store.stopped if self.store is not None else None

    def check_outside(self) -> str | None:
        """Look whether the file was changed by something else; tell once if so."""
        if self.store is None:
            return None
        reason = self.store.outside_change()
        if reason and not self._outside_told:
            self._outside_told = True
            self.changed_outside.emit(reason)
        return reason

    def checkpoint(self) -> bool:
        """Make the ``.cxw`` alone hold every saved change (a pause: idle, page, focus)."""
        self._idle.stop()
        if self.store is None:
            return False
        done = self.store.checkpoint()
        self.check_outside()
        return done

    # -- the mutation path ----------------------------------------------------
    def apply(self, ops: Sequence[Op]) -> list[Op]:
        """Apply ``ops`` to model and file as one change; return the inverse ops.

        Raises:
            CommitFailed: the file could not be written; the model is unchanged
                and ``commit_failed`` has been emitted.
            ValueError: the ops do not fit the session (a programming error).
        """
        ops = list(ops)
        inverse = self.workshop.apply(ops)
        if self.store is not None:
            try:
                self.store.apply(ops)
            except CommitFailed as e:
                self.workshop.apply(inverse)
                self.commit_failed.emit(str(e))
                self.changed.emit()  # widgets showing the edit go back to what is stored
                if isinstance(e, ChangedOutside):
                    self.check_outside()
                raise
            self._idle.start()
        self._emit(ops)
        return inverse

    def apply_group(self, changes: Sequence[Callable[[Workshop], tuple[str, list[Op]]]],
                    undoable: bool = True) -> list[BaseException | None]:
        """Make several independent changes with one file transaction (group commit).

        Each change is a function of the workshop returning ``(undo text, ops)``,
        called after the changes before it are in place (so a rule such as a
        vote budget sees them). A change that raises (e.g. ``ValueError``) is left
        out and its exception is its result; the others are written together,
        each becoming its own undo step. Returns one result per change: None
        when it is stored. If the file cannot be written, nothing is changed and
        every result is the :class:`CommitFailed`.
        """
        results: list[BaseException | None] = [None] * len(changes)
        done: list[tuple[str, list[Op], list[Op]]] = []
        for i, build in enumerate(changes):
            try:
                text, ops = build(self.workshop)
                ops = list(ops)
                inverse = self.workshop.apply(ops) if ops else []
            except Exception as e:  # noqa: BLE001 - handed back to the caller
                results[i] = e
                continue
            if ops:
                done.append((text, ops, inverse))
        if not done:
            return results
        if self.store is not None:
            try:
                self.store.apply([op for _, ops, _ in done for op in ops])
            except CommitFailed as e:
                for _, _, inverse in reversed(done):
                    self.workshop.apply(inverse)
                self.commit_failed.emit(str(e))
                self.changed.emit()
                return [e if r is None else r for r in results]
        self._emit([op for _, ops, _ in done for op in ops])
        if undoable:
            self._push_done(done)
        return results

    def _push_done(self, done: list[tuple[str, list[Op], list[Op]]]) -> None:
        """Put changes already made on the undo stack, one step each, telling the
        stack's followers once (a step each would rebuild the Undo menu entry and
        the tool bar for every phone's answer)."""
        from .commands import ChangeCommand
        stack = self.undo_stack
        was_clean = stack.isClean()
        stack.blockSignals(True)
        try:
            for text, ops, inverse in done:
                command = ChangeCommand(self, text, ops)
                command.inverse = inverse
                command._skip_redo = True
                stack.push(command)
        finally:
            stack.blockSignals(False)
        stack.indexChanged.emit(stack.index())
        stack.canUndoChanged.emit(stack.canUndo())
        stack.canRedoChanged.emit(stack.canRedo())
        stack.undoTextChanged.emit(stack.undoText())
        stack.redoTextChanged.emit(stack.redoText())
        if stack.isClean() != was_clean:
            stack.cleanChanged.emit(stack.isClean())

    def _emit(self, ops: Iterable[Op]) -> None:
        events: list[tuple[str, str, str, tuple[str, ...]]] = []
        for op in ops:
            if isinstance(op, Add):
                self.entity_added.emit(op.entity.KIND, op.entity.id)
                events.append(("added", op.entity.KIND, op.entity.id, ()))
            elif isinstance(op, Remove):
                self.entity_removed.emit(op.kind, op.id)
                events.append(("removed", op.kind, op.id, ()))
            elif isinstance(op, Move):
                self.entity_changed.emit(op.kind, op.id, ("position",))
                events.append(("changed", op.kind, op.id, ("position",)))
            elif op.kind == SESSION:
                self.info_changed.emit(tuple(op.fields))
                events.append(("info", SESSION, "", tuple(op.fields)))
            else:
                self.entity_changed.emit(op.kind, op.id, tuple(op.fields))
                events.append(("changed", op.kind, op.id, tuple(op.fields)))
        if events:
            self.applied.emit(tuple(events))
        self.changed.emit()

    def removal_ops(self, items: Iterable[tuple[str, str]]) -> list[Op]:
        """Ops deleting ``items`` with their dependents (see Workshop.removal_ops)."""
        return self.workshop.removal_ops(items)

    # -- pushing commands ---------------------------------------------------------
    def push(self, command) -> bool:
        """Run ``command`` and put it on the undo stack; False if it could not be saved."""
        from .commands import ChangeCommand
        if self.read_only:
            self.commit_failed.emit(
                tr("{name} is open read-only: changes cannot be saved.").format(
                    name=self.path.name))
            return False
        if isinstance(command, ChangeCommand):
            try:
                ran = command.first_run()
            except ValueError as e:  # a value the model refuses (e.g. too long a text)
                self.commit_failed.emit(tr("The change was not made: {reason}.").format(
                    reason=_readable(e)))
                self.changed.emit()  # widgets showing the edit go back to what is stored
                return False
            if not ran:
                return False
        self.undo_stack.push(command)
        return True

    def do(self, change: ops.Change) -> bool:
        """Make ``change`` (from :mod:`cxworkshop.model.ops`) as one undo step.

        Returns False if it could not be saved; True when made or when empty.
        """
        from .commands import ChangeCommand
        if not change:
            return True
        return self.push(ChangeCommand(self, change.text, change, merge_key=change.merge_key))

    # Shorthands for the generic operations (ops.add / ops.edit / ops.remove).
    def add(self, *entities: Entity, text: str | None = None) -> bool:
        return self.do(ops.add(self.workshop, *entities, text=text))

    def update(self, kind: str, id: str | None, values: dict | None = None, *,
               text: str | None = None, merge: bool = False, **fields) -> bool:
        """Change fields of one row (``kind`` SESSION for session fields), undoably.

        See :func:`cxworkshop.model.ops.edit`; does nothing (and returns True)
        when no value actually changes.
        """
        return self.do(ops.edit(self.workshop, kind, id, values, text=text, merge=merge,
                                **fields))

    def remove(self, items: Iterable[tuple[str, str]], text: str | None = None) -> bool:
        return self.do(ops.remove(self.workshop, items, text))


def _readable(e: ValueError) -> str:
    """A model error (``"participants.name: is too long…"``) in words."""
    text = str(e)
    kind, _, rest = text.partition(".")
    if rest and ": " in rest:
        field, _, why = rest.partition(": ")
        from .model import KINDS
        label = KINDS[kind].LABEL if kind in KINDS else kind
        return tr("the {thing}'s {field} {problem}").format(
            thing=tr(label), field=field.replace("_", " "), problem=why)
    return text
