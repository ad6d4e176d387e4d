"""In Chromium: a director approves from the personal room; the registry's pages on desktop
and phone (screenshots in tests/registry/artifacts)."""

import os
import pathlib

import pytest
from playwright.sync_api import sync_playwright

from ratusha.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("RATUSHA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SIZES = [(1280, 900), (390, 844)]


@pytest.fixture(scope="module")
def browser():
    assert pathlib.Path(CHROMIUM).exists(), "Debian's chromium is needed (.ci/run installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def log_in(browser, portal_url, user, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", user)
    page.fill("input[name='__ac_password']", DEMO_PASSWORD)
    page.click("button[name='buttons.login']")
    page.wait_for_load_state("networkidle")
    return context, page


def no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {width}px screen"


class TestRegistryInTheBrowser:
    def test_approve_from_the_personal_room(self, demo_functional, browser):
        portal_url = demo_functional["portal"].absolute_url()
        ARTIFACTS.mkdir(exist_ok=True)
        context, page = log_in(browser, portal_url, "director.finance")
        page.goto(portal_url)
        panel = page.locator("#panel-registry\\.for-approval")
        assert panel.locator("h2").inner_text() in ("За мое одобрение", "For my approval")
        before = int(panel.locator(".ratusha-badge").inner_text())
        assert before >= 2
        page.screenshot(path=str(ARTIFACTS / "personal-room-director-1280.png"), full_page=True)
        first = panel.locator(".ratusha-worklist-item").first
        title = first.locator("a.ratusha-notice-subject").inner_text()
        first.locator("input[name='comment']").fill("Съгласувам, от вкъщи.")
        first.locator("button[value='approve']").click()
        page.wait_for_load_state("networkidle")
        message = page.locator(".portalMessage, .alert").first.inner_text()
        assert title.split(" ", 1)[-1] in message
        panel = page.locator("#panel-registry\\.for-approval")
        after = panel.locator(".ratusha-badge")
        assert (int(after.inner_text()) if after.count() else 0) == before - 1
        assert title not in panel.inner_text()
        # the step is recorded with its comment; the next approver now has it
        context.close()
        context, page = log_in(browser, portal_url, "secretary")
        page.goto(portal_url)
        assert title in page.locator("#panel-registry\\.for-approval").inner_text()
        page.locator("#panel-registry\\.for-approval a.ratusha-notice-subject",
                     has_text=title).click()
        page.wait_for_load_state("networkidle")
        assert "Съгласувам, от вкъщи." in page.locator("#approval").inner_text()
        context.close()

    @pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
    def test_registry_pages_look_right(self, demo_functional, browser, width, height):
        portal_url = demo_functional["portal"].absolute_url()
        ARTIFACTS.mkdir(exist_ok=True)
        context, page = log_in(browser, portal_url, "registrar", width, height)
        page.goto(f"{portal_url}/registry")
        assert page.locator("h1").first.inner_text() == "Деловодство"
        no_overflow(page, width)
        page.screenshot(path=str(ARTIFACTS / f"registry-overview-{width}.png"), full_page=True)
        page.goto(f"{portal_url}/registry/incoming")
        rows = page.locator("#register-table tbody tr")
        assert rows.count() >= 10
        no_overflow(page, width)
        page.screenshot(path=str(ARTIFACTS / f"register-{width}.png"), full_page=True)
        page.locator("#register-table tbody tr a.ratusha-number").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#document-state").is_visible()
        no_overflow(page, width)
        page.screenshot(path=str(ARTIFACTS / f"document-{width}.png"), full_page=True)
        context.close()
        context, page = log_in(browser, portal_url, "employee", width, height)
        page.goto(portal_url)
        assert page.locator("#panel-registry\\.assigned .ratusha-badge").inner_text() != "0"
        no_overflow(page, width)
        page.screenshot(path=str(ARTIFACTS / f"personal-room-employee-{width}.png"),
                        full_page=True)
        context.close()
