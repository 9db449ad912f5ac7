"""``cxworkshop check FILE --repair``: a valid copy beside the file, the original untouched."""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from cxworkshop import cli
from cxworkshop.model import Add, Link, Process, Update, Workshop
from cxworkshop.model.entities import Department
from cxworkshop.store import SessionError, SessionStore, check_file, write_session_file
from cxworkshop.store.repair import repair_file

from .test_malformed import SAMPLE, _state, build_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("repair-corpus"))


def _fresh(corpus, name: str, tmp_path: Path) -> Path:
    """A private copy of a corpus file (repairs write beside it)."""
    src, _ = corpus[name]
    dest = tmp_path / src.name
    shutil.copyfile(src, dest)
    return dest


def _repaired_ok(out: Path) -> Workshop:
    assert check_file(out) == []
    with SessionStore.open(out) as store:  # the app opens it for editing
        assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return store.load()


SAMPLE_W = SessionStore.read(SAMPLE)

# name -> (a line the report must hold, how the repaired session must look)
CASES = {
    "broken_reference": ("links row 1 ('l1'): dropped: its downstream process is missing ('p99')",
                         lambda w: w.get("links", "l1") is None
                         and len(w.links) == len(SAMPLE_W.links) - 1),
    "broken_reference_rollback_journal": ("dropped: its downstream process is missing",
                                          lambda w: len(w.links) == len(SAMPLE_W.links) - 1),
    "missing_table": ("notes: the whole table is missing; none could be recovered",
                      lambda w: not w.notes and len(w.processes) == len(SAMPLE_W.processes)),
    "missing_session_row": ("session: its title, date and stage names could not be read",
                            lambda w: w.info.title == "Untitled workshop"
                            and len(w.stories) == len(SAMPLE_W.stories)),
    "stages_not_json": ("session: stages could not be read ('Need; Decide'); the default is used",
                        lambda w: w.info.stages[0] == "Need"
                        and w.info.title == SAMPLE_W.info.title),
    "bad_enum_value": ("stories row 1 ('s1'): recency could not be read, set to 'cant_remember' "
                       "(was 'yesterday')",
                       lambda w: w.stories[0].recency == "cant_remember"
                       and w.stories[1:] == SAMPLE_W.stories[1:]),
    "text_in_number_column": ("x could not be read, set to 0.0 (was 'left')",
                              lambda w: w.processes[0].x == 0.0
                              and w.processes[0].name == SAMPLE_W.processes[0].name),
    "stage_out_of_range": ("moved to the last stage: their stage does not exist (stage 9)",
                           lambda w: w.processes[0].stage == 4),
    "duplicate_link": ("links row 29 ('dup'): dropped: the same two processes are linked already",
                       lambda w: w.get("links", "dup") is None
                       and len(w.links) == len(SAMPLE_W.links)),
    "corrupt_page": ("processes: some rows could not be read and are lost",
                     lambda w: not w.processes and not w.links
                     and len(w.participants) == len(SAMPLE_W.participants)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_repair_writes_a_valid_copy_and_never_touches_the_original(name, corpus, tmp_path):
    path = _fresh(corpus, name, tmp_path)
    assert check_file(path) != []
    before, listing = _state(path), sorted(os.listdir(tmp_path))
    report: list[str] = []
    out = repair_file(path, report)
    assert out == tmp_path / f"{path.stem}.repaired.cxw"
    assert _state(path) == before
    assert sorted(os.listdir(tmp_path)) == sorted([*listing, out.name])
    line, looks_right = CASES[name]
    assert any(line in r for r in report), report
    assert looks_right(_repaired_ok(out))


def test_damaged_pages_lose_only_their_rows(tmp_path):
    """600 processes over many pages; one page in the middle is overwritten."""
    w = Workshop()
    ops = [Add(Department("d1", "Ops"))]
    ops += [Add(Process(f"p{i:04}", f"Process {i:04} " + "x" * 60, "d1", i % 5))
            for i in range(600)]
    ops += [Add(Link(f"l{i:04}", f"p{i:04}", f"p{i + 1:04}")) for i in range(599)]
    w.apply(ops)
    path = tmp_path / "big.cxw"
    write_session_file(path, w)
    data = path.read_bytes()
    page = 4096
    hit = data.index(b"Process 0300 ") // page
    damaged = bytearray(data)
    damaged[hit * page:(hit + 1) * page] = b"\xff" * page  # a leaf of the process table
    path.write_bytes(bytes(damaged))
    assert any(p.startswith("integrity") for p in check_file(path))

    report: list[str] = []
    repaired = _repaired_ok(repair_file(path, report))
    n = len(repaired.processes)
    assert 540 <= n < 600, n
    assert repaired.get("processes", "p0300") is None
    assert repaired.get("processes", "p0000") and repaired.get("processes", "p0599")
    assert any(f"{n} were recovered" in r for r in report) \
        or report[-1].startswith("recovered:") and f" {n} processes" in report[-1], report
    # links between surviving processes survive; the others are reported in one line
    assert len(repaired.links) >= n - 2 * (600 - n) - 1
    assert any(r.startswith("links: ") and " rows dropped: their " in r for r in report), report


def test_repair_reads_what_only_the_wal_holds(tmp_path, session_path):
    """A session as a pulled plug leaves it: the last edits, damage included, in its -wal."""
    store = SessionStore.open(session_path)
    store.apply([Update("processes", "p2", {"name": "Quote by phone"})])
    other = sqlite3.connect(session_path)  # foreign keys off: a dangling reference
    other.execute("update link set upstream = 'gone' where id = 'l1'")
    other.commit()
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{session_path}{suffix}", snapshot / f"w.cxw{suffix}")
    other.close()
    store.close()
    path = snapshot / "w.cxw"
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    states = (_state(path), _state(wal))

    report: list[str] = []
    repaired = _repaired_ok(repair_file(path, report))
    assert repaired.get("processes", "p2").name == "Quote by phone"  # only in the -wal
    assert repaired.get("links", "l1") is None
    assert report == ["links row 1 ('l1'): dropped: its upstream process is missing ('gone')",
                      "recovered: 2 departments, 2 participants, 4 processes, 2 links"]
    assert (_state(path), _state(wal)) == states
    assert sorted(os.listdir(snapshot)) == ["w.cxw", "w.cxw-wal", "w.repaired.cxw"]


@pytest.mark.parametrize("name, words", [
    ("random_bytes", "not a cxworkshop session"),
    ("other_application", "another application"),
    ("newer_version", "newer version"),
    ("sqlite_magic_then_garbage", "cannot be repaired: its header is invalid"),
])
def test_what_cannot_be_repaired_is_refused_clearly(name, words, corpus, tmp_path, capsys):
    path = _fresh(corpus, name, tmp_path)
    before, listing = _state(path), sorted(os.listdir(tmp_path))
    with pytest.raises(SessionError, match=words):
        repair_file(path)
    assert cli.main(["check", str(path), "--repair"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cxworkshop: ") and words in err and "Traceback" not in err
    assert _state(path) == before
    assert sorted(os.listdir(tmp_path)) == listing


def test_cli_check_repair_end_to_end(corpus, tmp_path, capsys):
    path = _fresh(corpus, "broken_reference", tmp_path)
    assert cli.main(["check", str(path)]) == 1
    assert "link row 1: refers to a missing process" in capsys.readouterr().out

    assert cli.main(["check", str(path), "--repair"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "broken_reference.cxw: link row 1: refers to a missing process",
        "broken_reference.cxw: repaired: links row 1 ('l1'): dropped: its downstream process "
        "is missing ('p99')",
        "broken_reference.cxw: repaired: recovered: 8 departments, 12 participants, 12 stories, "
        "22 processes, 27 links, 6 notes, 10 placements, 11 members, 3 changes, "
        "6 recognitions, 7 actions, 8 agenda, 12 metrics, 14 metric_links, 5 nps, "
        "3 parking_lot",
        f"wrote a repaired copy: {tmp_path / 'broken_reference.repaired.cxw'}"]
    assert cli.main(["check", str(path), "--repair"]) == 0  # never overwrites a repair
    assert capsys.readouterr().out.endswith("broken_reference.repaired-2.cxw\n")

    repaired = tmp_path / "broken_reference.repaired.cxw"
    assert cli.main(["check", str(repaired), "--repair"]) == 0
    assert capsys.readouterr().out == "nothing to repair\n"
    assert cli.main(["check", str(repaired)]) == 0


def test_repair_keeps_the_row_order_and_fixes_settings_that_clash(session_path):
    from cxworkshop.model import Move
    with SessionStore.open(session_path) as store:
        store.apply([Move("processes", "p4", "p1")])  # p4 first on the map's lists
    conn = sqlite3.connect(session_path)
    conn.execute("update session set roster_min_size = 15, roster_max_size = 11")
    conn.execute("update link set downstream = 'gone' where id = 'l3'")
    conn.commit()
    conn.close()
    report: list[str] = []
    repaired = _repaired_ok(repair_file(session_path, report))
    assert [p.id for p in repaired.processes] == ["p4", "p1", "p2", "p3"]
    assert [ln.id for ln in repaired.links] == ["l1", "l2"]
    assert repaired.info.roster_max_size >= repaired.info.roster_min_size
    assert any(r.startswith("session: roster max size did not fit") for r in report), report


def test_repair_of_an_older_file_writes_the_current_format(tmp_path):
    from cxworkshop.store import SCHEMA_VERSION

    from .test_store import _file_at_version
    path = tmp_path / "v1.cxw"
    _file_at_version(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("update process set department = 'zz'")
    conn.commit()
    conn.close()
    report: list[str] = []
    out = repair_file(path, report)
    assert report[:-1] == ["processes row 1 ('p1'): kept without its department, which is "
                           "missing ('zz')"]
    assert report[-1] == "recovered: 1 departments, 1 processes"
    with SessionStore.open(out) as store:
        assert store.user_version == SCHEMA_VERSION and store.migrated_from is None
        w = store.load()
    assert w.info.title == "Old workshop" and w.get("processes", "p1").department is None


def test_a_truncated_file_is_repaired_page_by_page(corpus, tmp_path):
    """SQLite cannot read even the list of tables of this cut file; its pages still hold rows."""
    path = _fresh(corpus, f"truncated_at_{SAMPLE.stat().st_size // 2}", tmp_path)
    report: list[str] = []
    repaired = _repaired_ok(repair_file(path, report))
    assert "read page by page" in " ".join(report)
    assert report[-1].startswith("recovered: ") and len(repaired.departments) > 0
