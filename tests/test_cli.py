"""The command-line contract: outputs, exit codes (0 ok, 1 bad input, 2 usage), messages."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from cxworkshop import __version__
from cxworkshop.cli import main
from cxworkshop.store import SCHEMA_VERSION, SessionStore


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cxworkshop", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"cxworkshop {__version__}"


def test_new_info_export_import_check(tmp_path, capsys):
    f = tmp_path / "w.cxw"
    assert main(["new", str(f), "--title", "Spring workshop"]) == 0
    assert main(["info", str(f)]) == 0
    info = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert info["title"] == "Spring workshop"
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["counts"]["processes"] == 0 and "agenda" in info["counts"]
    out = tmp_path / "w.json"
    assert main(["export", str(f), "--json", str(out)]) == 0
    f2 = tmp_path / "w2.cxw"
    assert main(["import", str(out), str(f2)]) == 0
    out2 = tmp_path / "w2.json"
    assert main(["export", str(f2), "--json", str(out2)]) == 0
    assert out.read_bytes() == out2.read_bytes()
    assert main(["check", str(f2)]) == 0
    assert "w2.cxw: ok" in capsys.readouterr().out


def test_info_of_a_sample_counts_everything(tmp_path):
    from cxworkshop.resources import samples_dir
    r = run("info", samples_dir() / "home-services.cxw")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["counts"]
    assert counts["processes"] >= 20 and counts["stories"] >= 10 and counts["members"] >= 10


def test_new_refuses_existing_and_bad_suffix(tmp_path, capsys):
    f = tmp_path / "w.cxw"
    f.write_bytes(b"keep me")
    assert main(["new", str(f)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert f.read_bytes() == b"keep me"
    assert main(["new", str(tmp_path / "w.txt")]) == 1
    assert "must end in .cxw" in capsys.readouterr().err


def test_import_never_overwrites_without_force(tmp_path, capsys):
    src = tmp_path / "in.json"
    src.write_text(json.dumps({"format": "cxworkshop-session", "version": 1,
                               "session": {"title": "From JSON"}}))
    out = tmp_path / "out.cxw"
    assert main(["new", str(out), "--title", "Precious"]) == 0
    assert main(["import", str(src), str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert SessionStore.read(out).info.title == "Precious"
    assert main(["import", str(src), str(out), "--force"]) == 0
    assert SessionStore.read(out).info.title == "From JSON"


def test_bad_import_lists_every_problem_and_writes_nothing(tmp_path):
    src = tmp_path / "bad.json"
    src.write_text(json.dumps({"format": "cxworkshop-session", "version": 1,
                               "processes": [{"id": "p1", "name": "A"}],
                               "links": [{"id": "l1", "upstream": "p1", "downstream": "p99"},
                                         {"id": "l2", "upstream": "p1", "downstream": "p1"}]}))
    r = run("import", src, tmp_path / "out.cxw")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert 'bad.json: links[0].downstream: no process "p99"' in lines[0]
    assert "links[1]: a process cannot link to itself" in lines[1]
    assert lines[-1].endswith("2 problems; nothing was written")
    assert "Traceback" not in r.stderr
    assert sorted(os.listdir(tmp_path)) == ["bad.json"]


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"hello", "not a cxworkshop session file"),
])
def test_bad_session_file_gives_one_line(tmp_path, content, message):
    f = tmp_path / "x.cxw"
    f.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    for args in (("info", f), ("export", f, "--json", tmp_path / "o.json"), ("check", f)):
        r = run(*args)
        assert r.returncode == 1, args
        assert message in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert "Traceback" not in r.stderr
    assert hashlib.sha256(f.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(tmp_path)) == ["x.cxw"]


def test_missing_input_file(tmp_path):
    r = run("info", tmp_path / "nope.cxw")
    assert r.returncode == 1 and "no such file" in r.stderr
    r = run("import", tmp_path / "nope.json", tmp_path / "o.cxw")
    assert r.returncode == 1 and "cannot be read" in r.stderr


@pytest.mark.parametrize("args", [("frobnicate", "x"), ("info",), ("export", "x.cxw"),
                                  ("new",), ("import", "a.json")])
def test_usage_errors_exit_2(tmp_path, args):
    r = run(*args)
    assert r.returncode == 2, (args, r.stderr)
    assert "usage:" in r.stderr and "Traceback" not in r.stderr


def test_check_fails_on_problems(tmp_path, session_path, capsys):
    import sqlite3
    conn = sqlite3.connect(session_path)
    conn.execute("update process set stage = 9 where id = 'p2'")
    conn.commit()
    conn.close()
    assert main(["check", str(session_path)]) == 1
    captured = capsys.readouterr()
    assert "processes[1].stage: 9 is out of range" in captured.out
    assert "1 problem found" in captured.err


def test_no_display_gives_one_line_not_a_crash(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path)
    r = subprocess.run([sys.executable, "-m", "cxworkshop"], capture_output=True, text=True,
                       timeout=60, env=env)
    assert r.returncode == 1
    assert r.stderr.startswith("cxworkshop: no display found")
    assert r.stderr.count("\n") == 1
