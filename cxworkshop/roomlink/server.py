"""The room link's HTTP server: the standard library's ThreadingHTTPServer on one
address, in a thread of its own, with a request queue big enough for a room.

Measured on a 2-core laptop: with the default listen backlog (5), 30 phones
at once got connection resets; with 128, 300 of 300 requests arrived.
"""
from __future__ import annotations

import ipaddress
import logging
import re
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import MAX_BODY, Request, Response, RoomApp
from .owner import Owner
from .state import RoomState

log = logging.getLogger("cxworkshop.roomlink")

DEFAULT_PORT = 8765
_SECRET_PATH = re.compile(r"^/j/[^/?]+")


def redact(path: str) -> str:
    """A request path fit for a log: the session token replaced."""
    return _SECRET_PATH.sub("/j/…", path.split("?", 1)[0])[:200]


class RefusedAddress(ValueError):
    """An address the room link will not listen on (all interfaces, or not valid)."""


def check_host(host: str) -> str:
    """The address to listen on; refuses "all interfaces" and names.

    Raises:
        RefusedAddress: with a message saying what to give instead.
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise RefusedAddress(f"{host!r} is not an IP address; give the address of one "
                             "network interface, e.g. 192.168.1.20") from None
    if address.is_unspecified:
        raise RefusedAddress(f"{host} would listen on every network; give the address of "
                             "one network interface, e.g. 192.168.1.20")
    return str(address)


class _Handler(BaseHTTPRequestHandler):
    server_version = "cxworkshop-roomlink"
    sys_version = ""
    timeout = 15  # a phone that stops sending mid-request frees its thread
    protocol_version = "HTTP/1.0"

    def handle_one_request(self) -> None:
        self._started = None
        super().handle_one_request()
        if self._started is not None:  # how long the server took, for the figures
            self.server.timings.append(time.perf_counter() - self._started)

    def parse_request(self) -> bool:
        self._started = time.perf_counter()
        return super().parse_request()

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        if self.headers.get("Transfer-Encoding"):
            self._send(Response(411, b'{"error":"length_required","message":"send a '
                                     b'Content-Length"}'))
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(Response(411, b'{"error":"length_required","message":"send a '
                                     b'Content-Length"}'))
            return
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(Response(413, b'{"error":"too_large","message":"at most 16384 bytes"}'))
            return
        self._serve(self.rfile.read(length))

    def _other(self) -> None:
        self._serve(b"")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_TRACE = do_CONNECT = _other

    def _serve(self, body: bytes) -> None:
        app: RoomApp = self.server.app  # type: ignore[attr-defined]
        req = Request(self.command, self.path,
                      {k.lower(): v for k, v in self.headers.items()}, body,
                      self.client_address[0])
        try:
            response = app.handle(req)
        except Exception:  # a bug must not take the server down nor show a traceback
            log.exception("room link: %s %s failed", self.command, redact(self.path))
            response = Response(500, b'{"error":"internal","message":"something went '
                                     b'wrong in the app"}')
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_request(self, code="-", size="-") -> None:
        log.debug("room link: %s %s %s", self.command, redact(self.path), code)

    def log_error(self, format, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("room link: error %s on %s", args[0] if args else "", redact(self.path or ""))

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass  # the base class would print the path (with its token) to stderr


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, app: RoomApp, family: int):
        self.address_family = family
        self.app = app
        self.timings: deque[float] = deque(maxlen=10000)  # seconds per request
        super().__init__(address, _Handler)


class RoomServer:
    """A started room link: server thread + app. ``stop()`` ends it."""

    def __init__(self, owner: Owner, host: str, port: int = DEFAULT_PORT,
                 state: RoomState | None = None):
        host = check_host(host)
        self.app = RoomApp(owner, state)
        self.owner = owner
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.httpd = _Server((host, port), self.app, family)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.app.bind_address(host, self.port)
        self._thread = threading.Thread(target=self.httpd.serve_forever,
                                        kwargs={"poll_interval": 0.2},
                                        name="roomlink-http", daemon=True)

    def p99_ms(self) -> float:
        """The 99th percentile of the time the server took per request (ms)."""
        ordered = sorted(self.httpd.timings)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else 0.0

    @property
    def state(self) -> RoomState:
        return self.app.state

    @property
    def base_url(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{name}:{self.port}"

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/j/{self.state.session_token}/"

    def start(self) -> RoomServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and answer every waiting phone "stopped"."""
        self.owner.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


def start_server(owner: Owner, host: str, port: int = DEFAULT_PORT, tries: int = 20,
                 state: RoomState | None = None) -> RoomServer:
    """Start a room link on ``host``, at ``port`` or the next free one of ``tries``.

    Raises:
        RefusedAddress: ``host`` is not one interface's address.
        OSError: no port could be opened (its message says why).
    """
    last: OSError | None = None
    for candidate in ([port] if port == 0 else range(port, port + tries)):
        try:
            return RoomServer(owner, host, candidate, state).start()
        except OSError as e:
            last = e
            if e.errno not in (98, 48, 10048):  # address in use: try the next port
                break
    raise OSError(f"cannot listen on {host}: {last.strerror if last else 'no port free'}")
