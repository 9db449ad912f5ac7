"""The ``cxworkshop`` command line. With no command (or just a FILE) it opens the GUI.

Exit status: 0 success, 1 bad input (one line on stderr), 2 usage error.
Where a JSON file is read or written, ``-`` means standard input or output. A
closed pipe (``| head``) ends the command quietly with status 0. ``--verbose``
prints the log on stderr; the log file is in the user's log folder.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .i18n import N_, ngettext, tr

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class BadInput(Exception):
    """Bad input from the user: printed as one line, exit 1."""


# Subcommands register here: name -> (configure parser, run). Other modules
# (roster, PDF export) add theirs with :func:`command`.
#: a subcommand's run(args): None or an exit status
Run = Callable[[argparse.Namespace], int | None]
#: a subcommand's configure(parser) -> run
Configure = Callable[[argparse.ArgumentParser], Run]
_COMMANDS: dict[str, tuple[Configure, str]] = {}


def command(name: str, help: str) -> Callable[[Configure], Configure]:
    """Register ``configure(parser) -> run(args)`` as the subcommand ``name``.

    ``run`` returns None or an exit status, and raises :class:`BadInput` for
    bad input.
    """
    def wrap(configure: Configure) -> Configure:
        _COMMANDS[name] = (configure, help)
        return configure
    return wrap


_fail = BadInput


@command("new", N_("create an empty session file"))
def _new(p: argparse.ArgumentParser):
    p.add_argument("file", type=Path)
    p.add_argument("--title", default=None)

    def run(a):
        from .store import new_session_file
        _require_suffix(a.file)
        try:
            new_session_file(a.file, a.title)
        except FileExistsError:
            raise _fail(tr("{file}: exists already; choose another name").format(
                file=a.file)) from None
        except OSError as e:
            raise _fail(_cannot_write(a.file, e)) from e
        print(tr("created {file}").format(file=a.file))
    return run


@command("info", N_("print the session's title, format version and counts as JSON"))
def _info(p):
    p.add_argument("file", type=Path)

    def run(a):
        from .store import inspect_header
        w = _read(a.file)
        out = {"title": w.info.title, "schema_version": inspect_header(a.file),
               "counts": w.counts()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return run


@command("import", N_("make a session file from a JSON interchange document"))
def _import(p):
    p.add_argument("json_file", type=Path, metavar="IN.json",
                   help=tr("- reads standard input"))
    p.add_argument("file", type=Path, metavar="OUT.cxw")
    p.add_argument("--force", action="store_true", help=tr("replace OUT.cxw if it exists"))

    def run(a):
        from .io.json_io import ImportProblems, loads
        from .store import write_session_file
        _require_suffix(a.file)
        if a.file.exists() and not a.force:
            raise _fail(_exists_use_force(a.file))
        try:
            data = sys.stdin.buffer.read() if _is_std(a.json_file) else _read_input(a.json_file)
        except OSError as e:
            raise _fail(_cannot_read(a.json_file, e)) from e
        try:
            workshop = loads(data)
        except ImportProblems as e:
            for problem in e.problems:
                print(f"{a.json_file}: {problem}", file=sys.stderr)
            n = len(e.problems)
            raise _fail(ngettext("{file}: {n} problem; nothing was written",
                                 "{file}: {n} problems; nothing was written", n).format(
                file=a.json_file, n=n)) from e
        _refuse_same_file(a.json_file, a.file)
        from .model.layout import unstack
        unstack(workshop)   # boxes stored on top of others: where the map shows them
        try:
            write_session_file(a.file, workshop, overwrite=a.force)
        except FileExistsError:
            raise _fail(_exists_use_force(a.file)) from None
        except OSError as e:
            raise _fail(_cannot_write(a.file, e)) from e
        print(tr("imported {source} into {file}").format(source=a.json_file, file=a.file))
    return run


@command("export", N_("write the session as JSON (--json) or PDF (--pdf)"))
def _export(p):
    p.add_argument("file", type=Path)
    p.add_argument("--json", type=Path, metavar="OUT.json", dest="json_out",
                   help=tr("- writes to standard output"))
    p.add_argument("--force", action="store_true",
                   help=tr("replace an existing output file that holds another kind of file "
                           "(a workshop, or the file being exported, is never replaced)"))
    for configure in _EXPORT_OPTIONS:
        configure(p)

    def run(a):
        if a.json_out and not _is_std(a.json_out):  # checked before anything is written
            check_output(a.json_out, "json", inputs=[a.file], force=a.force,
                         written=[getattr(a, n, None) for n in ("pdf", "postcards")])
        outputs = [h for h in _EXPORT_HANDLERS if h[0](a)]
        if not a.json_out and not outputs:
            raise _usage(p, tr("say what to export, e.g. --json OUT.json"))
        w = _read(a.file)
        if a.json_out:
            from .io.json_io import dumps
            if _is_std(a.json_out):
                sys.stdout.write(dumps(w))
                sys.stdout.flush()
            else:
                _write_atomic(a.json_out, dumps(w).encode("utf-8"))
                print(tr("wrote {path}").format(path=a.json_out))
        for _, handler in outputs:
            handler(a, w)
    return run


# --pdf and friends plug in here: (add options to parser), (wanted(args), run(args, w))
_EXPORT_OPTIONS: list[Callable] = []
_EXPORT_HANDLERS: list[tuple[Callable, Callable]] = []


@command("check", N_("report integrity and validation problems; exit 0 when clean"))
def _check(p):
    p.add_argument("file", type=Path)
    p.add_argument("--repair", action="store_true",
                   help=tr("write a repaired copy next to the file (the original is "
                           "untouched)"))
    p.add_argument("--json", action="store_true", dest="as_json",
                   help=tr('print one JSON object {"file", "ok", "problems"[, "repaired", '
                           '"repair_report"]} instead of lines; the exit status is the same'))

    def run(a):
        from .store import check_file
        problems = check_file(a.file)
        if a.as_json:
            return _check_json(a, problems)
        for problem in problems:
            print(f"{a.file.name}: {problem}")
        if a.repair:
            from .store.repair import repair_file
            if problems:
                report: list[str] = []
                out = repair_file(a.file, report)
                for line in report:
                    print(tr("{file}: repaired: {what}").format(file=a.file.name, what=line))
                print(tr("wrote a repaired copy: {path}").format(path=out))
            else:
                print(tr("nothing to repair"))
            return EXIT_OK
        if problems:
            n = len(problems)
            raise _fail(ngettext("{file}: {n} problem found", "{file}: {n} problems found",
                                 n).format(file=a.file.name, n=n))
        print(tr("{file}: ok").format(file=a.file.name))
    return run


def _check_json(a, problems: list[str]) -> int:
    out: dict = {"file": str(a.file), "ok": not problems, "problems": [str(p) for p in problems]}
    if a.repair and problems:
        from .store.repair import repair_file
        report: list[str] = []
        out["repaired"] = str(repair_file(a.file, report))
        out["repair_report"] = report
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return EXIT_OK if a.repair or not problems else EXIT_BAD_INPUT


def _is_std(path: Path | None) -> bool:
    """``-`` stands for standard input or output."""
    return path is not None and str(path) == "-"


class _UsageError(Exception):
    pass


def _usage(parser: argparse.ArgumentParser, message: str) -> _UsageError:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return _UsageError(message)


def _cannot_write(path: Path, e: OSError) -> str:
    return tr("{name}: cannot be written ({reason})").format(name=path,
                                                             reason=e.strerror or e)


def _cannot_read(path: Path, e: OSError) -> str:
    return tr("{name}: cannot be read ({reason})").format(name=path, reason=e.strerror or e)


def _exists_use_force(path: Path) -> str:
    return tr("{file}: exists already (use --force to replace it)").format(file=path)


def _require_suffix(path: Path) -> None:
    if path.suffix.lower() != ".cxw":
        raise _fail(tr("{file}: a session file name must end in .cxw").format(file=path))


def _read(path: Path):
    from .store import SessionError, SessionStore
    try:
        return SessionStore.read(path)
    except SessionError as e:
        raise _fail(str(e)) from e


def _read_input(path: Path) -> bytes:
    """The bytes of an input file; a folder, pipe or device is refused (never waited on)."""
    from .fileutil import regular_file_problem
    odd = regular_file_problem(path)
    if odd:
        raise _fail(f"{path}: {odd}")
    try:
        return path.read_bytes()
    except OSError as e:
        raise _fail(_cannot_read(path, e)) from e


def _refuse_same_file(source: Path, target: Path) -> None:
    try:
        same = target.exists() and source.samefile(target)
    except OSError:
        same = False
    if same:
        raise _fail(tr("{file}: is the input file itself; choose another name").format(
            file=target))


def check_output(path: Path, kind: str, *, inputs=(), force: bool = False,
                 written=()) -> None:
    """The shared output check (:func:`cxworkshop.fileutil.check_output`) as bad input."""
    from .fileutil import OutputRefused
    from .fileutil import check_output as check
    try:
        check(path, kind, inputs=inputs, force=force, written=written)
    except OutputRefused as e:
        raise _fail(tr("{problem}; nothing was written").format(problem=e)) from e


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing; a failure is bad input (exit 1)."""
    from .fileutil import write_atomic
    try:
        write_atomic(path, data)
    except OSError as e:
        raise _fail(_cannot_write(path, e)) from e


