"""The room link's routes: what a phone may ask, what it gets, and every check.

:class:`RoomApp` turns a parsed request into a response without sockets, so
the rules can be read in one place (the HTTP plumbing is in ``server.py``).
Every route but the code page needs the session token in its path; every
write needs the device cookie of a phone tied to a participant. Answers are
made by the named operations of :mod:`cxworkshop.model.ops` on the document's
owner thread, and acknowledged only after they are in the file.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .. import i18n
from ..i18n import tr
from ..model import ops
from ..model.entities import Ballot, Department, Note, Participant, Process, Recognition
from ..model.ops import Refused
from ..store import CommitFailed
from . import pagetext
from .owner import Owner, Stopped
from .state import Device, RateLimit, RoomState
from .steps import HIDDEN, LOCKED, OPEN, STEP_LABELS, STEPS

MAX_BODY = 16 * 1024
API_NAMES = ("state", "join", "leave", "story", "vote", "unvote", "note", "callout")
COOKIE = "cxw_device"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_TOKEN = r"(?P<token>[A-Za-z0-9_-]{16,64})"
_API = re.compile(rf"^/j/{_TOKEN}/api/(?P<name>[a-z]+)$")
_PAGE = re.compile(rf"^/j/{_TOKEN}/?$")
_ASSET = re.compile(rf"^/j/{_TOKEN}/(?P<name>phone\.js|phone\.css|strings\.js)$")
ASSETS = {"phone.js": "text/javascript; charset=utf-8", "phone.css": "text/css; charset=utf-8",
          "phone.html": "text/html; charset=utf-8", "code.html": "text/html; charset=utf-8",
          "code.js": "text/javascript; charset=utf-8",
          "strings.js": "text/javascript; charset=utf-8"}
SCRIPTS = ("phone.js", "code.js")  # their t()/tn() texts go into strings.js

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
     "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    client: str = ""


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def json_response(status: int, data: Any, headers: list | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, headers=headers or [])


def error_response(e: HttpError) -> Response:
    data = {"error": e.code, "message": e.message}
    if e.field:
        data["field"] = e.field
    return json_response(e.status, data)


def _asset(name: str) -> bytes:
    return resources.files("cxworkshop.roomlink").joinpath("static", name).read_bytes()


_rendered: dict[tuple[str, str], bytes] = {}


def page_bytes(name: str) -> bytes:
    """A file of the phone pages in the app's language (pages and ``strings.js``
    translated from the catalogue, made once per language)."""
    language = i18n.language()
    key = (name, language)
    data = _rendered.get(key)
    if data is None:
        if name == "strings.js":
            scripts = [_asset(s).decode("utf-8") for s in SCRIPTS]
            data = pagetext.strings_js(scripts, i18n.tr, i18n.ngettext).encode("utf-8")
        elif name.endswith(".html"):
            data = pagetext.render_html(_asset(name).decode("utf-8"), i18n.tr,
                                        language).encode("utf-8")
        else:
            data = _asset(name)
        _rendered[key] = data
    return data


def entity_id(participant: str, kind: str, client_id: str) -> str:
    """The stored id of a phone's answer: the same client id from the same person
    always names the same row (so a resend is stored once), and nobody can
    name another person's row."""
    digest = hashlib.sha256(f"{participant}\0{kind}\0{client_id}".encode()).hexdigest()
    return digest[:32]


