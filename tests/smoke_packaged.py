"""Smoke run of the PyInstaller bundle: start offscreen, open a sample, exit; print figures.

Usage: python tests/smoke_packaged.py [BUNDLE_DIR]   (default: dist/cxworkshop)

Runs the bundled executable with a throw-away home folder: a first start
(which opens the bundled sample workshop), a start with a session file, and
the command line (info, JSON export, PDF export when present). Prints
``name: value`` lines (bundle_size_mb, start_seconds, ...); exit status 1 if
anything failed.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLE = ROOT / "dist" / "cxworkshop"


def executable(bundle: Path, name: str = "cxworkshop") -> Path:
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def bundle_size(bundle: Path) -> int:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def _env(home: Path, smoke: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), USERPROFILE=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), QT_QPA_PLATFORM="offscreen")
    if smoke:
        env["CXWORKSHOP_SMOKE"] = "1"
    return env


def _run(exe: Path, args: list[str], home: Path, smoke: bool = False,
         cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    run = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                         env=_env(home, smoke), cwd=cwd)
    return run, time.perf_counter() - t0


def run_smoke(bundle: Path = DEFAULT_BUNDLE, starts: int = 3) -> dict:
    """Exercise the bundle; return figures and a list of failures (empty when all is well)."""
    exe = executable(bundle)
    failures: list[str] = []
    figures: dict = {"bundle_size_mb": round(bundle_size(bundle) / 1e6, 1)}
    with tempfile.TemporaryDirectory(prefix="cxw-smoke-") as tmp:
        tmp = Path(tmp)
        # 1. first start: the bundled sample is copied to Documents and opened
        times = []
        for i in range(starts):
            home = tmp / f"home{i}"
            home.mkdir()
            run, seconds = _run(exe, [], home, smoke=True)
            times.append(seconds)
            state = _last_json(run.stdout)
            if run.returncode != 0 or not state or not state.get("opened"):
                failures.append(f"first start: exit {run.returncode}, {run.stdout[-300:]!r} "
                                f"{run.stderr[-500:]!r}")
                break
            if "Sample - home-services.cxw" not in state["opened"] or state["processes"] < 10:
                failures.append(f"first start opened {state}")
            figures["first_start_pages"] = len(state["pages"])
            figures["first_start_title"] = state["title"]
        figures["start_seconds_median"] = round(statistics.median(times), 2)
        figures["start_seconds_first"] = round(times[0], 2)

        # 2. a session file given on the command line
        samples = bundle / "_internal" / "sample_sessions"
        if not samples.exists():
            samples = bundle / "sample_sessions"
        session = tmp / "service-desk.cxw"
        try:
            shutil.copyfile(samples / "service-desk.cxw", session)
        except OSError as e:
            failures.append(f"bundled sample missing: {e}")
            return {**figures, "failures": failures}
        run, seconds = _run(exe, [str(session)], tmp / "home0", smoke=True)
        state = _last_json(run.stdout)
        figures["open_file_seconds"] = round(seconds, 2)
        if run.returncode != 0 or not state or state.get("opened") != str(session):
            failures.append(f"open file: exit {run.returncode} {run.stdout[-300:]!r} "
                            f"{run.stderr[-300:]!r}")
        leftovers = sorted(p.name for p in tmp.iterdir() if p.name.startswith("service-desk"))
        if leftovers != ["service-desk.cxw"]:
            failures.append(f"files left beside the session after exit: {leftovers}")

        # 3. the command line inside the bundle: the console program cxworkshop-cli
        exe = executable(bundle, "cxworkshop-cli")
        if not exe.exists():
            failures.append(f"no console program {exe.name} in the bundle")
            return {**figures, "failures": failures}
        run, _ = _run(exe, ["info", str(session)], tmp)
        info = _last_json(run.stdout, whole=True)
        if run.returncode != 0 or not info or info["counts"]["processes"] < 10:
            failures.append(f"info: exit {run.returncode} {run.stdout[-300:]!r} {run.stderr!r}")
        run, _ = _run(exe, ["export", str(session), "--json", str(tmp / "out.json")], tmp)
        if run.returncode != 0 or not (tmp / "out.json").exists():
            failures.append(f"export --json: exit {run.returncode} {run.stderr[-300:]!r}")
        help_run, _ = _run(exe, ["export", "--help"], tmp)
        if "--pdf" in help_run.stdout:
            run, _ = _run(exe, ["export", str(session), "--pdf", str(tmp / "out.pdf")], tmp)
            pdf = tmp / "out.pdf"
            if run.returncode != 0 or not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
                failures.append(f"export --pdf: exit {run.returncode} {run.stderr[-300:]!r}")
            figures["pdf_export"] = "ok" if not failures else "failed"
        run, _ = _run(exe, ["info", str(tmp / "out.json")], tmp)
        if run.returncode != 1 or "Traceback" in run.stderr:
            failures.append(f"bad input: exit {run.returncode} {run.stderr[-300:]!r}")
    return {**figures, "failures": failures}


def _last_json(text: str, whole: bool = False):
    try:
        if whole:
            return json.loads(text)
        lines = [line for line in text.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except ValueError:
        return None


def main() -> int:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_BUNDLE
    if not executable(bundle).exists():
        print(f"no bundle at {bundle}: run `pyinstaller build.spec` first", file=sys.stderr)
        return 2
    result = run_smoke(bundle)
    for key, value in result.items():
        if key != "failures":
            print(f"{key}: {value}")
    print(f"failures: {len(result['failures'])}")
    for failure in result["failures"]:
        print(f"# {failure}")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
