"""The room link over real HTTP (urllib, 127.0.0.1 only): joining, answers, votes,
notes, call-outs, tokens, limits, escaping, idempotence, and what is in the file."""
from __future__ import annotations

import json
import logging
import socket
import threading
import uuid

import pytest

from cxworkshop.model import Participant
from cxworkshop.roomlink.app import MAX_BODY
from cxworkshop.roomlink.owner import ThreadOwner
from cxworkshop.roomlink.server import RefusedAddress, check_host, start_server
from cxworkshop.roomlink.state import CODE_ALPHABET
from cxworkshop.roomlink.steps import HIDDEN, LOCKED, OPEN
from cxworkshop.store import SessionStore

from .roomlink_client import Phone


@pytest.fixture
def room(qapp, session_path):
    """A started room link (headless owner) on 127.0.0.1 over the small session."""
    from cxworkshop.document import SessionDocument
    doc = SessionDocument.open(session_path)
    owner = ThreadOwner(doc)
    server = start_server(owner, "127.0.0.1", 0)
    server.path = session_path
    yield server
    server.stop()
    doc.close()


def phone(room) -> Phone:
    return Phone(room.base_url, room.state.session_token)


def stored(room):
    """The session as the file holds it now (read by a second connection)."""
    return SessionStore.read(room.path)


def test_join_answer_vote_note_callout_are_in_the_file(room):
    ana = phone(room)
    first = ana.state()
    assert first["me"] is None
    assert [p["name"] for p in first["participants"]] == ["Ana", "Bo"]
    assert ana.join("u1") == (200, {"status": "joined"})
    assert ana.story(contact="indirect", recency="this_month", customer="Mrs Lee",
                     challenge="Invoice twice", resolution="Refunded",
                     outcome="resolved")[0] == 200
    status, body = ana.vote("p1")
    assert status == 200 and body["votes_left"] == 2
    assert ana.api("note", {"id": uuid.uuid4().hex, "process": "p3", "kind": "pain",
                            "text": "Invoices go out late"})[0] == 200
    assert ana.api("callout", {"id": uuid.uuid4().hex, "nominee": "Bo",
                               "behaviour": "Called the customer back the same day"})[0] == 200
    w = stored(room)
    story, = w.stories
    assert (story.participant, story.customer, story.contact, story.recency, story.outcome) == (
        "u1", "Mrs Lee", "indirect", "this_month", "resolved")
    assert w.get("processes", "p1").votes == 1
    assert [(b.participant, b.process) for b in w.all("ballots")] == [("u1", "p1")]
    note, = w.notes
    assert (note.process, note.kind, note.text) == ("p3", "pain", "Invoices go out late")
    card, = w.recognitions
    assert (card.nominee, card.nominator) == ("Bo", "Ana")
    assert room.state.counts() == {"story": 1, "vote": 1, "note": 1, "callout": 1}


def test_answer_is_editable_until_locked_and_a_date_sets_recency(room):
    ana = phone(room)
    ana.join("u1")
    assert ana.story(customer="First", when="2026-11-30")[0] == 200
    assert ana.story(customer="Second")[0] == 200
    w = stored(room)
    story, = w.stories  # edited, not added twice
    assert story.customer == "Second" and story.when == "2026-11-30"
    assert story.recency in ("today", "this_week")
    room.state.set_step("story", LOCKED)
    status, body = ana.story(customer="Third")
    assert status == 409 and body["error"] == "locked"
    assert stored(room).stories[0].customer == "Second"
    assert ana.state()["story"]["customer"] == "Second"
    room.state.set_step("story", OPEN)
    assert ana.story(customer="Third")[0] == 200


def test_a_phone_sees_only_its_own_answer(room):
    ana, bo = phone(room), phone(room)
    ana.join("u1")
    bo.join("u2")
    ana.story(customer="Secret customer of Ana")
    state = bo.state()
    assert state["story"] is None
    assert "Secret customer of Ana" not in json.dumps(state)


