"""Writing files safely: whole or nothing, and never over a file that must not be replaced.

``write_atomic`` writes a temporary file beside the target and renames it into
place (through a symbolic link, the file it points to is written; the new file
gets the usual permissions of the user's umask). ``check_output`` is the one
check every exporter runs before it writes: it refuses a target that is a
workshop, the file being exported, or a file open in the app, and an existing
file of another kind unless the user said to replace it.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from .i18n import N_, tr

SQLITE_MAGIC = b"SQLite format 3\x00"

# Kinds of output an exporter writes, and how an existing file of that kind starts.
KINDS = {
    "pdf": N_("a PDF"), "png": N_("a PNG picture"), "svg": N_("an SVG picture"),
    "json": N_("a JSON file"), "csv": N_("a CSV file"), "text": N_("a text file"),
}


class OutputRefused(Exception):
    """An output target must not be written; ``str(e)`` says why, naming the file.

    ``needs_force`` is true when the user may still choose to replace it
    (``--force`` on the command line, a confirmation in the app); ``held`` then
    says what the file holds now ("a PNG picture").
    """

    def __init__(self, message: str, needs_force: bool = False, held: str = ""):
        super().__init__(message)
        self.needs_force = needs_force
        self.held = held


# -- files open in this process ----------------------------------------------------
_open_lock = threading.Lock()
_open_files: dict[tuple[int, int], int] = {}


def _identity(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def register_open(path: str | os.PathLike) -> tuple[int, int] | None:
    """Note that the app has ``path`` open (a workshop); exports will not overwrite it."""
    ident = _identity(path)
    if ident is not None:
        with _open_lock:
            _open_files[ident] = _open_files.get(ident, 0) + 1
    return ident


def unregister_open(ident: tuple[int, int] | None) -> None:
    if ident is None:
        return
    with _open_lock:
        n = _open_files.get(ident, 0) - 1
        if n > 0:
            _open_files[ident] = n
        else:
            _open_files.pop(ident, None)


def is_open_in_app(path: str | os.PathLike) -> bool:
    ident = _identity(path)
    with _open_lock:
        return ident is not None and ident in _open_files


# -- what a file holds ---------------------------------------------------------------
def sniff(path: str | os.PathLike) -> str | None:
    """The kind of an existing regular file by its first bytes.

    Returns None for a missing file, ``"empty"``, ``"session"`` (a cxworkshop
    workshop or any SQLite database), ``"pdf"``, ``"png"``, ``"svg"``,
    ``"json"``, ``"text"`` (which a CSV is), or ``"other"``.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        return None
    except OSError:
        return "other"
    if not head:
        return "empty"
    if head.startswith(SQLITE_MAGIC):
        return "session"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x89PNG"):
        return "png"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "svg" if b"<svg" in head else "other"
    if text[:1] in (b"{", b"["):
        return "json"
    if b"\x00" in head:
        return "other"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return "other"
    return "text"


_SAME_KIND = {"pdf": {"pdf"}, "png": {"png"}, "svg": {"svg"}, "json": {"json"},
              "csv": {"text"}, "text": {"text"}}


def check_output(path: str | os.PathLike, kind: str, *, inputs: Iterable = (),
                 force: bool = False, written: Iterable = ()) -> None:
    """Refuse to write ``path`` when it would destroy something.

    Args:
        path: the output file.
        kind: what is written (a key of :data:`KINDS`: ``"pdf"``, ``"csv"``…).
        inputs: the files being exported (a workshop's path): never overwritten.
        force: the user said to replace an existing file of another kind.
        written: outputs of the same run already claimed (e.g. the report when
            handouts are next): never overwritten.

    Raises:
        OutputRefused: the reason, naming the file; ``needs_force`` when only
            the user's say-so is missing.
    """
    path = Path(path)
    name = str(path)
    try:
        st = os.stat(path)  # follows a symbolic link: the file that would be written
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputRefused(tr("{name}: cannot be written ({reason})").format(
            name=name, reason=e.strerror or e)) from None
    ident = (st.st_dev, st.st_ino) if st else None
    for other in inputs:
        if other is not None and (ident is not None and ident == _identity(other)
                                  or _same_place(path, Path(other))):
            raise OutputRefused(tr("{name} is the workshop being exported; choose another "
                                   "file name").format(name=name))
    for other in written:
        if other is not None and (ident is not None and ident == _identity(other)
                                  or _same_place(path, Path(other))):
            raise OutputRefused(tr("{name} is also written by this export; choose another "
                                   "file name").format(name=name))
    if st is None:
        return
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(tr("{name} is a folder; give a file name").format(name=name))
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefused(tr("{name} is not a regular file (a device or pipe); choose "
                               "another file name").format(name=name))
    if is_open_in_app(path):
        raise OutputRefused(tr("{name} is open in cxworkshop; choose another file "
                               "name").format(name=name))
    found = sniff(path)
    if found == "session":
        raise OutputRefused(tr("{name} is a cxworkshop workshop (or another database); an "
                               "export never replaces one: choose another file name").format(
                                   name=name))
    if found in ("empty", None) or found in _SAME_KIND.get(kind, {kind}) or force:
        return
    what = tr({k: v for k, v in KINDS.items() if k != "csv"}.get(found or "",
                                                               N_("another kind of file")))
    raise OutputRefused(tr("{name} exists and is {what}, not {kind}; use --force to replace "
                           "it").format(name=name, what=what, kind=tr(KINDS.get(kind, kind))),
                        needs_force=True, held=what)


def _same_place(a: Path, b: Path) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def unique_name(folder: Path, name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``… so that it is not in ``taken``.

    ``taken`` holds lower-case names (file systems that ignore case count too);
    the returned name is added to it.
    """
    base = Path(name)
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base.stem}-{n}{base.suffix}"
    taken.add(candidate.lower())
    return candidate


# -- writing -------------------------------------------------------------------------
_umask_lock = threading.Lock()


def _umask() -> int:
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path``.

    The file appears whole or not at all, and no temporary file stays behind.
    Through a symbolic link the file it points to is replaced (the link stays).
    A new file gets the permissions the umask allows (typically 0644); a
    replaced file keeps its permissions.

    Raises:
        OSError: it cannot be written; ``path`` is untouched.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
            with contextlib.suppress(OSError, AttributeError):  # pragma: no cover - Windows
                os.fchmod(f.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(folder)


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a rename in ``folder`` durable (POSIX); quietly nothing where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def regular_file_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read as a file (a folder, pipe or device), or None:
    a phrase that follows the file's name ("is a folder, not a file").

    Never opens the file, so a pipe (FIFO) cannot make the caller wait.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None  # missing or unreadable: the caller's open() says so
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return tr("is a folder, not a file")
    if stat.S_ISFIFO(st.st_mode):
        return tr("is a pipe (FIFO), not a file")
    if stat.S_ISSOCK(st.st_mode):
        return tr("is a socket, not a file")
    return tr("is a device, not a file")
