"""``cxworkshop roster import|export``: the advisory group roster from and to CSV."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import BadInput, Run, _read, _read_input, _write_atomic, check_output, command


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@command("roster", "import the advisory group roster from CSV, or export it to CSV")
def _roster(p: argparse.ArgumentParser) -> Run:
    sub = p.add_subparsers(dest="roster_command", metavar="import|export", required=True)
    imp = sub.add_parser("import", help="add members from a CSV file (header: name, "
                         "department, role, frontline, location, tenure_years, email, notes)",
                         description="Add members from CSV. Any bad row stops the import "
                         "(nothing is written) unless --skip-invalid is given.")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("csv", type=Path, metavar="CSV")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows and report the others")
    imp.set_defaults(roster_run=_import)
    exp = sub.add_parser("export", help="write the roster as CSV (UTF-8)")
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.add_argument("csv", type=Path, metavar="CSV")
    exp.add_argument("--force", action="store_true",
                     help="replace an existing file that is not a CSV (never a workshop)")
    exp.set_defaults(roster_run=_export)
    return lambda a: a.roster_run(a)


def _import(a: argparse.Namespace) -> None:
    from ..store import SessionStore
    from .roster_csv import import_ops, parse_roster_csv
    data = _read_input(a.csv)
    store = SessionStore.open(a.file)
    try:
        result = parse_roster_csv(data, store.load())
        for problem in result.problems:
            print(f"{a.csv}: {problem}", file=sys.stderr)
        if result.fatal:
            raise BadInput(f"{a.csv}: cannot be imported; nothing was imported")
        for note in result.notes:
            if "encodings" in note:
                print(f"{a.csv}: {note}", file=sys.stderr)
        for column in result.unknown_columns:
            print(f"{a.csv}: column “{column}” is not a roster column; ignored",
                  file=sys.stderr)
        bad, good = len(result.bad_rows), len(result.members)
        if bad and not a.skip_invalid:
            raise BadInput(f"{a.csv}: {_plural(bad, 'bad row')}; nothing was imported "
                           f"(--skip-invalid imports the {_plural(good, 'valid row')})")
        if not good:
            raise BadInput(f"{a.csv}: no valid rows; nothing was imported")
        store.apply(import_ops(result))
    finally:
        store.close()
    new = len(result.new_departments)
    print(f"imported {_plural(good, 'member')} into {a.file}"
          + (f", {_plural(new, 'new department')}" if new else "")
          + (f"; skipped {_plural(bad, 'bad row')}" if bad else ""))


def _export(a: argparse.Namespace) -> None:
    from .roster_csv import roster_csv_bytes
    check_output(a.csv, "csv", inputs=[a.file], force=a.force)
    w = _read(a.file)
    _write_atomic(a.csv, roster_csv_bytes(w))
    print(f"wrote {_plural(len(w.members), 'member')} to {a.csv}")
