"""``cxworkshop roster import|export``: the advisory group roster from and to CSV."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cli import (
    BadInput,
    Run,
    _read,
    _read_input,
    _write_atomic,
    check_output,
    command,
    help_option,
)
from ..i18n import N_, ngettext, tr


@command("roster", N_("import the advisory group roster from CSV, or export it to CSV"))
def _roster(p: argparse.ArgumentParser) -> Run:
    sub = p.add_subparsers(dest="roster_command", metavar="import|export", required=True)
    imp = help_option(sub.add_parser(
        "import", add_help=False,
        help=tr("add members from a CSV file (header: name, department, role, frontline, "
                "location, tenure_years, email, notes)"),
        description=tr("Add members from CSV. Any bad row stops the import (nothing is "
                       "written) unless --skip-invalid is given.")))
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("csv", type=Path, metavar="CSV")
    imp.add_argument("--skip-invalid", action="store_true",
                     help=tr("import the valid rows and report the others"))
    imp.set_defaults(roster_run=_import)
    exp = help_option(sub.add_parser("export", add_help=False,
                                     help=tr("write the roster as CSV (UTF-8)"),
                                     description=tr("write the roster as CSV (UTF-8)")))
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.add_argument("csv", type=Path, metavar="CSV")
    exp.add_argument("--force", action="store_true",
                     help=tr("replace an existing file that is not a CSV (never a "
                             "workshop)"))
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
            raise BadInput(tr("{file}: cannot be imported; nothing was imported").format(
                file=a.csv))
        for note in result.notes:
            if "encodings" in note:
                print(f"{a.csv}: {note}", file=sys.stderr)
        for column in result.unknown_columns:
            print(tr("{file}: column “{column}” is not a roster column; ignored").format(
                file=a.csv, column=column), file=sys.stderr)
        bad, good = len(result.bad_rows), len(result.members)
        if bad and not a.skip_invalid:
            raise BadInput(ngettext("{file}: {n} bad row; nothing was imported",
                                    "{file}: {n} bad rows; nothing was imported", bad).format(
                file=a.csv, n=bad) + " " + ngettext(
                "(--skip-invalid imports the {n} valid row)",
                "(--skip-invalid imports the {n} valid rows)", good).format(n=good))
        if not good:
            raise BadInput(tr("{file}: no valid rows; nothing was imported").format(file=a.csv))
        store.apply(import_ops(result))
    finally:
        store.close()
    new = len(result.new_departments)
    print(ngettext("imported {n} member into {file}", "imported {n} members into {file}",
                   good).format(n=good, file=a.file)
          + (ngettext(", {n} new department", ", {n} new departments", new).format(n=new)
             if new else "")
          + (ngettext("; skipped {n} bad row", "; skipped {n} bad rows", bad).format(n=bad)
             if bad else ""))


def _export(a: argparse.Namespace) -> None:
    from .roster_csv import roster_csv_bytes
    check_output(a.csv, "csv", inputs=[a.file], force=a.force)
    w = _read(a.file)
    _write_atomic(a.csv, roster_csv_bytes(w))
    n = len(w.members)
    print(ngettext("wrote {n} member to {file}", "wrote {n} members to {file}", n).format(
        n=n, file=a.csv))
