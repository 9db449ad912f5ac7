"""The phone pages speak the session's language: their words come from the app's one
catalogue (resources/i18n), German when the app runs in German (real HTTP, 127.0.0.1)."""
from __future__ import annotations

import json
import re

import pytest

from cxworkshop import i18n
from cxworkshop.roomlink.owner import ThreadOwner
from cxworkshop.roomlink.server import start_server

from .roomlink_client import Phone


@pytest.fixture
def room(qapp, session_path):
    from cxworkshop.document import SessionDocument
    doc = SessionDocument.open(session_path)
    server = start_server(ThreadOwner(doc), "127.0.0.1", 0)
    yield server
    server.stop()
    doc.close()


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def strings_of(body: bytes) -> dict:
    text = body.decode("utf-8")
    assert text.startswith("window.CXW_STRINGS = ") and text.rstrip().endswith(";")
    return json.loads(text[len("window.CXW_STRINGS = "):].rstrip().rstrip(";"))


def test_the_phone_page_is_english_by_default_without_marks(room):
    p = Phone(room.base_url, room.state.session_token)
    status, headers, body = p.raw("GET", f"/j/{room.state.session_token}/")
    page = body.decode("utf-8")
    assert status == 200 and '<html lang="en">' in page
    assert "<h2 id=\"join-h\">Who are you?</h2>" in page and "{{" not in page
    assert "I&#x27;m not on the list" in page  # escaped like any text put into the page
    status, headers, body = p.raw("GET", f"/j/{room.state.session_token}/strings.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert strings_of(body)["s"]["Vote saved"] == "Vote saved"


def test_the_phone_page_and_its_words_are_german_when_the_app_is(room, german):
    p = Phone(room.base_url, room.state.session_token)
    token = room.state.session_token
    status, _, body = p.raw("GET", f"/j/{token}/")
    page = body.decode("utf-8")
    assert status == 200 and '<html lang="de">' in page
    assert "<h2 id=\"join-h\">Wer sind Sie?</h2>" in page
    assert ">Antwort speichern</button>" in page and "Save my answer" not in page
    assert "{{" not in page
    assert page.index('src="strings.js"') < page.index('src="phone.js"')  # words first
    status, _, body = p.raw("GET", f"/j/{token}/strings.js")
    words = strings_of(body)
    assert words["s"]["Vote saved"] == "Stimme gespeichert"
    assert words["s"]["Today"] == "Heute"
    one, other = words["p"]["You have {left} of {n} vote left.\u0000"
                            "You have {left} of {n} votes left."]
    assert (one, other) == ("Sie haben noch {left} von {n} Stimme.",
                            "Sie haben noch {left} von {n} Stimmen.")
    # every t("…") the script uses has its German
    script = p.raw("GET", f"/j/{token}/phone.js")[2].decode("utf-8")
    used = set(re.findall(r'\bt\("([^"]+)"\)', script))
    assert used and used <= set(words["s"])
    assert all(words["s"][u] != u or u == "Workshop" for u in used)
    # the code page and the server's own messages too
    status, _, body = p.raw("GET", "/")
    assert status == 200 and "Am Workshop teilnehmen" in body.decode("utf-8")
    assert strings_of(p.raw("GET", "/strings.js")[2])["s"]["That did not work."] == \
        "Das hat nicht geklappt."
    status, data = p.join("nobody")
    assert status == 404 and data["message"] == "Dieser Name steht nicht auf der Liste."
    assert p.api("story", {"id": "abcdefgh12", "customer": "x"})[1]["message"] == \
        "Melden Sie sich zuerst im Raum an."
    room.state.set_step("vote", "locked")
    assert p.join("u1")[0] == 200
    assert p.vote("p1")[1]["message"] == "Der Schritt „Abstimmung“ ist von der Moderation gesperrt."


def test_the_english_page_comes_back_when_the_language_does(room, german):
    p = Phone(room.base_url, room.state.session_token)
    token = room.state.session_token
    assert "Wer sind Sie?" in p.raw("GET", f"/j/{token}/")[2].decode("utf-8")
    i18n.set_language("en")
    assert "Who are you?" in p.raw("GET", f"/j/{token}/")[2].decode("utf-8")
