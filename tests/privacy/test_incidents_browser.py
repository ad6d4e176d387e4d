"""The incident register in Chromium at 1366 and 390 px: an employee reports, the officer
reads the register and the incident; nothing overflows, no serious accessibility violation."""

from browsing import axe
from browsing import by_impact
from browsing import shot
from browsing import sign_in
from browsing import signed_in
from browsing import WIDTHS
from plone import api
import pytest
from ratusha.privacy.incidents import acts
import transaction


pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=["desktop", "phone"])
def test_report_and_register(demo_functional, browser, width, height):
    portal = demo_functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])  # tested in tests/access
    transaction.commit()
    url = portal.absolute_url()

    context, page = signed_in(browser, url, "employee", width, height)
    page.goto(f"{url}/@@report-incident")
    page.fill("#incident-title", "Писмо с ЕГН до грешен адресат")
    page.fill("#incident-description", "Изпратено по имейл на съименник.")
    page.click("#incident-report-submit")
    page.wait_for_load_state("networkidle")
    filed = page.locator("#incident-filed")
    assert filed.is_visible()
    number = filed.locator("strong").inner_text()
    shot(page, "incident-report", width)
    context.close()

    context, page = signed_in(browser, url, "dpo", width, height, locale="bg-BG")
    page.goto(f"{url}/@@incidents")
    row = page.locator(f"#incident-{number}")
    assert "Остават 7" in row.inner_text()  # 71 or 72 hours: reported just now
    shot(page, "incident-register", width)
    row.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#incident-clock").is_visible()
    assert "Писмо с ЕГН до грешен адресат" in page.locator("h1").inner_text()
    shot(page, "incident", width)
    assert not page.errors, page.errors
    transaction.begin()  # see what the server committed
    with api.env.adopt_user(username="dpo"):
        incident = portal["incidents"][number]
        acts.update(
            incident, {"risk": "high", "subjects_count": 1, "measures": "Писмото е изтеглено."}
        )
        acts.move(incident, "assess")
    transaction.commit()
    page.reload()
    assert "УВЕДОМЛЕНИЕ" in page.locator("#incident-text").inner_text()
    assert page.locator("#incident-steps").is_visible()
    shot(page, "incident-assessed", width)
    # the officer records the notification, with when it was sent (now, as the form proposes)
    page.locator("form:has(input[value=notify]) button").click()
    page.wait_for_load_state("networkidle")
    assert "Уведомено в срок" in page.locator("#incident-clock").inner_text()
    shot(page, "incident-notified", width)
    context.close()

    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, url, "dpo")
    for path in ("@@incidents", f"incidents/{number}"):
        page.goto(f"{url}/{path}")
        counts = by_impact(axe(page))
        assert counts["critical"] == counts["serious"] == 0, (path, axe(page))
    context.close()
