"""In Chromium: the DPO finds the record of processing in the user menu, reads it on desktop and
phone with no serious accessibility violation (axe-core), and rewrites a text (screenshots in
tests/artifacts)."""

from browsing import axe
from browsing import by_impact
from browsing import shot
from browsing import sign_in
from browsing import WIDTHS
import pytest
from ratusha.access import totp
from ratusha.access import twofactor
import time
import transaction


pytestmark = pytest.mark.browser


def test_the_dpo_reads_and_edits_the_record(demo_functional, browser):
    portal_url = demo_functional["portal"].absolute_url()
    secret = twofactor.start_enrolment("dpo")
    code = twofactor.confirm_enrolment("dpo", totp.code_at(secret, time.time()))[0]
    transaction.commit()
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), WIDTHS[0])), locale="bg-BG", bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, portal_url, "dpo")
    if "@@two-factor" not in page.url:
        page.goto(f"{portal_url}/@@personal-room")
    page.fill("#code", code)  # the DPO signs in with a second factor, like the auditor
    with page.expect_navigation():
        page.press("#code", "Enter")

    link = page.locator("a[href$='/@@records-of-processing']").first
    assert link.count() == 1, "the user menu links the record"
    page.goto(link.get_attribute("href"))
    assert page.locator("h1").inner_text() == "Регистър на дейностите по обработване на лични данни"
    assert page.locator("section.ratusha-ropa-activity").count() == 10
    assert page.locator("[data-field='IncomingDocument.sender_personal_number']").count() == 1
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        shot(page, "privacy-records-of-processing", width)
        impacts = by_impact(found := axe(page))
        assert impacts["critical"] == impacts["serious"] == 0, found

    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[0])))
    section = page.locator("#activity-audit")
    section.locator("summary").click()
    section.locator("textarea[name='text_retention']").fill("Десет години за всички записи.")
    with page.expect_navigation():
        section.locator("button[type='submit']").click()
    assert (
        "Текстовете на дейността са записани." in page.locator(".portalMessage").first.inner_text()
    )
    audit = page.locator("#activity-audit")
    assert "Десет години за всички записи." in audit.locator("dl").inner_text()
    assert audit.locator(".badge", has_text="записан от ДЛЗД").count() == 1
    context.close()
