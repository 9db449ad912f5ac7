"""The phone page in a real browser (Debian's chromium + chromedriver, via Selenium)
at 390×844: join, fill the last-customer form, vote, survive going offline.

Skipped, with the reason, where chromium, chromedriver or selenium is missing
(CI installs the apt packages ``chromium`` and ``chromium-driver``).
"""
from __future__ import annotations

import os
import shutil
import time

import pytest

from cxworkshop.model import Update
from cxworkshop.roomlink.owner import ThreadOwner
from cxworkshop.roomlink.server import start_server
from cxworkshop.store import SessionStore

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium "
                "chromium-driver)", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WIDTH, HEIGHT = 390, 844


@pytest.fixture
def room(qapp, session_path):
    from cxworkshop.document import SessionDocument
    doc = SessionDocument.open(session_path)
    owner = ThreadOwner(doc)
    owner.write(lambda w: ("rename", [Update("participants", "u2",
                                             {"name": "<img src=x onerror=alert(1)>Bo"})]))
    server = start_server(owner, "127.0.0.1", 0)
    server.path = session_path
    yield server
    server.stop()
    doc.close()


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={WIDTH},{HEIGHT}", "--no-proxy-server",
                f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=DRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(WIDTH, HEIGHT)
    yield driver
    driver.quit()


def wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition())


def visible(driver, css):
    els = driver.find_elements(By.CSS_SELECTOR, css)
    return els[0] if els and els[0].is_displayed() else None


def test_phone_joins_answers_and_votes(room, browser, tmp_path):
    d = browser
    d.get(room.join_url)
    wait(d, lambda: visible(d, "#people button"))
    names = [b.text for b in d.find_elements(By.CSS_SELECTOR, "#people button")]
    assert names == ["Ana", "<img src=x onerror=alert(1)>Bo"]  # shown as text
    assert d.find_elements(By.CSS_SELECTOR, "#people img") == []
    width = d.execute_script("return document.documentElement.scrollWidth")
    assert width <= WIDTH  # nothing sticks out sideways
    d.find_elements(By.CSS_SELECTOR, "#people button")[0].click()
    wait(d, lambda: visible(d, "#story-form"))
    assert d.find_element(By.ID, "who-name").text == "Ana"
    assert d.find_element(By.ID, "q1").text == "What was their name?"

    d.find_element(By.CSS_SELECTOR, "input[name=contact][value=indirect]").click()
    d.find_element(By.CSS_SELECTOR, "input[name=recency][value=this_month]").click()
    d.find_element(By.ID, "customer").send_keys("<script>alert('x')</script>")
    d.find_element(By.ID, "challenge").send_keys("Billed twice")
    d.find_element(By.ID, "resolution").send_keys("Refund")
    d.find_element(By.CSS_SELECTOR, "input[name=outcome][value=resolved]").click()
    button = d.find_element(By.CSS_SELECTOR, "#story-form button[type=submit]")
    assert button.size["height"] >= 44 and button.size["width"] >= 300
    d.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    wait(d, lambda: "Answer saved" in d.find_element(By.ID, "status").text)
    story, = SessionStore.read(room.path).stories
    assert (story.participant, story.contact, story.recency, story.customer,
            story.outcome) == ("u1", "indirect", "this_month", "<script>alert('x')</script>",
                               "resolved")

    d.find_element(By.CSS_SELECTOR, "nav button[data-tab=vote]").click()
    wait(d, lambda: visible(d, "#processes .proc"))
    assert "3 of 3" in d.find_element(By.ID, "budget").text
    assert "Moment of truth" in d.find_elements(By.CSS_SELECTOR, "#processes .proc")[0].text
    for _ in range(2):
        before = d.find_element(By.ID, "budget").text
        vote = "#processes .proc button[aria-label^='Vote for']"
        d.find_elements(By.CSS_SELECTOR, vote)[0].click()
        wait(d, lambda before=before: d.find_element(By.ID, "budget").text != before)
    assert "1 of 3" in d.find_element(By.ID, "budget").text
    assert SessionStore.read(room.path).get("processes", "p1").votes == 2
    d.save_screenshot(str(tmp_path / "phone_vote.png"))
    shot = os.environ.get("ROOMLINK_SCREENSHOTS")
    if shot:
        d.save_screenshot(os.path.join(shot, "phone_vote_390x844.png"))
        d.find_element(By.CSS_SELECTOR, "nav button[data-tab=story]").click()
        d.execute_script("window.scrollTo(0, 0)")
        d.save_screenshot(os.path.join(shot, "phone_story_390x844.png"))


