"""The command line in a pipeline: ``| head`` ends quietly, ``-`` is stdin/stdout, check --json."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxworkshop.cli import main
from cxworkshop.model import Add, Note
from cxworkshop.store import write_session_file

from .conftest import small_workshop

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "cxworkshop", *map(str, args)],
                            env=env, **kwargs)


@pytest.fixture
def big_session(tmp_path) -> Path:
    """JSON of this workshop is bigger than a pipe's buffer (64 KiB)."""
    w = small_workshop()
    w.apply([Add(Note(f"n{i}", "p1", "idea", f"note number {i} " + "x" * 60))
             for i in range(1500)])
    path = tmp_path / "big.cxw"
    write_session_file(path, w)
    return path


def test_head_ends_the_pipeline_quietly_with_status_0(big_session):
    p = _cli("export", big_session, "--json", "-", stdout=subprocess.PIPE,
             stderr=subprocess.PIPE)
    first = p.stdout.read(200)  # like `| head -c 200`: read a little, then go away
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0, err
    assert first.startswith(b"{") and err == ""


def test_dash_writes_json_to_stdout_and_reads_it_from_stdin(big_session, tmp_path, capsys):
    assert main(["export", str(big_session), "--json", "-"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["format"] == "cxworkshop-session" and len(data["notes"]) == 1500
    assert not (tmp_path / "-").exists()
    # and back: cxworkshop export A --json - | cxworkshop import - B.cxw
    p = _cli("import", "-", tmp_path / "copy.cxw", stdin=subprocess.PIPE,
             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = p.communicate(out, timeout=60)
    assert p.returncode == 0, stderr
    assert main(["export", str(tmp_path / "copy.cxw"), "--json", "-"]) == 0
    assert capsys.readouterr().out == out


def test_check_json_for_a_clean_and_a_damaged_file(session_path, capsys):
    assert main(["check", str(session_path), "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert clean == {"file": str(session_path), "ok": True, "problems": []}
    import sqlite3
    conn = sqlite3.connect(session_path)
    conn.execute("update process set stage = 9 where id = 'p2'")
    conn.commit()
    conn.close()
    assert main(["check", str(session_path), "--json"]) == 1
    captured = capsys.readouterr()
    found = json.loads(captured.out)
    assert found["ok"] is False and captured.err == ""
    assert any("processes[1].stage: 9 is out of range" in p for p in found["problems"])
    assert main(["check", str(session_path), "--json", "--repair"]) == 0
    repaired = json.loads(capsys.readouterr().out)
    assert Path(repaired["repaired"]).exists() and repaired["repair_report"]
