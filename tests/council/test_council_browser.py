"""The live session page in Chromium: presence and quorum change on open pages without a
reload (polling @live-state with ETags), staff controls work, the page fits a phone."""

import browsing
from browsing import signed_in
from browsing import wait_for
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import requests
import time


pytestmark = pytest.mark.browser

COUNCILLORS = [f"councillor{n:02d}" for n in range(1, 22)]


def log_in(browser, portal_url, user, size=(1280, 900)):
    return signed_in(browser, portal_url, user, *size, locale="bg-BG")


def shot(page, name, width):
    browsing.shot(page, f"council-{name}", width)


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
    assert (
        phone.locator(".ratusha-presence-row[data-user='councillor05']").get_attribute(
            "data-present"
        )
        == "true"
    )

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
    wait_for(
        lambda: (
            phone.locator(".ratusha-live-agenda-item.is-current").get_attribute("data-uid")
            == phone.locator(".ratusha-live-agenda-item").nth(1).get_attribute("data-uid")
        )
    )
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
