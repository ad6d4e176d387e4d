"""The DPO's page of data-subject requests in Chromium at 1366 and 390 px (screenshots in
tests/artifacts/subjects-*): open a request for a demo citizen, find what is held, see why the
registered complaint is not erased; nothing wider than the screen, no serious axe violation."""

from browsing import axe
from browsing import by_impact
from browsing import shot
from browsing import sign_in
from browsing import watch_errors
from browsing import WIDTHS
import datetime
from plone import api
import pytest
from ratusha.core import dates
from ratusha.privacy.subjects.rules import deadline
import transaction


pytestmark = pytest.mark.browser
CITIZEN = "Васил Георгиев"


@pytest.mark.parametrize("width,height", WIDTHS, ids=["desktop", "phone"])
def test_the_dpo_page(demo_functional, browser, width, height):
    portal_url = demo_functional["portal"].absolute_url()
    # the DPO's second factor is tested in tests/access; here she signs in with a password
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    transaction.commit()
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="bg-BG", bypass_csp=True
    )
    context.set_default_timeout(120_000)
    page = sign_in(watch_errors(context.new_page()), portal_url, "dpo")
    page.goto(f"{portal_url}/@@data-subject-requests")
    assert page.locator("h1.documentFirstHeading").inner_text() == "Искания на субекти на данни"
    page.fill("#subjects-requester", CITIZEN)
    received = dates.today() - datetime.timedelta(days=7)
    page.fill("#subjects-received", received.isoformat())
    page.click("button:has-text('Открий искането')")
    page.wait_for_load_state("networkidle")
    assert "case=" in page.url
    assert page.locator("#subjects-name").input_value() == CITIZEN
    assert page.locator("#subjects-due").inner_text().startswith(deadline(received).isoformat())
    page.click("#subjects-search button[value='search']")
    page.wait_for_load_state("networkidle")
    findings = page.locator(".ratusha-subject-finding")
    assert findings.count() >= 2
    complaint = findings.filter(has_text="Жалба срещу начислен данък")
    assert complaint.locator("input[type=checkbox]").is_disabled()
    assert "номенклатурата на делата" in complaint.inner_text() or "съхранение" in (
        complaint.inner_text()
    )
    shot(page, "subjects-dpo", width)
    assert by_impact(axe(page))["critical"] == 0
    assert by_impact(axe(page))["serious"] == 0, axe(page)
    assert page.errors == []
    context.close()
