"""Errors the store raises; each carries a message fit to show a facilitator."""
from __future__ import annotations


class SessionError(Exception):
    """A session file cannot be used; ``str(e)`` is a one-line message for the user."""


class NotASession(SessionError):
    pass


class DamagedSession(SessionError):
    """The file is a session, but SQLite or the model cannot read it whole.

    ``truncated`` is true when the file is shorter than its header says (cut off
    by a copy or a pulled USB stick): ``cxworkshop check --repair`` then reads
    the pages that are there. Code tests this flag, never the message, which is
    in the user's language.
    """

    def __init__(self, message: str, truncated: bool = False):
        super().__init__(message)
        self.truncated = truncated


class NewerVersion(SessionError):
    pass


class SessionLocked(SessionError):
    """The file is open in another running cxworkshop."""

    def __init__(self, message: str, holder: str = ""):
        super().__init__(message)
        self.holder = holder


class NotWritable(SessionError):
    """The file or its folder cannot be written: it can only be opened read-only."""


class CommitFailed(SessionError):
    """A change could not be written; nothing of it was stored."""


class ReadOnlySession(CommitFailed):
    pass


class ForeignObjects(DamagedSession):
    """The file holds triggers, views or tables cxworkshop did not create.

    Such objects could change or hide rows behind the app's back, so the file
    is not used; ``cxworkshop check --repair`` writes a copy without them.
    """


class ChangedOutside(CommitFailed):
    """The file was replaced, renamed, removed or rewritten by something else.

    Once seen, the store writes nothing more: every change is refused until the
    workshop is reloaded (or the user's version saved as a copy).
    """
