"""Errors the store raises; each carries a message fit to show a facilitator."""
from __future__ import annotations


class SessionError(Exception):
    """A session file cannot be used; ``str(e)`` is a one-line message for the user."""


class NotASession(SessionError):
    pass


class DamagedSession(SessionError):
    pass


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
