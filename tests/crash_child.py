"""Crash-safety kit: a child that edits a session through the document, and the kill loop.

The child (``python tests/crash_child.py FILE SEED``) opens FILE with
:meth:`SessionDocument.open`, prints ``ready``, then runs :func:`edit_script`
and prints ``ack N`` after edit N has returned (flushed), until it is killed.

The edits are a deterministic function of the session and the seed, so the
parent replays them on an in-memory document (no store) to know what the file
must hold after ``N`` acknowledgements: state N, or state N+1 when the kill
came after the commit of edit N+1 but before its acknowledgement.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cxworkshop.model import KINDS, SESSION, Department, Link, Note, Process, Update, Workshop

MAX_PROCESSES = 30
CHILD = Path(__file__).resolve()


def _rid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def edit_script(doc, rng: random.Random, steps: int = 100_000) -> Iterator[str]:
    """Make ``steps`` edits through ``doc`` (adds, moves, links, deletes, text, undo).

    Yields a short description after each edit. Only the document's public
    mutation path is used, exactly as the pages and the map do.
    """
    from cxworkshop.commands import ChangeCommand
    for _ in range(steps):
        w = doc.workshop
        procs = w.processes
        depts = w.departments
        r = rng.random()
        stack = doc.undo_stack
        if r < 0.04 and stack.canUndo():
            stack.undo()
            yield "undo"
        elif r < 0.06 and stack.canRedo():
            stack.redo()
            yield "redo"
        elif r < 0.10 or not depts:
            d = Department(_rid(rng), f"Dept {rng.randrange(1000)}",
                           f"#{rng.randrange(1 << 24):06x}")
            doc.add(d)
            yield "add department"
        elif r < 0.28 or len(procs) < 2:
            p = Process(_rid(rng), f"Process {rng.randrange(10_000)}",
                        rng.choice(depts).id, rng.randrange(len(w.info.stages)),
                        moment_of_truth=rng.random() < 0.2,
                        x=round(rng.uniform(0, 200), 1), y=round(rng.uniform(0, 100), 1))
            doc.add(p)
            yield "add process"
        elif r < 0.42:
            a, b = rng.sample(procs, 2)
            if w.find_link(a.id, b.id) is None:
                doc.add(Link(_rid(rng), a.id, b.id, rng.choice(["", "feeds", "hands over"])))
                yield "add link"
            else:
                yield "link exists"
        elif r < 0.58:
            # a drag of several boxes: one undo step of several updates
            moved = rng.sample(procs, min(len(procs), rng.randint(1, 3)))
            ops = [Update("processes", p.id,
                          {"x": round(rng.uniform(0, 200), 1), "y": round(rng.uniform(0, 100), 1),
                           "department": rng.choice(depts).id,
                           "stage": rng.randrange(len(w.info.stages))}) for p in moved]
            doc.push(ChangeCommand(doc, f"Move {len(ops)} boxes", ops))
            yield "move"
        elif r < 0.72:
            p = rng.choice(procs)
            doc.update("processes", p.id, merge=rng.random() < 0.5,
                       name=f"{p.name[:40]} {rng.choice('abcdefgh')}",
                       description="é€✓ " * rng.randint(0, 30))
            yield "edit text"
        elif r < 0.80:
            doc.add(Note(_rid(rng), rng.choice(procs).id, rng.choice(["pain", "idea"]),
                         "sticky " * rng.randint(1, 8)))
            yield "add note"
        elif r < 0.85:
            doc.update(SESSION, None, title=f"Workshop {rng.randrange(10_000)}")
            yield "edit title"
        elif r < 0.96 or len(procs) > MAX_PROCESSES:
            victims = rng.sample(procs, 1 if len(procs) <= MAX_PROCESSES else 4)
            doc.remove([("processes", p.id) for p in victims])
            yield "delete process"
        elif len(depts) > 1:
            doc.remove([(("departments", rng.choice(depts).id))])
            yield "delete department"
        else:
            yield "nothing"


def canonical(workshop: Workshop) -> str:
    """The session's content, independent of row order."""
    data = {"session": workshop.info.to_dict()}
    for kind in KINDS:
        data[kind] = sorted((e.to_dict() for e in workshop.tables[kind].values()),
                            key=lambda d: d["id"])
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def expected_states(start: Workshop, seed: int, acked: int) -> tuple[str, str]:
    """Canonical states after ``acked`` and after ``acked + 1`` edits of the script."""
    from cxworkshop.document import SessionDocument
    copy = Workshop(start.info)
    copy.add_all(start)  # entities are immutable: a shallow copy of the tables will do
    doc = SessionDocument(workshop=copy)
    script = edit_script(doc, random.Random(seed))
    for _ in range(acked):
        next(script)
    after_acked = canonical(doc.workshop)
    next(script)
    return after_acked, canonical(doc.workshop)


