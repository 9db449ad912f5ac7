"""Who is in the room link: the link's tokens, the phones, join requests, steps.

Pure Python and thread-safe (the HTTP threads and the facilitator's window both
use it). Tokens are random (:mod:`secrets`), compared in constant time, and
never put in a log line or a repr.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .steps import OPEN, STEP_STATES, STEPS

#: Join codes use digits that cannot be mistaken for letters (no 0/O, no 1/I/l).
CODE_ALPHABET = "23456789"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets (False for anything not text)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


class RateLimit:
    """A token bucket per key: ``burst`` requests at once, then ``per_second``."""

    def __init__(self, burst: float, per_second: float,
                 clock: Callable[[], float] = time.monotonic):
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            level, last = self._buckets.get(key, (self.burst, now))
            level = min(self.burst, level + (now - last) * self.per_second)
            if level < 1:
                self._buckets[key] = (level, now)
                return False
            self._buckets[key] = (level - 1, now)
            if len(self._buckets) > 10000:  # forget idle keys
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
            return True


@dataclass
class Device:
    """One phone: its token's public half (``id``) and secret half."""

    id: str
    secret: str = field(repr=False)
    participant: str | None = None
    pending: str | None = None  # id of a join request waiting for the facilitator
    created: float = field(default_factory=time.time)


@dataclass
class JoinRequest:
    """"I'm not on the list": a name waiting for the facilitator."""

    id: str
    name: str
    device: str


class RoomState:
    """The live state of one room link (not stored: a new link starts afresh).

    Call ``on_change`` listeners after joins, requests and answers so the
    facilitator's view follows.
    """

    def __init__(self) -> None:
        self.session_token = secrets.token_urlsafe(24)
        self.join_code = new_join_code()
        self.steps: dict[str, str] = dict.fromkeys(STEPS, OPEN)
        self.devices: dict[str, Device] = {}
        self.by_participant: dict[str, str] = {}  # participant id -> device id
        self.requests: dict[str, JoinRequest] = {}
        self.arrivals: dict[str, set[str]] = {step: set() for step in STEPS}
        self.listeners: list[Callable[[], None]] = []
        self._lock = threading.RLock()

    def __repr__(self) -> str:  # never show the tokens
        return f"<RoomState {len(self.devices)} devices>"

    # -- tokens --------------------------------------------------------------------
    def session_ok(self, token: str) -> bool:
        return same(token, self.session_token)

    def code_ok(self, code: str) -> bool:
        return same(code, self.join_code)

    def new_device(self) -> tuple[Device, str]:
        """A new phone; returns it and its cookie value ``id.secret``."""
        device = Device(secrets.token_hex(8), secrets.token_urlsafe(24))
        with self._lock:
            self.devices[device.id] = device
        return device, f"{device.id}.{device.secret}"

    def device_for(self, cookie: str | None) -> Device | None:
        """The phone whose cookie this is, or None (checked in constant time)."""
        if not cookie or "." not in cookie:
            return None
        device_id, _, secret = cookie.partition(".")
        device = self.devices.get(device_id)
        if device is None or not same(secret, device.secret):
            return None
        return device

    # -- who is who -------------------------------------------------------------
    def bind(self, device: Device, participant: str) -> bool:
        """Tie a phone to a participant; False if another phone holds that name."""
        with self._lock:
            holder = self.by_participant.get(participant)
            if holder is not None and holder != device.id:
                return False
            if device.participant and device.participant != participant:
                self.by_participant.pop(device.participant, None)
            device.participant = participant
            device.pending = None
            self.by_participant[participant] = device.id
        self.notify()
        return True

    def release(self, participant: str) -> bool:
        """Free a name so another phone can take it (the facilitator's choice)."""
        with self._lock:
            device_id = self.by_participant.pop(participant, None)
            if device_id is None:
                return False
            device = self.devices.get(device_id)
            if device is not None:
                device.participant = None
        self.notify()
        return True

    def leave(self, device: Device) -> None:
        with self._lock:
            if device.participant:
                self.by_participant.pop(device.participant, None)
            device.participant = None
            if device.pending:
                self.requests.pop(device.pending, None)
                device.pending = None
        self.notify()

    def taken(self) -> set[str]:
        with self._lock:
            return set(self.by_participant)

    def request_join(self, device: Device, name: str) -> JoinRequest:
        with self._lock:
            if device.pending and device.pending in self.requests:
                request = self.requests[device.pending]
                request.name = name
            else:
                request = JoinRequest(secrets.token_hex(6), name, device.id)
                self.requests[request.id] = request
                device.pending = request.id
        self.notify()
        return request

    def take_request(self, request_id: str) -> JoinRequest | None:
        """Remove a join request (approved or refused) and return it."""
        with self._lock:
            request = self.requests.pop(request_id, None)
            if request is not None:
                device = self.devices.get(request.device)
                if device is not None and device.pending == request_id:
                    device.pending = None
        self.notify()
        return request

    # -- steps and arrivals --------------------------------------------------------
    def set_step(self, step: str, state: str) -> None:
        if step not in STEPS or state not in STEP_STATES:
            raise ValueError(f"{step}: {state}")
        with self._lock:
            self.steps[step] = state
        self.notify()

    def arrived(self, step: str, participant: str) -> None:
        with self._lock:
            self.arrivals[step].add(participant)
        self.notify()

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {step: len(who) for step, who in self.arrivals.items()}

    def notify(self) -> None:
        for listener in list(self.listeners):
            listener()