def test_vote_budget_is_enforced_by_the_server(room):
    ana = phone(room)
    ana.join("u1")
    for process in ("p1", "p1", "p2"):
        assert ana.vote(process)[0] == 200
    status, body = ana.vote("p3")
    assert status == 409 and body["error"] == "budget_spent"
    w = stored(room)
    assert [p.votes for p in w.processes] == [2, 1, 0, 0]
    # take one back: the budget frees one
    ballot = ana.state()["ballots"][0]["id"]
    status, body = ana.api("unvote", {"ballot": ballot})
    assert status == 200 and body == {"ok": True, "removed": True, "votes_left": 1}
    assert ana.api("unvote", {"ballot": ballot})[1]["removed"] is False  # a resend
    assert stored(room).get("processes", "p1").votes == 1
    assert ana.vote("p3")[0] == 200


def test_votes_placed_at_once_never_exceed_the_budget(room):
    ana = phone(room)
    ana.join("u1")
    results = []
    threads = [threading.Thread(target=lambda p=p: results.append(ana.vote(p)[0]))
               for p in ("p1", "p2", "p3", "p4", "p1", "p2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 200, 200, 409, 409, 409]
    assert sum(p.votes for p in stored(room).processes) == 3


def test_resent_answers_are_stored_once(room):
    ana = phone(room)
    ana.join("u1")
    vote_id, note_id, card_id = (uuid.uuid4().hex for _ in range(3))
    assert ana.vote("p2", vote_id)[1]["duplicate"] is False
    assert ana.vote("p2", vote_id)[1]["duplicate"] is True
    note = {"id": note_id, "process": "p1", "kind": "idea", "text": "Call back"}
    assert ana.api("note", note)[1]["duplicate"] is False
    assert ana.api("note", note)[1]["duplicate"] is True
    card = {"id": card_id, "nominee": "Bo", "behaviour": "Stayed late"}
    ana.api("callout", card)
    ana.api("callout", card)
    story = {"id": uuid.uuid4().hex, "customer": "Same"}
    ana.api("story", story)
    ana.api("story", story)
    w = stored(room)
    assert w.get("processes", "p2").votes == 1 and len(w.all("ballots")) == 1
    assert len(w.notes) == 1 and len(w.recognitions) == 1 and len(w.stories) == 1


def test_one_name_one_phone_until_released(room):
    ana, thief = phone(room), phone(room)
    assert ana.join("u1")[0] == 200
    status, body = thief.join("u1")
    assert status == 409 and body["error"] == "taken"
    assert [p["taken"] for p in thief.state()["participants"]] == [True, False]
    assert room.state.release("u1")
    assert thief.join("u1")[0] == 200
    status, body = ana.story(customer="x")  # ana's phone is no longer Ana
    assert status == 403 and body["error"] == "not_joined"


def test_not_on_the_list_waits_for_the_facilitator(room):
    new = phone(room)
    status, body = new.api("join", {"name": "  Chris  "})
    assert (status, body) == (202, {"status": "pending"})
    assert new.state()["pending"] is True
    assert new.story(customer="x")[0] == 403
    request, = room.state.requests.values()
    assert request.name == "Chris"
    pid = room.app.approve(request.id)
    state = new.state()
    assert state["me"] == {"id": pid, "name": "Chris"}
    assert stored(room).get("participants", pid).name == "Chris"
    assert new.story(customer="Walk-in")[0] == 200


def test_refused_join_request_stays_out(room):
    new = phone(room)
    new.api("join", {"name": "Mallory"})
    request, = room.state.requests.values()
    room.state.take_request(request.id)
    state = new.state()
    assert state["me"] is None and state["pending"] is False
    assert [p.name for p in stored(room).participants] == ["Ana", "Bo"]


# -- tokens -----------------------------------------------------------------------

def test_wrong_or_missing_tokens_get_403_and_nothing_is_read_or_written(room):
    ana = phone(room)
    ana.join("u1")
    wrong = "A" * len(room.state.session_token)
    status, body = ana.api("state", token=wrong)
    assert status == 403 and body["error"] == "bad_token" and "participants" not in body
    assert ana.api("story", {"id": uuid.uuid4().hex, "customer": "x"}, token=wrong)[0] == 403
    assert phone(room).raw("GET", f"/j/{wrong}")[0] == 403
    stranger = phone(room)  # right session token, no device cookie
    assert stranger.story(customer="x")[0] == 403
    assert stranger.vote("p1")[0] == 403
    forged = phone(room)
    forged.raw("GET", "/")  # no cookie either way
    status, _, _ = forged.raw(
        "POST", f"/j/{room.state.session_token}/api/vote",
        json.dumps({"id": uuid.uuid4().hex, "process": "p1"}).encode(),
        {"Content-Type": "application/json",
         "Cookie": f"cxw_device={next(iter(room.state.devices))}.forged-secret"})
    assert status == 403
    w = stored(room)
    assert w.stories == [] and sum(p.votes for p in w.processes) == 0


def test_join_code_leads_to_the_link_and_wrong_codes_are_limited(room):
    p = phone(room)
    body = json.dumps({"code": room.state.join_code}).encode()
    status, _, data = p.raw("POST", "/code", body, {"Content-Type": "application/json"})
    assert status == 200 and json.loads(data)["url"] == f"/j/{room.state.session_token}/"
    assert set(room.state.join_code) <= set(CODE_ALPHABET) and len(room.state.join_code) == 6
    statuses = []
    for _ in range(12):
        bad = json.dumps({"code": "000000"}).encode()
        statuses.append(p.raw("POST", "/code", bad, {"Content-Type": "application/json"})[0])
    assert statuses[0] == 403 and statuses[-1] == 429


def test_tokens_never_reach_the_log(room, caplog):
    caplog.set_level(logging.DEBUG, logger="cxworkshop.roomlink")
    ana = phone(room)
    ana.join("u1")
    ana.story(customer="x")
    ana.raw("GET", f"/j/{room.state.session_token}/../../etc/passwd")
    text = caplog.text
    assert "/j/…" in text  # requests are logged, redacted
    assert room.state.session_token not in text
    for device in room.state.devices.values():
        assert device.secret not in text
    assert room.state.session_token not in repr(room.state)


# -- only the app's routes; limits --------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/etc/passwd", "/static/phone.js", "/j/", "/j/TOKEN/../phone.html", "/j/TOKEN/static/",
    "/j/TOKEN/%2e%2e/%2e%2e/etc/passwd", "/j/TOKEN/phone.html", "/j/TOKEN/api/",
    "/j/TOKEN/api/../../x", "/j/TOKEN/app.py", "/favicon.ico", "/j/TOKEN/api/approve"])
