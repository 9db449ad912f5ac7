"""The room link under a burst: 60 phones (another process) each send a story and
three votes at once to ``cxworkshop serve``'s server on 127.0.0.1; the session
file is on the normal disk (each group commit is fsynced)."""
from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path


@cache
def _burst() -> tuple[float, float]:
    from cxworkshop.document import SessionDocument
    from cxworkshop.roomlink.owner import ThreadOwner
    from cxworkshop.roomlink.server import start_server
    from tests.roomlink_burst import go, result, spawn_phones, wait_joined
    from tests.test_roomlink_load import room_session
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "room.cxw"
        people, processes = room_session(path)
        doc = SessionDocument.open(path)
        server = start_server(ThreadOwner(doc), "127.0.0.1", 0)
        try:
            phones = spawn_phones(server.base_url, server.state.session_token, people,
                                  processes)
            wait_joined(phones)
            server.httpd.timings.clear()
            go(phones)
            out = result(phones)
            assert not out.failures, out.failures[:3]
            return out.seconds, server.p99_ms()
        finally:
            server.stop()
            doc.close()


def roomlink_60_phones_s() -> float:
    """Seconds from "go" until all 60 phones have their 4 answers acknowledged."""
    return _burst()[0]


def roomlink_p99_ms() -> float:
    """The server's 99th-percentile time per request during that burst."""
    return _burst()[1]


BENCHMARKS = {"roomlink_60_phones_s": roomlink_60_phones_s, "roomlink_p99_ms": roomlink_p99_ms}
