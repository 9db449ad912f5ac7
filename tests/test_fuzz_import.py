"""Fuzzing the importers: any input gives a valid session or a clean error, never a traceback
and never a partial file.

JSON: random bytes and text, and valid documents with random damage (keys
removed, renamed or added, values swapped for any JSON value or a plausible
wrong one), through :func:`json_io.loads` and through ``cxworkshop import``.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cxworkshop import cli
from cxworkshop.io.json_io import ImportProblems, dumps, loads, to_dict
from cxworkshop.store import SessionStore, check_file, write_session_file

from .strategies import workshops

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)
# values a person or another tool would plausibly get wrong
plausible = st.sampled_from([None, "", "p99", "d1", "u1", "p1", -1, 0, 5, 1e300, 2 ** 64,
                             "2026-02-30", "08/05/2026", "yesterday", "\ud800", True, "true",
                             [], {}, ["Need"], 3.5, "#zzzzzz", "x" * 300])


def _slots(node, out):
    """Every (container, key) in a JSON document."""
    if isinstance(node, dict):
        for key in list(node):
            out.append((node, key))
            _slots(node[key], out)
    elif isinstance(node, list):
        for index in range(len(node)):
            out.append((node, index))
            _slots(node[index], out)
    return out


@st.composite
def damaged_documents(draw) -> str:
    doc = to_dict(draw(workshops(max_items=3)))
    for _ in range(draw(st.integers(0, 4))):
        slots = _slots(doc, [])
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        action = draw(st.sampled_from(["value", "plausible", "delete", "rename", "add"]))
        if action == "value":
            container[key] = draw(json_values)
        elif action == "plausible":
            container[key] = draw(plausible)
        elif action == "delete":
            del container[key]
        elif action == "rename" and isinstance(container, dict):
            container[draw(st.text(max_size=10))] = container.pop(key)
        elif isinstance(container, dict):
            container[draw(st.text(max_size=10))] = draw(json_values)
        else:
            container.append(draw(json_values))
    return json.dumps(doc, ensure_ascii=draw(st.booleans()))


from cxworkshop.model.layout import unstack  # noqa: E402


def import_or_refuse(data) -> bool:
    """Import ``data``; True if it gave a session. Anything else than ImportProblems fails."""
    try:
        workshop = loads(data)
    except ImportProblems as e:
        assert e.problems and all(isinstance(p, str) and p.strip() for p in e.problems)
        return False
    assert workshop.problems() == []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "imported.cxw"
        write_session_file(path, workshop)
        # stacked boxes are reported (the map shows them apart), nothing else
        assert [p for p in check_file(path) if not p.startswith("processes \"")] == []
        stored = SessionStore.read(path)
        assert stored.info == workshop.info and stored.tables == workshop.tables
        assert dumps(stored) == dumps(workshop)
        unstack(workshop)   # as `cxworkshop import` and File > Import do (after the
        write_session_file(Path(folder) / "unstacked.cxw", workshop)  # comparison)
        assert check_file(Path(folder) / "unstacked.cxw") == []
    return True


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
@example(b"\xff\xfe{\x00}\x00")
@example(b"")
@example(b"[" * 100_000)
def test_any_bytes(data):
    import_or_refuse(data)


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from('{}[]":,0123456789.-+eEtrufalsn \\u\n') | st.characters(),
               max_size=200))
def test_any_text(text):
    import_or_refuse(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_documents())
@example('{"format": "cxworkshop-session", "version": 1, "session": {"title": "\\ud800"}}')
@example('{"format": "cxworkshop-session", "version": 1, "processes": '
         '[{"id": "p1", "x": NaN}]}')
@example('{"format": "cxworkshop-session", "version": 1, "links": '
         '[{"id": "l1", "upstream": "p1", "downstream": "p1"}], "processes": [{"id": "p1"}]}')
def test_damaged_documents(text):
    import_or_refuse(text)


def test_damaged_documents_are_mostly_refused_and_sometimes_fine():
    """The damage strategy really exercises both outcomes (not only one)."""
    outcomes = []

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(damaged_documents())
    def collect(text):
        outcomes.append(import_or_refuse(text))

    collect()
    assert True in outcomes and False in outcomes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_documents())
def test_cli_import_writes_a_whole_session_or_nothing(text):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        src, out = folder / "in.json", folder / "out.cxw"
        src.write_text(text, encoding="utf-8", errors="surrogatepass")
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["import", str(src), str(out)])
        err = stderr.getvalue()
        assert "Traceback" not in err
        if code == 0:
            assert stdout.getvalue() == f"imported {src} into {out}\n"
            assert check_file(out) == []
            assert sorted(os.listdir(folder)) == ["in.json", "out.cxw"]
        else:
            assert code == 1
            lines = err.strip().splitlines()
            assert lines[-1].startswith(f"cxworkshop: {src}: ")
            assert lines[-1].endswith("nothing was written")
            assert all(line.startswith(f"{src}: ") for line in lines[:-1])
            assert sorted(os.listdir(folder)) == ["in.json"]  # no partial or temporary file


# -- the CSV roster importer -----------------------------------------------------------------

from cxworkshop.io.roster_csv import _ALIASES, import_ops, parse_roster_csv  # noqa: E402

from .conftest import small_workshop  # noqa: E402

_headers = st.sampled_from(sorted({a for aliases in _ALIASES.values() for a in aliases})
                           + ["Name", "E-mail", "Tenure (years)", "Front line?", "", "shoe size"])
_cells = (st.text(max_size=12)
          | st.sampled_from(["yes", "no", "x", "3", "3,5", "-2", "99", "1e400", "nan", "Sales",
                             "Billing", "ana@example.org", "not-an-email", '"', '""', ";", ",",
                             "\t", "\n", "\r\n", "=cmd()", "\ufeff", "ä", "Ana Ortiz"]))


@st.composite
def csv_files(draw) -> bytes | str:
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(_headers, min_size=1, max_size=9))
    if draw(st.booleans()):  # most real files name their columns properly
        header = ["name", *draw(st.lists(st.sampled_from(
            ["department", "role", "frontline", "location", "tenure_years", "email", "notes"]),
            unique=True, max_size=7))]
    plausible_row = st.builds(lambda name, rest: [name, *rest],
                              st.sampled_from(["Ana Ortiz", "Bo", "Chen Li", "Dana"]),
                              st.lists(st.sampled_from(["Sales", "yes", "no", "2", "",
                                                        "dana@example.org", "Leeds"]),
                                       max_size=len(header) - 1))
    rows = draw(st.lists(plausible_row | st.lists(_cells, max_size=10), max_size=6))

    def cell(text: str) -> str:
        if draw(st.booleans()) or any(c in text for c in (sep, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text
    lines = [sep.join(cell(c) for c in line) for line in [header, *rows]]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 3]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16", "str"]))
    if encoding == "str":
        return text
    return text.encode(encoding, errors="replace")


def roster_or_refuse(data) -> bool:
    """Parse a roster file; True if it gave members. Anything escaping fails the test."""
    workshop = small_workshop()
    result = parse_roster_csv(data, workshop)
    assert all(isinstance(p, str) and p.strip() for p in result.problems)
    if result.fatal:
        assert result.members == []
        return False
    for member in result.members:
        assert member.problems() == []
    for row in result.bad_rows:
        assert row.member is None and row.line >= 1
    before = workshop.counts()
    workshop.apply(import_ops(result))  # raises if any op does not fit the session
    assert workshop.counts()["members"] == before["members"] + len(result.members)
    assert workshop.problems() == []
    return bool(result.members)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200))
@example(b"\xff\xfename\x00")
@example("name\n\ud800\n")
@example(b"name,department\n" + b"Ana," + b"x" * 200_000 + b"\n")
def test_roster_any_bytes_or_text(data):
    roster_or_refuse(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
@example("name;department;frontline;tenure_years\nAna;Sales;yes;3,5\nBo;;no;\n")
@example('name,notes\n"Ana","unclosed\n')
def test_roster_spreadsheet_like_files(data):
    roster_or_refuse(data)


def test_roster_files_give_both_members_and_problems():
    outcomes: list[bool] = []

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(csv_files())
    def collect(data):
        outcomes.append(roster_or_refuse(data))

    collect()
    assert True in outcomes and False in outcomes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files(), st.booleans())
def test_cli_roster_import_changes_the_session_whole_or_not_at_all(data, skip_invalid):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        session, src = folder / "s.cxw", folder / "roster.csv"
        write_session_file(session, small_workshop())
        src.write_bytes(data.encode("utf-8", errors="replace") if isinstance(data, str)
                        else data)
        before = SessionStore.read(session)
        stdout, stderr = io.StringIO(), io.StringIO()
        args = ["roster", "import", str(session), str(src)] + \
            (["--skip-invalid"] if skip_invalid else [])
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(args)
        assert "Traceback" not in stderr.getvalue()
        after = SessionStore.read(session)
        assert check_file(session) == []
        assert sorted(os.listdir(folder)) == ["roster.csv", "s.cxw"]  # no -wal, -shm, .lock
        if code == 0:
            assert stdout.getvalue().startswith("imported ")
            assert len(after.members) > len(before.members)
        else:
            assert code == 1
            assert stderr.getvalue().splitlines()[-1].startswith(f"cxworkshop: {src}: ")
            assert "nothing was imported" in stderr.getvalue()
            assert after.tables == before.tables and after.info == before.info