def test_only_the_app_routes_exist(room, path):
    p = phone(room)
    status, headers, body = p.raw("GET", path.replace("TOKEN", room.state.session_token))
    assert status == 404, (path, body)
    assert headers["Content-Type"].startswith("application/json")
    assert b"import" not in body and b"root:" not in body


def test_the_page_and_its_files_are_served_with_strict_headers(room):
    p = phone(room)
    token = room.state.session_token
    status, headers, body = p.raw("GET", f"/j/{token}")  # redirected to the folder
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<script src=\"phone.js\"" in body and b"http" not in body.split(b"<body>")[1]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    for name in ("phone.js", "phone.css"):
        status, _, body = p.raw("GET", f"/j/{token}/{name}")
        assert status == 200 and b"https://" not in body and b"//cdn" not in body
    assert p.raw("GET", "/")[0] == 200  # the code page
    assert p.raw("GET", "/code.js")[0] == 200


def test_bodies_are_capped_and_json_only(room):
    ana = phone(room)
    ana.join("u1")
    path = f"/j/{room.state.session_token}/api/story"
    big = json.dumps({"id": uuid.uuid4().hex, "customer": "x" * MAX_BODY}).encode()
    assert ana.raw("POST", path, big, {"Content-Type": "application/json"})[0] == 413
    form = b"customer=x"
    assert ana.raw("POST", path, form,
                   {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    assert ana.raw("POST", path, b"{not json", {"Content-Type": "application/json"})[0] == 400
    assert ana.raw("POST", path, b"[1, 2]", {"Content-Type": "application/json"})[0] == 400
    assert ana.raw("PUT", path, b"{}", {"Content-Type": "application/json"})[0] == 405
    assert ana.raw("GET", path)[0] == 405
    assert stored(room).stories == []


def test_fields_are_checked_by_the_model(room):
    ana = phone(room)
    ana.join("u1")
    status, body = ana.story(customer="x" * 2001)
    assert status == 422 and body["field"] == "customer" and "too long" in body["message"]
    status, body = ana.story(outcome="great")
    assert status == 422 and body["field"] == "outcome"
    status, body = ana.story(when="2026-02-30")
    assert status == 422 and body["field"] == "when"
    status, body = ana.story(customer=7)
    assert status == 422
    status, body = ana.story(customer="\ud800")
    assert status in (400, 422)
    status, body = ana.vote("p99")
    assert status == 404 and body["error"] == "unknown_process"
    status, body = ana.api("note", {"id": "short", "process": "p1", "text": "x"})
    assert status == 422 and body["field"] == "id"
    assert stored(room).stories == [] and stored(room).notes == []


def test_a_flooding_phone_is_slowed_down(room):
    ana = phone(room)
    ana.join("u1")
    statuses = [ana.api("state")[0] for _ in range(60)]
    assert 429 in statuses and statuses[0] == 200


@pytest.mark.parametrize("headers, status", [
    ({"Host": "evil.example:80"}, 403),  # DNS rebinding: the name is not ours
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "null"}, 403),
])
def test_host_and_origin_are_checked(room, headers, status):
    ana = phone(room)
    got, body = ana.api("join", {"participant": "u1"}, headers=headers)
    assert got == status
    assert room.state.taken() == set()


