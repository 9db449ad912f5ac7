"""The .cxw session file (SQLite via sqlite-utils). No Qt here."""
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

__all__ = [name for name in dir() if not name.startswith("_")]
from .check import check_file