def help_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``-h/--help`` to a parser made with ``add_help=False``, its help translated
    (argparse's own words, "usage:" and "options:", stay English)."""
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                        help=tr("show this help message and exit"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    _load_plugins()
    parser = help_option(argparse.ArgumentParser(
        prog="cxworkshop", add_help=False,
        description=tr("Customer-experience workshops, offline. With no command, or with "
                       "just a FILE, the app opens.")))
    parser.add_argument("--version", action="version", version=f"cxworkshop {__version__}",
                        help=tr("show the version number and exit"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        help=tr(VERBOSE_HELP))
    parser.add_argument("--install-desktop", action="store_true",
                        help=tr("Linux: add cxworkshop to your application menu, with its "
                                "icon, and open .cxw files with it (for you only)"))
    parser.add_argument("--uninstall-desktop", action="store_true",
                        help=tr("Linux: remove what --install-desktop added"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (configure, help) in _COMMANDS.items():
        sp = help_option(sub.add_parser(name, help=tr(help), description=tr(help),
                                        add_help=False))
        sp.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help=tr(VERBOSE_HELP))
        sp.set_defaults(run=configure(sp), subparser=sp)
    return parser


def _load_plugins() -> None:
    """Import modules that add CLI commands or export options."""
    import importlib
    for module in ("cxworkshop.io.roster_cli", "cxworkshop.export.cli",
                   "cxworkshop.export.image_cli", "cxworkshop.export.kit_cli",
                   "cxworkshop.slides_cli", "cxworkshop.roomlink.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise


VERBOSE_FLAGS = ("-v", "--verbose")
VERBOSE_HELP = N_("print what happens (the log) on stderr")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from .i18n import detect_language, set_language
    set_language(detect_language(None))  # LANG/LC_ALL, before any help or message is built
    verbose = bool(argv) and argv[0] in VERBOSE_FLAGS
    while argv and argv[0] in VERBOSE_FLAGS:
        argv.pop(0)
    try:
        return _main(argv, verbose)
    except BrokenPipeError:
        # the reader went away (`| head`): that is how a pipeline ends, not an error
        _silence_stdout()
        return EXIT_OK


def _desktop(remove: bool) -> int:
    from . import desktop
    try:
        files = desktop.uninstall() if remove else desktop.install()
    except OSError as e:
        print(f"cxworkshop: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    n, home = len(files), desktop.data_home()
    if remove:
        print(ngettext("removed {n} file under {folder}", "removed {n} files under {folder}",
                       n).format(n=n, folder=home))
    else:
        print(ngettext("installed {n} file under {folder} (menu entry {entry}, type {type})",
                       "installed {n} files under {folder} (menu entry {entry}, type {type})",
                       n).format(n=n, folder=home, entry=desktop.DESKTOP_ID,
                                 type=desktop.MIME_TYPE))
    return EXIT_OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests, a GUI bundle)
        pass


def _main(argv: list[str], verbose: bool) -> int:
    from .logs import log_exception, log_path, setup_logging
    _load_plugins()
    if not argv or (argv[0] not in _COMMANDS and not argv[0].startswith("-")):
        if len(argv) > 1:
            build_parser().parse_args(argv)  # explains the unknown command; exits 2
        from .app import run_gui
        return run_gui(argv[0] if argv else None, verbose=verbose)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        return _desktop(args.uninstall_desktop)
    if args.command is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    setup_logging(verbose=verbose or getattr(args, "verbose", False))
    log = logging.getLogger("cxworkshop.cli")
    log.info("cxworkshop %s: %s", __version__, " ".join(argv))
    started = time.perf_counter()
    from .store import SessionError
    try:
        result = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
    except _UsageError:
        return EXIT_USAGE
    except (BadInput, SessionError) as e:
        log.info("bad input: %s", e)
        print(f"cxworkshop: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        raise
    except OSError as e:
        log.info("OS error: %s", e)
        name = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"cxworkshop: {name}{e.strerror or e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: the details go to the log, one line to the user
        log_exception(*sys.exc_info(), where=f"'{args.command}'")  # type: ignore[misc]
        where = log_path()
        exc = sys.exc_info()[1]
        print("cxworkshop: " + tr("unexpected error ({error}), a bug in cxworkshop; details: "
                                  "{where}").format(error=f"{type(exc).__name__}: {exc}",
                                                    where=where or tr("run again with --verbose")),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    log.info("done in %.2f s", time.perf_counter() - started)
    return result or EXIT_OK