class RoomApp:
    """The room link's web app for one document and one :class:`RoomState`."""

    def __init__(self, owner: Owner, state: RoomState | None = None,
                 today: Callable[[], str] | None = None):
        self.owner = owner
        self.state = state or RoomState()
        self.allowed_hosts: set[str] = set()
        self.origin = ""
        self.today = today or (lambda: _dt.date.today().isoformat())
        self.device_limit = RateLimit(burst=40, per_second=4)
        self.address_limit = RateLimit(burst=200, per_second=20)  # phones not joined yet
        self.code_limit = RateLimit(burst=8, per_second=0.1)

    def bind_address(self, host: str, port: int) -> None:
        """Accept requests only for ``host:port`` (Host and Origin, DNS-rebinding safe)."""
        name = f"[{host}]" if ":" in host else host
        self.allowed_hosts = {f"{name}:{port}"} | ({name} if port == 80 else set())
        self.origin = f"http://{name}:{port}" if port != 80 else f"http://{name}"

    # -- the entry point ---------------------------------------------------------
    def handle(self, req: Request) -> Response:
        try:
            response = self._route(req)
        except HttpError as e:
            response = error_response(e)
        for name, value in SECURITY_HEADERS:
            response.headers.append((name, value))
        return response

    def _route(self, req: Request) -> Response:
        if req.headers.get("host", "").lower() not in self.allowed_hosts:
            raise HttpError(403, "bad_host", "this address is not the room link's")
        if req.method not in ("GET", "POST"):
            raise HttpError(405, "method", "only GET and POST")
        origin = req.headers.get("origin")
        if origin is not None and origin != self.origin:
            raise HttpError(403, "bad_origin", "requests from other sites are refused")
        path = req.path.split("?", 1)[0]
        if path == "/" and req.method == "GET":
            return self._page("code.html")
        if path in ("/code.js", "/code.css", "/strings.js") and req.method == "GET":
            return self._page({"/code.css": "phone.css"}.get(path, path[1:]))
        if path == "/code" and req.method == "POST":
            return self._code(req)
        m = _PAGE.match(path) or _ASSET.match(path) or _API.match(path)
        if m is None:
            raise HttpError(404, "not_found", "no such page")
        if not self.state.session_ok(m["token"]):
            raise HttpError(403, "bad_token", tr("This room link is not valid (any more)."))
        if m.re is _PAGE:
            self._method(req, "GET")
            if not path.endswith("/"):  # the page's files are relative to the folder
                return Response(303, b"", headers=[("Location", path + "/")])
            return self._page("phone.html")
        if m.re is _ASSET:
            self._method(req, "GET")
            return self._page(m["name"])
        return self._api(req, m["name"])

    @staticmethod
    def _method(req: Request, method: str) -> None:
        if req.method != method:
            raise HttpError(405, "method", f"use {method}")

    @staticmethod
    def _page(name: str) -> Response:
        return Response(200, page_bytes(name), ASSETS[name])

    # -- unauthenticated: the code page ------------------------------------------
    def _code(self, req: Request) -> Response:
        if not self.code_limit.allow(req.client):
            raise HttpError(429, "rate_limited", tr("Too many tries; wait a minute."))
        data = self._json(req)
        code = str(data.get("code", "")).replace(" ", "")
        if not self.state.code_ok(code):
            raise HttpError(403, "bad_code", tr("This code is not right."))
        return json_response(200, {"url": f"/j/{self.state.session_token}/"})

    # -- the API -------------------------------------------------------------------
    def _api(self, req: Request, name: str) -> Response:
        if name not in API_NAMES:
            raise HttpError(404, "not_found", "no such request")
        device = self.state.device_for(_cookie(req.headers.get("cookie", ""), COOKIE))
        key = f"d:{device.id}" if device else f"a:{req.client}"
        limit = self.device_limit if device else self.address_limit
        if not limit.allow(key):
            raise HttpError(429, "rate_limited", tr("Too many requests; wait a moment."))
        if name == "state":
            self._method(req, "GET")
            return json_response(200, self.owner_read(lambda w: self._snapshot(w, device)))
        self._method(req, "POST")
        data = self._json(req)
        if name == "join":
            return self._join(data, device)
        if name == "leave":
            if device is not None:
                self.state.leave(device)
            return json_response(200, {"ok": True})
        handler = {"story": self._story, "vote": self._vote, "unvote": self._unvote,
                   "note": self._note, "callout": self._callout}.get(name)
        if handler is None:
            raise HttpError(404, "not_found", "no such request")
        if device is None or device.participant is None:
            raise HttpError(403, "not_joined", tr("Join the room first."))
        return handler(data, device.participant)

    def _json(self, req: Request) -> dict:
        kind = req.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise HttpError(415, "json_only", "send JSON (Content-Type: application/json)")
        if len(req.body) > MAX_BODY:
            raise HttpError(413, "too_large", f"at most {MAX_BODY} bytes")
        try:
            data = json.loads(req.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise HttpError(400, "bad_json", "the request is not valid JSON") from None
        if not isinstance(data, dict):
            raise HttpError(400, "bad_json", "send a JSON object")
        return data

    def owner_read(self, fn: Callable) -> Any:
        try:
            return self.owner.read(fn)
        except (Stopped, TimeoutError) as e:
            raise HttpError(503, "busy", str(e)) from None

    def owner_write(self, build: Callable) -> None:
        try:
            self.owner.write(build)
        except Refused as e:
            status = 409 if e.code in ("budget_spent", "locked", "duplicate") else 422
            if e.code.startswith("unknown"):
                status = 404
            raise HttpError(status, e.code, e.message, e.field) from None
        except (Stopped, TimeoutError) as e:
            raise HttpError(503, "busy", str(e)) from None
        except CommitFailed:
            raise HttpError(503, "not_saved", tr("The app could not save; try again.")) from None
        except ValueError as e:  # the model's own validation
            raise HttpError(422, "invalid", str(e)) from None

    def _step_open(self, step: str) -> None:
        state = self.state.steps[step]
        if state == LOCKED:
            raise HttpError(409, "locked", tr("{step} is locked by the facilitator.").format(
                step=tr(STEP_LABELS[step])))
        if state == HIDDEN:
            raise HttpError(409, "hidden", tr("{step} is not open now.").format(
                step=tr(STEP_LABELS[step])))

    @staticmethod
    def _client_id(data: dict) -> str:
        cid = data.get("id")
        if not isinstance(cid, str) or not _CLIENT_ID.match(cid):
            raise HttpError(422, "invalid", "id must be 8-64 letters, digits, - or _", "id")
        return cid

    # -- joining -------------------------------------------------------------------
    def _join(self, data: dict, device: Device | None) -> Response:
        headers = []
        if device is None:
            device, cookie = self.state.new_device()
            path = f"/j/{self.state.session_token}"
            headers.append(("Set-Cookie", f"{COOKIE}={cookie}; Path={path}; HttpOnly; "
                                          "SameSite=Strict; Max-Age=43200"))
        participant = data.get("participant")
        name = data.get("name")
        if isinstance(participant, str):
            exists = self.owner_read(lambda w: participant in w.table(Participant))
            if not exists:
                raise HttpError(404, "unknown_participant", tr("This name is not on the list."),
                                "participant")
            if not self.state.bind(device, participant):
                raise HttpError(409, "taken", tr("This name is in use on another phone; ask "
                                                 "the facilitator to release it."), "participant")
            return json_response(200, {"status": "joined"}, headers)
        if isinstance(name, str):
            clean = " ".join(name.split())
            if not clean or len(clean) > ops.NAME_LIMIT:
                raise HttpError(422, "invalid", tr("A name of 1 to {n} characters.").format(
                    n=ops.NAME_LIMIT), "name")
            self.state.request_join(device, clean)
            return json_response(202, {"status": "pending"}, headers)
        raise HttpError(422, "invalid", "send participant (an id) or name", "participant")

    def approve(self, request_id: str) -> str | None:
        """The facilitator lets a new name in: adds the participant and ties the phone.

        Returns the new participant's id (None if the request is gone)."""
        request = self.state.take_request(request_id)
        if request is None:
            return None
        pid = entity_id(request.device, "participant", request.id)
        self.owner.write(lambda w: _labelled(ops.add_participant(w, request.name,
                                                                 participant_id=pid)))
        device = self.state.devices.get(request.device)
        if device is not None:
            self.state.bind(device, pid)
        return pid

    # -- answers ---------------------------------------------------------------------
    def _story(self, data: dict, participant: str) -> Response:
        self._step_open("story")
        cid = self._client_id(data)
        answers = {k: v for k, v in data.items() if k != "id"}
        unknown = sorted(set(answers) - set(ops.STORY_FIELDS))
        if unknown:
            raise HttpError(422, "invalid", f"unknown field {unknown[0]}", unknown[0])

        def build(w):
            return _labelled(ops.submit_story(w, participant,
                                              entity_id(participant, "story", cid),
                                              self.today(), **answers))
        self.owner_write(build)
        self.state.arrived("story", participant)
        return json_response(200, {"ok": True})

    def _vote(self, data: dict, participant: str) -> Response:
        self._step_open("vote")
        bid = entity_id(participant, "ballot", self._client_id(data))
        process = data.get("process")
        outcome = {"duplicate": False, "votes_left": 0}

        def build(w):
            if bid in w.table(Ballot):
                outcome.update(duplicate=True, votes_left=ops.votes_left_for(w, participant))
                return "", []
            change = ops.vote(w, process, participant, bid)
            outcome["votes_left"] = ops.votes_left_for(w, participant) - 1
            return _labelled(change)
        self.owner_write(build)
        self.state.arrived("vote", participant)
        return json_response(200, {"ok": True, "ballot": bid, **outcome})

    def _unvote(self, data: dict, participant: str) -> Response:
        self._step_open("vote")
        ballot = data.get("ballot")
        if not isinstance(ballot, str):
            raise HttpError(422, "invalid", "ballot must be the id of your vote", "ballot")
        outcome = {"removed": True, "votes_left": 0}

        def build(w):
            b = w.table(Ballot).get(ballot)
            if b is None or b.participant != participant:
                # taken back already (a resend): nothing to do
                outcome.update(removed=False, votes_left=ops.votes_left_for(w, participant))
                return "", []
            change = ops.unvote(w, participant=participant, ballot=ballot)
            outcome["votes_left"] = ops.votes_left_for(w, participant) + 1
            return _labelled(change)
        self.owner_write(build)
        return json_response(200, {"ok": True, **outcome})

    def _note(self, data: dict, participant: str) -> Response:
        self._step_open("note")
        nid = entity_id(participant, "note", self._client_id(data))
        text = data.get("text", "")
        if not isinstance(text, str) or not text.strip():
            raise HttpError(422, "required", tr("Write the note first."), "text")
        duplicate = []

        def build(w):
            if nid in w.table(Note):
                duplicate.append(True)
                return "", []
            return _labelled(ops.add_note(w, text.strip(), data.get("kind", "idea"),
                                          data.get("process"), note_id=nid))
        self.owner_write(build)
        self.state.arrived("note", participant)
        return json_response(200, {"ok": True, "duplicate": bool(duplicate)})

    def _callout(self, data: dict, participant: str) -> Response:
        self._step_open("callout")
        rid = entity_id(participant, "callout", self._client_id(data))
        duplicate = []

        def build(w):
            if rid in w.table(Recognition):
                duplicate.append(True)
                return "", []
            me = w.table(Participant)[participant].name
            return _labelled(ops.call_out(w, data.get("nominee", ""), data.get("behaviour", ""),
                                          me, self.today(), recognition_id=rid))
        self.owner_write(build)
        self.state.arrived("callout", participant)
        return json_response(200, {"ok": True, "duplicate": bool(duplicate)})

    # -- what a phone sees ---------------------------------------------------------------
    def _snapshot(self, w, device: Device | None) -> dict:
        """The state for one phone: never another person's answer."""
        info = w.info
        taken = self.state.taken()
        me = device.participant if device else None
        if me is not None and me not in w.table(Participant):
            me = None
        departments = {d.id: d.name for d in w.table(Department).values()}
        out: dict[str, Any] = {
            "title": info.title,
            "prompts": list(info.prompts),
            "stages": list(info.stages),
            "steps": {s: self.state.steps[s] for s in STEPS},
            "participants": [{"id": p.id, "name": p.name,
                              "taken": p.id in taken and p.id != me}
                             for p in w.table(Participant).values()],
            "me": None,
            "pending": bool(device and device.pending),
        }
        if me is None:
            return out
        person = w.table(Participant)[me]
        story = ops.story_of(w, me)
        mine = ops.ballots_of(w, me)
        out["me"] = {"id": me, "name": person.name}
        out["story"] = None if story is None else {
            k: getattr(story, k) for k in ops.STORY_FIELDS}
        out["budget"] = info.vote_budget
        out["ballots"] = [{"id": b.id, "process": b.process} for b in mine]
        if self.state.steps["vote"] != HIDDEN or self.state.steps["note"] != HIDDEN:
            out["processes"] = [
                {"id": p.id, "name": p.name, "stage": p.stage,
                 "department": departments.get(p.department, "") if p.department else "",
                 "moment_of_truth": p.moment_of_truth}
                for p in sorted(w.table(Process).values(),
                                key=lambda p: (p.stage, departments.get(p.department, "~"),
                                               p.name.casefold()))]
        return out


def _labelled(change: ops.Change) -> tuple[str, list]:
    """A named operation's change as ``(undo text, ops)``, marked as from a phone."""
    return f"{change.text} (room link)", change


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


__all__ = ["RoomApp", "Request", "Response", "HttpError", "MAX_BODY", "COOKIE", "OPEN",
           "LOCKED", "HIDDEN", "entity_id"]
