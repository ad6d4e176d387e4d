"""The live session page in Chromium: presence and quorum change on open pages without a
reload (polling @live-state with ETags), staff controls work, the page fits a phone."""

import os
import pathlib
import time

import pytest
import requests
from playwright.sync_api import sync_playwright

from ratusha.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RATUSHA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
COUNCILLORS = [f"councillor{n:02d}" for n in range(1, 22)]


@pytest.fixture(scope="module")
def browser():
    assert pathlib.Path(CHROMIUM).exists(), "Debian's chromium is needed (.ci/run installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def log_in(browser, portal_url, user, size=(1280, 900)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  locale="bg-BG")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", user)
    page.fill("input[name='__ac_password']", DEMO_PASSWORD)
    page.click("button[name='buttons.login']")
    page.wait_for_load_state("networkidle")
    return context, page


def wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def shot(page, name, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"council-{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the {width}px screen"


def present_count(page):
    return int(page.locator("#quorum").get_attribute("data-present"))


def test_live_page_updates_presence_and_quorum(demo_functional, browser):
    portal_url = demo_functional["portal"].absolute_url()
    session_url = f"{portal_url}/council/zasedanie-12"
    live_url = f"{session_url}/@@live"
    staff = requests.Session()
    staff.auth = ("council.staff", DEMO_PASSWORD)
    staff.headers.update({"Accept": "application/json"})

    # a councillor follows the session on a phone
    phone_context, phone = log_in(browser, portal_url, "councillor05", (390, 844))
    phone.goto(live_url)
    phone.wait_for_selector("[data-live-section='quorum'] #quorum")
    wait_for(lambda: phone.locator("#ratusha-live").get_attribute("data-live") == "ok")
    phone.evaluate("window.__notReloaded = true")
    assert present_count(phone) == 0
    assert phone.locator("#quorum").get_attribute("data-quorate") == "false"
    assert phone.locator("[data-live-section='controls']").count() == 0
    assert phone.locator(".ratusha-live-agenda-item").count() == 6
    shot(phone, "live-phone", 390)

    # the clerk records ten arrivals over REST: the phone shows them within two seconds
    for user in [c for c in COUNCILLORS if c != "councillor05"][:10]:
        reply = staff.post(f"{session_url}/@presence", json={"user": user, "present": True})
        assert reply.status_code == 200, reply.text
    started = time.time()
    wait_for(lambda: present_count(phone) == 10, timeout=5)
    assert time.time() - started < 2.5
    assert phone.locator("#quorum").get_attribute("data-quorate") == "false"

    # the councillor checks in on the phone: the eleventh, quorum is there
    phone.click("#live-checkin")
    wait_for(lambda: phone.locator("#quorum").get_attribute("data-quorate") == "true")
    assert present_count(phone) == 11
    assert phone.locator(".ratusha-presence-row[data-user='councillor05']"
                         ).get_attribute("data-present") == "true"

    # the clerk's page: record a quorum check and open the session with the buttons
    desk_context, desk = log_in(browser, portal_url, "council.staff")
    desk.goto(live_url)
    desk.wait_for_selector("#live-check-quorum")
    assert desk.locator("#live-open").is_disabled()
    desk.click("#live-check-quorum")
    wait_for(lambda: desk.locator("#live-open").count() and desk.locator("#live-open").is_enabled())
    desk.click("#live-open")
    wait_for(lambda: desk.locator("#ratusha-live").get_attribute("data-state") == "open")
    wait_for(lambda: phone.locator("#ratusha-live").get_attribute("data-state") == "open")
    assert phone.locator(".ratusha-live-agenda-item.is-current").count() == 1
    desk.click("#live-next")
    wait_for(lambda: phone.locator(".ratusha-live-agenda-item.is-current").get_attribute(
        "data-uid") == phone.locator(".ratusha-live-agenda-item").nth(1).get_attribute("data-uid"))
    shot(desk, "live-staff", 1280)

    # someone leaves: the quorum is lost, the page says so and acts are blocked
    desk.click(".ratusha-presence-row[data-user='councillor01'] button[data-present='false']")
    wait_for(lambda: phone.locator("#quorum").get_attribute("data-quorate") == "false")
    assert phone.locator("#quorum").get_attribute("data-may-act") == "false"
    assert present_count(phone) == 10
    assert phone.evaluate("window.__notReloaded") is True
    assert not phone.errors and not desk.errors, phone.errors + desk.errors
    phone_context.close()
    desk_context.close()
