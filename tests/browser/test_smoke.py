"""A demo employee logs in with headless Chromium and sees the personal room in Bulgarian."""

import os
import pathlib

import pytest
from playwright.sync_api import sync_playwright

from ratusha.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RATUSHA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    assert pathlib.Path(CHROMIUM).exists(), "Debian's chromium is needed (.ci/run installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def log_in(page, portal_url, user):
    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", user)
    page.fill("input[name='__ac_password']", DEMO_PASSWORD)
    page.click("button[name='buttons.login']")
    page.wait_for_load_state("networkidle")
    page.goto(portal_url)


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_employee_sees_personal_room(demo_functional, browser, width, height):
    portal_url = demo_functional["portal"].absolute_url()
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()

    page.goto(portal_url)
    assert page.locator("#public-front").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"front-{width}.png"), full_page=True)

    log_in(page, portal_url, "employee")
    assert page.locator("html").get_attribute("lang") == "bg"
    assert "Иван Стоянов" in page.locator("h1.ratusha-greeting").inner_text()
    panel = page.locator("#panel-notifications")
    assert panel.locator("h2").inner_text() == "Известия"
    assert "Добре дошли в Ратуша" in panel.inner_text()
    assert panel.locator(".ratusha-badge").inner_text() == "1"
    assert page.locator(".ratusha-name").first.inner_text() == "Община Примерна"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {width}px screen"
    page.screenshot(path=str(ARTIFACTS / f"personal-room-{width}.png"), full_page=True)

    panel.locator("button[name='all']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#panel-notifications .ratusha-badge").count() == 0
    context.close()
