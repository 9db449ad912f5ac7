"""Malformed session files: each is refused with a clear message, in the GUI and the CLI,
and left exactly as it was, with nothing left behind in its folder."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cxworkshop import cli
from cxworkshop.resources import samples_dir
from cxworkshop.store import SCHEMA_VERSION

SAMPLE = samples_dir() / "home-services.cxw"


def _sqlite_edit(path: Path, *sql: str, wal: bool = True) -> None:
    """Change a copy of the sample behind the app's back (foreign keys off).

    The sample is in WAL mode; ``wal=False`` turns it into a rollback-journal
    file, which opening for editing would convert (and so change).
    """
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in sql:
        conn.execute(statement)
    if not wal:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _page_of(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    root = conn.execute("select rootpage from sqlite_master where name = ?", (table,)).fetchone()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return root[0], size


def build_corpus(folder: Path) -> dict[str, tuple[Path, str]]:
    """Every malformed input: name -> (path, words the message must contain)."""
    data = SAMPLE.read_bytes()
    rng = random.Random(8)
    cases: dict[str, tuple[Path, str]] = {}

    def raw(name: str, content: bytes, words: str) -> None:
        p = folder / f"{name}.cxw"
        p.write_bytes(content)
        cases[name] = (p, words)

    def edited(name: str, words: str, *sql: str, wal: bool = True) -> None:
        p = folder / f"{name}.cxw"
        shutil.copyfile(SAMPLE, p)
        _sqlite_edit(p, *sql, wal=wal)
        cases[name] = (p, words)

    for cut in (16, 60, 100, 1000, 4096, len(data) // 2, len(data) - 4096, len(data) - 1):
        raw(f"truncated_at_{cut}", data[:cut], "truncated")
    raw("truncated_at_8", data[:8], "not a cxworkshop")
    raw("empty", b"", "is empty")
    raw("random_bytes", rng.randbytes(8192), "not a cxworkshop session")
    raw("sqlite_magic_then_garbage", b"SQLite format 3\x00" + rng.randbytes(8176), "damaged")
    raw("text_file", b"Name,Department\nAna,Sales\nBo,Billing\n", "not a cxworkshop")
    raw("json_export_renamed", json.dumps({"format": "cxworkshop-session"}).encode(),
        "not a cxworkshop")
    raw("utf16_text", "Workshop notes ✓".encode("utf-16"), "not a cxworkshop")

    other = folder / "other_application.cxw"
    conn = sqlite3.connect(other)
    conn.execute("create table invoice(id integer primary key, total real)")
    conn.execute("insert into invoice values (1, 9.5)")
    conn.commit()
    conn.close()
    cases["other_application"] = (other, "another application")

    edited("newer_version", "newer version", f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    edited("broken_reference", "refers to one that does not exist",
           "update link set downstream = 'p99' where rowid = 1")
    edited("broken_reference_rollback_journal", "refers to one that does not exist",
           "update link set downstream = 'p99' where rowid = 1", wal=False)
    edited("missing_table", "damaged", "drop table note")
    edited("missing_session_row", "damaged", "delete from session")
    edited("stages_not_json", "damaged", "update session set stages = 'Need; Decide'")
    edited("stages_wrong_count", "damaged", """update session set stages = '["Only one"]'""")
    edited("bad_enum_value", "damaged", "update story set recency = 'yesterday' where rowid = 1",
           wal=False)
    edited("text_in_number_column", "damaged", "update process set x = 'left' where rowid = 1")
    edited("stage_out_of_range", "damaged", "update process set stage = 9 where rowid = 1")
    edited("duplicate_link", "damaged",
           "insert into link (id, upstream, downstream, label) "
           "select 'dup', upstream, downstream, '' from link where rowid = 1")

    corrupt = folder / "corrupt_page.cxw"
    shutil.copyfile(SAMPLE, corrupt)
    root, size = _page_of(corrupt, "process")
    with open(corrupt, "r+b") as f:  # a b-tree page overwritten in the middle of the file
        f.seek((root - 1) * size + 8)
        f.write(rng.randbytes(size - 8))
    cases["corrupt_page"] = (corrupt, "damaged")

    folder_named = folder / "a_folder.cxw"
    folder_named.mkdir()
    cases["a_folder"] = (folder_named, "folder")
    return cases


def _state(path: Path) -> tuple:
    if path.is_dir():
        return ("dir", sorted(os.listdir(path)))
    st = path.stat()
    return (hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus"))




def _names() -> list[str]:
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        return sorted(build_corpus(Path(d)))


NAMES = _names()


@pytest.mark.parametrize("name", NAMES)
def test_gui_refuses_with_a_message_and_leaves_file_alone(name, corpus, main_window):
    path, words = corpus[name]
    before, listing = _state(path), sorted(os.listdir(path.parent))
    assert main_window.open_file(path) is False
    assert main_window.document is None
    assert len(main_window.errors) == 1, main_window.errors
    message = main_window.errors[0]
    assert path.name in message and words in message
    assert "Traceback" not in message and "\n" not in message.strip()
    assert _state(path) == before
    assert sorted(os.listdir(path.parent)) == listing


@pytest.mark.parametrize("name", NAMES)
def test_cli_refuses_in_one_line_and_leaves_file_alone(name, corpus, capsys):
    path, words = corpus[name]
    before, listing = _state(path), sorted(os.listdir(path.parent))
    for command in (["info", str(path)], ["export", str(path), "--json",
                                          str(path.parent / f"{name}.out.json")]):
        assert cli.main(command) == 1
        out, err = capsys.readouterr()
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("cxworkshop: ") and path.name in lines[0] and words in lines[0]
    assert cli.main(["check", str(path)]) == 1  # says what is wrong, changes nothing
    out, err = capsys.readouterr()
    assert err.startswith("cxworkshop: ") and path.name in err and len(err.splitlines()) == 1
    assert _state(path) == before
    assert sorted(os.listdir(path.parent)) == listing  # no -wal, -shm, .lock, temp or output


def test_cli_in_a_real_process_prints_no_traceback(corpus):
    """The installed entry point, as a facilitator would type it."""
    for name in ("truncated_at_1000", "broken_reference", "stages_not_json", "corrupt_page"):
        path, words = corpus[name]
        before = _state(path)
        run = subprocess.run([sys.executable, "-m", "cxworkshop", "info", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1, (name, run.stderr)
        assert "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and words in run.stderr
        assert _state(path) == before


def test_corpus_figures(corpus, capsys):
    """How many malformed inputs are tried (printed for the hardening note)."""
    with capsys.disabled():
        print(f"\nmalformed_inputs_tried: {len(corpus)}")
    assert len(corpus) >= 25
