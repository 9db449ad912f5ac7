"""Many phones at once against a room link on 127.0.0.1 (tests and bench).

Each phone joins as its participant, then, when all have joined, sends its
story and three votes one after the other (as the page's outbox does), all
phones at the same moment.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from .roomlink_client import Phone


@dataclass
class Burst:
    latencies: list[float] = field(default_factory=list)  # seconds per request
    acked: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, participant, x)
    failures: list[tuple[int, dict]] = field(default_factory=list)
    seconds: float = 0.0  # from the start signal to the last answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def make_phones(base_url: str, token: str, participants: list[str]) -> list[Phone]:
    phones = []
    for pid in participants:
        p = Phone(base_url, token)
        status, body = p.join(pid)
        assert status == 200, body
        phones.append(p)
    return phones


def _poster(phone: Phone):
    """A light sender for the burst: http.client with the phone's cookie, so the
    simulated phones (other devices in a real room) take little of the machine
    the app runs on (urllib's opener and cookie jar cost several times more)."""
    host, port = phone.base.removeprefix("http://").rsplit(":", 1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in phone.jar)

    def post(kind: str, body: dict) -> tuple[int, dict]:
        conn = http.client.HTTPConnection(host, int(port), timeout=20)
        try:
            conn.request("POST", f"/j/{phone.token}/api/{kind}", json.dumps(body).encode(),
                         {"Content-Type": "application/json", "Cookie": cookie})
            r = conn.getresponse()
            data = r.read()
            return r.status, json.loads(data) if data else {}
        finally:
            conn.close()
    return post


def run_burst(phones: list[Phone], participants: list[str], processes: list[str],
              tolerate_errors: bool = False, start: threading.Event | None = None) -> Burst:
    """Every phone: a story, then three votes; returns timings and what was acknowledged."""
    out = Burst()
    go = start or threading.Event()
    ready = threading.Barrier(len(phones) + 1)

    def one(i: int, phone: Phone, pid: str) -> None:
        post = _poster(phone)
        ready.wait()
        go.wait()
        steps = [("story", {"id": uuid.uuid4().hex, "customer": f"Customer of {pid}",
                            "challenge": "Waited a week", "recency": "this_month"})]
        for k in range(3):
            steps.append(("vote", {"id": uuid.uuid4().hex,
                                   "process": processes[(i + k) % len(processes)]}))
        for kind, body in steps:
            t = time.perf_counter()
            try:
                status, data = post(kind, body)
            except (OSError, http.client.HTTPException) as e:
                if not tolerate_errors:
                    raise
                status, data = 0, {"error": str(e)}
            elapsed = time.perf_counter() - t
            with out.lock:
                out.latencies.append(elapsed)
                if status == 200:
                    out.acked.append((kind, pid, body.get("process") or body.get("customer", "")))
                else:
                    out.failures.append((status, data))
            if status != 200 and tolerate_errors:
                return

    threads = [threading.Thread(target=one, args=(i, ph, pid), daemon=True)
               for i, (ph, pid) in enumerate(zip(phones, participants, strict=True))]
    for t in threads:
        t.start()
    ready.wait()
    t0 = time.perf_counter()
    go.set()
    out.threads = threads  # type: ignore[attr-defined]
    out.t0 = t0  # type: ignore[attr-defined]
    return out


def finish(out: Burst, timeout: float = 120) -> Burst:
    for t in out.threads:  # type: ignore[attr-defined]
        t.join(timeout)
    out.seconds = time.perf_counter() - out.t0  # type: ignore[attr-defined]
    return out


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


@dataclass
class GuiBurst:
    """A burst against the main window's room link while the facilitator edits the map."""

    out: Burst
    server_p99_ms: float
    edit_ms: list[float]  # from asking for a map edit to its commit, each

    @property
    def edit_median_ms(self) -> float:
        ordered = sorted(self.edit_ms)
        return ordered[len(ordered) // 2]

    @property
    def edit_p99_ms(self) -> float:
        return p99(self.edit_ms)


def gui_burst(window, path, people: list[str], processes: list[str],
              wait_until, edit_every: float = 0.05) -> GuiBurst:
    """Open ``path`` in ``window``, start its room link on 127.0.0.1, let 60 phones
    (another process) answer at once, and meanwhile move a box on the map every
    ``edit_every`` seconds through the document, as a facilitator's drag does.

    ``wait_until(condition, timeout_ms)`` runs the window's event loop until
    ``condition()`` (pytest-qt's ``qtbot.waitUntil`` or the bench's loop).
    """
    from PySide6.QtCore import QObject, Qt, Signal

    from cxworkshop.document import SessionDocument

    class Poster(QObject):
        edit = Signal(float)

    window.set_document(SessionDocument.open(path))
    doc = window.document
    window.show_page("Map")
    server = window.roomlink.start("127.0.0.1", 0)
    try:
        phones = spawn_phones(server.base_url, server.state.session_token, people, processes)
        joined = threading.Thread(target=wait_joined, args=(phones,), daemon=True)
        joined.start()
        wait_until(lambda: not joined.is_alive(), 60000)
        server.httpd.timings.clear()
        edit_ms: list[float] = []

        def edit(posted: float) -> None:  # on the GUI thread, like a mouse release
            p = doc.get("processes", processes[0])
            doc.update("processes", processes[0], x=p.x + 1.0, text="Move process")
            edit_ms.append((time.perf_counter() - posted) * 1000)
        poster = Poster()
        poster.edit.connect(edit, Qt.QueuedConnection)
        running = [True]

        def post_edits() -> None:
            while running[0]:
                poster.edit.emit(time.perf_counter())
                time.sleep(edit_every)
        go(phones)
        posting = threading.Thread(target=post_edits, daemon=True)
        posting.start()
        wait_until(lambda: phones.poll() is not None, 120000)
        running[0] = False
        posting.join()
        wait_until(lambda: True, 1000)
        out = result(phones)
        return GuiBurst(out, server.p99_ms(), edit_ms)
    finally:
        window.roomlink.stop()


# -- phones in a process of their own ------------------------------------------------
# Phones are other devices: run them in another process, so the app's server does
# not share its interpreter (and GIL) with 60 client threads.

def spawn_phones(base_url: str, token: str, participants: list[str], processes: list[str]):
    """Start a phone process; it joins everyone, then waits for :func:`go`."""
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # The phones are other devices in a real room: here they share the laptop's CPU, so
    # they run at a lower priority than the app (they must not stand in for its load).
    lower = (lambda: os.nice(10)) if hasattr(os, "nice") else None
    proc = subprocess.Popen([sys.executable, "-m", "tests.roomlink_burst"], cwd=root,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            preexec_fn=lower)
    proc.stdin.write(json.dumps({"base": base_url, "token": token, "people": participants,
                                 "processes": processes}) + "\n")
    proc.stdin.flush()
    return proc


def wait_joined(proc) -> None:
    line = proc.stdout.readline()
    assert line.strip() == "joined", line


def go(proc) -> None:
    proc.stdin.write("go\n")
    proc.stdin.flush()


def result(proc, timeout: float = 120) -> Burst:
    out, _ = proc.communicate(timeout=timeout)
    data = json.loads(out)
    b = Burst(latencies=data["latencies"], acked=[tuple(a) for a in data["acked"]],
              failures=[tuple(f) for f in data["failures"]], seconds=data["seconds"])
    return b


def _main() -> None:
    import sys
    args = json.loads(sys.stdin.readline())
    phones = make_phones(args["base"], args["token"], args["people"])
    print("joined", flush=True)
    sys.stdin.readline()
    out = finish(run_burst(phones, args["people"], args["processes"], tolerate_errors=True))
    print(json.dumps({"latencies": out.latencies, "acked": out.acked,
                      "failures": out.failures, "seconds": out.seconds}), flush=True)


if __name__ == "__main__":
    _main()
