"""In Chromium: a director approves from the personal room; the registry's pages on desktop
and phone (screenshots in tests/artifacts)."""

from browsing import shot
from browsing import signed_in as log_in
import pytest


pytestmark = pytest.mark.browser

SIZES = [(1280, 900), (390, 844)]


class TestRegistryInTheBrowser:
    def test_approve_from_the_personal_room(self, demo_functional, browser):
        portal_url = demo_functional["portal"].absolute_url()
        context, page = log_in(browser, portal_url, "director.finance")
        page.goto(portal_url)
        panel = page.locator("#panel-registry\\.for-approval")
        assert panel.locator("h2").inner_text() in ("За мое одобрение", "For my approval")
        before = int(panel.locator(".ratusha-badge").inner_text())
        assert before >= 2
        shot(page, "registry-personal-room-director", 1280)
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
        page.locator(
            "#panel-registry\\.for-approval a.ratusha-notice-subject", has_text=title
        ).click()
        page.wait_for_load_state("networkidle")
        assert "Съгласувам, от вкъщи." in page.locator("#approval").inner_text()
        context.close()

    @pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
    def test_registry_pages_look_right(self, demo_functional, browser, width, height):
        portal_url = demo_functional["portal"].absolute_url()
        context, page = log_in(browser, portal_url, "registrar", width, height)
        page.goto(f"{portal_url}/registry")
        assert page.locator("h1").first.inner_text() == "Деловодство"
        shot(page, "registry-overview", width)
        page.goto(f"{portal_url}/registry/incoming")
        rows = page.locator("#register-table tbody tr")
        assert rows.count() >= 10
        shot(page, "registry-register", width)
        page.locator("#register-table tbody tr a.ratusha-number").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#document-state").is_visible()
        shot(page, "registry-document", width)
        context.close()
        context, page = log_in(browser, portal_url, "employee", width, height)
        page.goto(portal_url)
        assert page.locator("#panel-registry\\.assigned .ratusha-badge").inner_text() != "0"
        shot(page, "registry-personal-room-employee", width)
        context.close()
