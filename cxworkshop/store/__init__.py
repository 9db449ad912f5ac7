"""The .cxw session file (SQLite via sqlite-utils). No Qt here."""
from .check import check_file
from .errors import (
    ChangedOutside,
    CommitFailed,
    DamagedSession,
    ForeignObjects,
    NewerVersion,
    NotASession,
    NotWritable,
    ReadOnlySession,
    SessionError,
    SessionLocked,
)
from .lock import LockUnavailable
from .schema import APPLICATION_ID, SCHEMA_VERSION
from .sqlite_store import (
    SUFFIX,
    SessionStore,
    inspect_header,
    new_session_file,
    read_workshop,
    write_session_file,
)

__all__ = [
    "APPLICATION_ID", "SCHEMA_VERSION", "SUFFIX", "ChangedOutside", "CommitFailed",
    "DamagedSession", "ForeignObjects", "LockUnavailable", "NewerVersion", "NotASession",
    "NotWritable", "ReadOnlySession", "SessionError", "SessionLocked", "SessionStore",
    "check_file", "inspect_header", "new_session_file", "read_workshop", "write_session_file",
]
