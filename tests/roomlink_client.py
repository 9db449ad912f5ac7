"""A phone for tests: a real HTTP client (urllib) with its own cookie jar.

Talks to 127.0.0.1 only.
"""
from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
import uuid


class Phone:
    def __init__(self, base_url: str, token: str):
        assert base_url.startswith("http://127.0.0.1:"), base_url
        self.base = base_url
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def raw(self, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None, timeout: float = 20) -> tuple[int, dict, bytes]:
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def api(self, name: str, data: dict | None = None, token: str | None = None,
            headers: dict | None = None) -> tuple[int, dict]:
        path = f"/j/{token or self.token}/api/{name}"
        if data is None:
            status, _, body = self.raw("GET", path, headers=headers)
        else:
            h = {"Content-Type": "application/json", **(headers or {})}
            status, _, body = self.raw("POST", path, json.dumps(data).encode(), h)
        return status, json.loads(body) if body else {}

    def state(self) -> dict:
        status, data = self.api("state")
        assert status == 200, data
        return data

    def join(self, participant: str) -> tuple[int, dict]:
        return self.api("join", {"participant": participant})

    def story(self, **answers) -> tuple[int, dict]:
        answers.setdefault("id", uuid.uuid4().hex)
        return self.api("story", answers)

    def vote(self, process: str, id: str | None = None) -> tuple[int, dict]:
        return self.api("vote", {"id": id or uuid.uuid4().hex, "process": process})