def test_same_origin_requests_pass(room):
    ana = phone(room)
    got, _ = ana.api("join", {"participant": "u1"}, headers={"Origin": room.base_url})
    assert got == 200


def test_steps_can_be_hidden_and_locked(room):
    ana = phone(room)
    ana.join("u1")
    room.state.set_step("vote", HIDDEN)
    room.state.set_step("note", HIDDEN)
    state = ana.state()
    assert state["steps"]["vote"] == HIDDEN and "processes" not in state
    assert ana.vote("p1")[1]["error"] == "hidden"
    room.state.set_step("callout", LOCKED)
    assert ana.api("callout", {"id": uuid.uuid4().hex, "nominee": "Bo",
                               "behaviour": "x"})[1]["error"] == "locked"


def test_participant_text_is_returned_as_data_not_markup(room):
    """Phones get JSON; the page sets it with textContent (checked in the browser test)."""
    from cxworkshop.model import Update
    room.owner.write(lambda w: ("rename", [Update("participants", "u2",
                                                  {"name": "<img src=x onerror=alert(1)>"})]))
    p = phone(room)
    status, headers, body = p.raw("GET", f"/j/{room.state.session_token}/api/state")
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body)["participants"][1]["name"] == "<img src=x onerror=alert(1)>"
    js = p.raw("GET", f"/j/{room.state.session_token}/phone.js")[2].decode()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_it_listens_on_one_address_only(room):
    assert room.httpd.socket.getsockname()[0] == "127.0.0.1"
    for bad in ("0.0.0.0", "::", "localhost", "example.org"):
        with pytest.raises(RefusedAddress):
            check_host(bad)


def test_stop_closes_the_port(qapp, session_path):
    from cxworkshop.document import SessionDocument
    doc = SessionDocument.open(session_path)
    server = start_server(ThreadOwner(doc), "127.0.0.1", 0)
    port = server.port
    server.stop()
    doc.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_participants_added_in_the_app_appear_on_phones(room):
    from cxworkshop.model import Add
    room.owner.write(lambda w: ("add", [Add(Participant("u3", "Dee"))]))
    assert [p["name"] for p in phone(room).state()["participants"]] == ["Ana", "Bo", "Dee"]