def child_main(path: str, seed: int) -> None:
    from PySide6.QtCore import QCoreApplication

    from cxworkshop.document import SessionDocument
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])  # noqa: F841
    doc = SessionDocument.open(path)
    doc.commit_failed.connect(lambda msg: print(f"failed {msg}", flush=True))
    out = sys.stdout
    out.write(f"ready {int(doc.store.lock.was_stale)}\n")
    out.flush()
    lie_after = int(os.environ.get("CXW_CRASH_LIE", "0"))  # negative control only
    for n, what in enumerate(edit_script(doc, random.Random(seed)), 1):
        out.write(f"ack {n} {what}\n")
        out.flush()
        if n == lie_after:
            # acknowledge edits that were never made, then wait to be killed
            out.write("".join(f"ack {n + i} never made\n" for i in range(1, 6)) + "lied\n")
            out.flush()
            time.sleep(60)
    out.write("done\n")
    out.flush()


# -- the parent side ---------------------------------------------------------------

@dataclass
class KillStats:
    kills: int = 0
    survived: int = 0  # file opened, integrity ok, every acknowledged edit present
    acknowledged: int = 0
    lost: int = 0  # acknowledged edits missing after a kill
    in_flight_kept: int = 0  # the unacknowledged last edit was committed (allowed)
    stale_locks: int = 0  # lock files left by a killed child and taken over
    killed_before_ready: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [f"kills: {self.kills}", f"kills_survived: {self.survived}",
                f"edits_acknowledged: {self.acknowledged}", f"edits_lost: {self.lost}",
                f"in_flight_edits_kept: {self.in_flight_kept}",
                f"stale_locks_cleared: {self.stale_locks}",
                f"killed_before_ready: {self.killed_before_ready}",
                f"seconds: {self.seconds:.1f}"]


def _reader(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def kill_once(path: Path, seed: int, rng: random.Random, stats: KillStats,
              max_delay: float = 0.25, env: dict | None = None,
              kill_after_line: str | None = None) -> None:
    """Start a child on ``path``, SIGKILL it at a random moment, check the file."""
    from cxworkshop.store import SessionStore
    from cxworkshop.store.lock import lock_path
    start = SessionStore.read(path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1",
               **(env or {}))
    proc = subprocess.Popen([sys.executable, str(CHILD), str(path), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    lines: list[str] = []
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    if kill_after_line:
        deadline = time.monotonic() + 20
        while (not any(x.startswith(kill_after_line) for x in lines)
               and proc.poll() is None and time.monotonic() < deadline):
            time.sleep(0.002)
    elif rng.random() < 0.1:
        time.sleep(rng.uniform(0, 0.3))  # anywhere, even while it opens the file
    else:
        deadline = time.monotonic() + 20
        while not lines and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, max_delay))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(5)
    err = proc.stderr.read()
    proc.stderr.close()
    stats.kills += 1
    ready = any(line.startswith("ready") for line in lines)
    acks = sum(1 for line in lines if line.startswith("ack ") and line.endswith("\n"))
    if not ready:
        stats.killed_before_ready += 1
    if any(line.startswith("failed") for line in lines) or (proc.returncode != -9 and err):
        stats.failures.append(f"seed {seed}: child error {err.strip()[-300:]} {lines[-3:]}")
        return
    stats.acknowledged += acks
    lock_left = lock_path(path).exists()
    try:
        store = SessionStore.open(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is what we look for
        stats.failures.append(f"seed {seed}: file cannot be opened after kill: {e}")
        return
    try:
        if lock_left and store.lock.was_stale:
            stats.stale_locks += 1
        integrity = store.conn.execute("PRAGMA integrity_check").fetchall()
        fk = store.conn.execute("PRAGMA foreign_key_check").fetchall()
        got = canonical(store.load())
    finally:
        store.close()
    if integrity != [("ok",)] or fk:
        stats.failures.append(f"seed {seed}: integrity {integrity[:3]} fk {fk[:3]}")
        return
    want, in_flight = expected_states(start, seed, acks)
    if got == want:
        stats.survived += 1
    elif got == in_flight:
        stats.survived += 1
        stats.in_flight_kept += 1
    else:
        # how many acknowledged edits are missing: find the state the file is in
        lost = acks
        for n in range(acks - 1, -1, -1):
            if expected_states(start, seed, n)[0] == got:
                lost = acks - n
                break
        stats.lost += lost
        stats.failures.append(f"seed {seed}: {lost} of {acks} acknowledged edits missing")


def kill_loop(path: Path, kills: int, seed: int = 1, max_delay: float = 0.25,
              progress=None) -> KillStats:
    """Kill ``kills`` children editing ``path``; return what survived."""
    rng = random.Random(seed)
    stats = KillStats()
    t0 = time.monotonic()
    for i in range(kills):
        kill_once(path, rng.randrange(1 << 30), rng, stats, max_delay)
        if progress and (i + 1) % progress == 0:
            print(f"# {i + 1} kills, {stats.acknowledged} edits acknowledged, "
                  f"{stats.lost} lost, {len(stats.failures)} failures", flush=True)
    stats.seconds = time.monotonic() - t0
    return stats


if __name__ == "__main__":
    child_main(sys.argv[1], int(sys.argv[2]))
