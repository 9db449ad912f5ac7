"""Rebuild the sample .cxw files from the JSON sources beside them.

    python sample_sessions/build.py

Each ``NAME.json`` (the JSON interchange format) becomes ``NAME.cxw``.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cxworkshop.io.json_io import loads  # noqa: E402
from cxworkshop.store import write_session_file  # noqa: E402


def build(source: Path) -> Path:
    workshop = loads(source.read_bytes())
    out = source.with_suffix(".cxw")
    write_session_file(out, workshop, overwrite=True)
    return out


def main() -> int:
    for source in sorted(HERE.glob("*.json")):
        out = build(source)
        print(f"{source.name} -> {out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
