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
        assert check_file(path) == []
        stored = SessionStore.read(path)
        assert stored.info == workshop.info and stored.tables == workshop.tables
        assert dumps(stored) == dumps(workshop)
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
