"""Smoke run of an installed cxworkshop (a wheel in a fresh venv, pipx, ``pip install .``).

Usage: VENV/bin/python tests/smoke_install.py VENV/bin/cxworkshop   (or ~/.local/bin/cxworkshop
from ``pipx install .``)

Checks what a new user does first, with a throw-away home folder, outside the
repository (so nothing is read from the source tree): the package and its data
come from the install; ``new``; ``import`` of the bundled sample JSON; ``export``
of the report, a handout per participant and the postcards; ``info | head``
ending quietly; an offscreen start of the app opening the first-run sample.
Prints one ``ok: ...`` line per check; exit 1 with the reasons if any failed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(exe: Path) -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cxw-install-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(HOME=str(home), USERPROFILE=str(home), QT_QPA_PLATFORM="offscreen",
                   XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
                   XDG_STATE_HOME=str(home / ".local/state"), XDG_CACHE_HOME=str(home / ".cache"),
                   XDG_DOCUMENTS_DIR=str(home / "Documents"))

        def run(*args: str, smoke: bool = False, shell: str | None = None):
            e = dict(env, CXWORKSHOP_SMOKE="1") if smoke else env
            cmd = shell if shell else [str(exe), *args]
            return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=e,
                                  cwd=tmp, shell=bool(shell))

        def check(name: str, ok: bool, detail) -> None:
            print(f"{'ok' if ok else 'FAILED'}: {name}" + ("" if ok else f": {detail}"),
                  flush=True)
            if not ok:
                failures.append(name)

        # where the package and its data come from
        # the venv's python (pipx links the command from elsewhere into ~/.local/bin)
        python = exe.resolve().parent / ("python.exe" if sys.platform == "win32" else "python")
        probe = subprocess.run(
            [str(python), "-c",
             "import json, cxworkshop, cxworkshop.resources as r, cxworkshop.i18n as i; "
             "print(json.dumps({'package': cxworkshop.__file__, "
             "'version': cxworkshop.__version__, 'resources': str(r.resources_dir()), "
             "'samples': str(r.samples_dir()), 'guide': r.readme_text()[:12], "
             "'german': i.set_language('de') and i.tr('&File')}))"],
            capture_output=True, text=True, env=env, cwd=tmp, timeout=60)
        where = json.loads(probe.stdout or "{}")
        inside = [k for k in ("package", "resources", "samples")
                  if str(REPO) in where.get(k, str(REPO))]
        check("package and data from the install, not the source tree", not inside,
              f"{where} {probe.stderr[-400:]}")
        samples = Path(where.get("samples", tmp))
        font = Path(where.get("resources", tmp)) / "fonts" / "DejaVuSans.ttf"
        check("fonts and samples installed", font.is_file()
              and (samples / "home-services.json").is_file(), where)
        check("user guide and German catalogue installed",
              where.get("guide") == "# cxworkshop" and where.get("german") == "&Datei", where)

        r = run("--version")
        check("--version", r.returncode == 0 and where.get("version", "?") in r.stdout,
              (r.stdout, r.stderr))

        r = run("new", "new.cxw", "--title", "Smoke test")
        info = run("info", "new.cxw")
        check("new", r.returncode == 0 and '"Smoke test"' in info.stdout, (r.stderr, info))

        r = run("import", str(samples / "home-services.json"), "hs.cxw")
        info = run("info", "hs.cxw")
        counts = json.loads(info.stdout or "{}").get("counts", {})
        check("import", r.returncode == 0 and counts.get("processes", 0) >= 10,
              (r.stderr, info.stdout[-300:]))

        t0 = time.perf_counter()
        r = run("export", "hs.cxw", "--pdf", "report.pdf", "--handouts", "handouts",
                "--postcards", "cards.pdf", "--paper", "letter")
        seconds = time.perf_counter() - t0
        pdfs = [tmp / "report.pdf", tmp / "cards.pdf", *sorted((tmp / "handouts").glob("*.pdf"))]
        good = [p for p in pdfs if p.exists() and p.read_bytes()[:5] == b"%PDF-"
                and b"DejaVuSans" in p.read_bytes()]
        check(f"export --pdf with handouts and postcards ({seconds:.1f} s, {len(pdfs)} PDFs)",
              r.returncode == 0 and len(good) == len(pdfs) == 2 + counts.get("participants", -1),
              (r.returncode, r.stderr[-600:], [p.name for p in pdfs]))

        r = run(shell=f'"{exe}" info hs.cxw | head -n 1')
        check("info | head ends quietly", r.returncode == 0 and r.stdout.strip() == "{"
              and not r.stderr, (r.stdout, r.stderr))

        r = run(smoke=True)
        state = next((json.loads(line) for line in reversed(r.stdout.splitlines())
                      if line.startswith("{")), {})
        check("app starts offscreen and opens the first-run sample",
              r.returncode == 0 and "Sample - home-services.cxw" in (state.get("opened") or "")
              and state.get("processes", 0) >= 10, (r.returncode, r.stdout[-300:],
                                                     r.stderr[-600:]))
    if failures:
        print(f"{len(failures)} check(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    sys.exit(main(Path(sys.argv[1]).absolute()))