def test_an_answer_sent_offline_is_kept_and_sent_once_when_back(room, browser):
    d = browser
    d.get(room.join_url)
    wait(d, lambda: visible(d, "#people button"))
    d.find_elements(By.CSS_SELECTOR, "#people button")[0].click()
    wait(d, lambda: visible(d, "nav"))
    d.find_element(By.CSS_SELECTOR, "nav button[data-tab=note]").click()
    wait(d, lambda: visible(d, "#note-form"))
    d.set_network_conditions(offline=True, latency=0, download_throughput=-1,
                             upload_throughput=-1)
    d.find_element(By.ID, "note-text").send_keys("Sent from the lift")
    d.find_element(By.CSS_SELECTOR, "#note-form button[type=submit]").click()
    wait(d, lambda: "not sent yet" in d.find_element(By.ID, "outbox").text)
    assert SessionStore.read(room.path).notes == []
    d.set_network_conditions(offline=False, latency=0, download_throughput=-1,
                             upload_throughput=-1)
    d.execute_script("window.dispatchEvent(new Event('online'))")
    wait(d, lambda: not d.find_element(By.ID, "outbox").is_displayed(), timeout=40)
    time.sleep(0.5)
    note, = SessionStore.read(room.path).notes
    assert note.text == "Sent from the lift"


def test_the_page_fits_a_320_px_phone(room, browser, tmp_path):
    d = browser
    d.set_window_size(320, 640)
    d.get(room.join_url)
    wait(d, lambda: visible(d, "#people button"))

    def fits() -> bool:
        return d.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")

    assert fits()
    d.find_elements(By.CSS_SELECTOR, "#people button")[0].click()
    wait(d, lambda: visible(d, "#story-form"))
    for tab in ("story", "vote", "note", "callout"):
        d.find_element(By.CSS_SELECTOR, f"nav button[data-tab={tab}]").click()
        wait(d, lambda tab=tab: visible(d, f"#{tab}"))
        assert fits(), tab
        for b in d.find_elements(By.CSS_SELECTOR, f"#{tab} button"):
            if b.is_displayed():
                assert b.size["height"] >= 44, (tab, b.text)
    shot = os.environ.get("ROOMLINK_SCREENSHOTS")
    if shot:
        d.save_screenshot(os.path.join(shot, "phone_callout_320.png"))


def test_the_phone_speaks_german_when_the_app_does(room, browser, tmp_path):
    """The page's own words, the script's words (budget, buttons, choices) and the
    server's messages, all from the app's German catalogue."""
    from cxworkshop import i18n
    i18n.set_language("de")
    try:
        d = browser
        d.get(room.join_url)
        wait(d, lambda: visible(d, "#people button"))
        assert d.find_element(By.ID, "join-h").text == "Wer sind Sie?"
        assert d.execute_script("return document.documentElement.lang") == "de"
        d.find_elements(By.CSS_SELECTOR, "#people button")[0].click()
        wait(d, lambda: visible(d, "#story-form"))
        labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#recency label")]
        assert labels[:2] == ["Heute", "Diese Woche"]
        d.find_element(By.CSS_SELECTOR, "nav button[data-tab=vote]").click()
        wait(d, lambda: visible(d, "#processes .proc"))
        assert d.find_element(By.ID, "budget").text == "Sie haben noch 3 von 3 Stimmen."
        assert "Moment der Wahrheit" in d.find_elements(By.CSS_SELECTOR,
                                                        "#processes .proc")[0].text
        d.find_elements(By.CSS_SELECTOR,
                        "#processes .proc button[aria-label^='Für']")[0].click()
        wait(d, lambda: d.find_element(By.ID, "status").text == "Stimme gespeichert")
        d.save_screenshot(str(tmp_path / "phone_vote_de.png"))
    finally:
        i18n.set_language("en")
