"""The report's page in headless Chromium on the demo site, at 1366 and 390 px: it fits the
screen, runs without script errors (its charts are inline SVG, no script), axe finds no critical
or serious violation; screenshots in tests/artifacts (reports-*.png)."""

from browsing import axe
from browsing import shot
from browsing import sign_in
from browsing import watch_errors
from browsing import WIDTHS
import datetime
import pytest
from ratusha.core.dates import today


pytestmark = pytest.mark.browser

BLOCKING = ("critical", "serious")


def blocking(found):
    return [f"{v['impact']} {v['id']}: {v['nodes']}" for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize(("user", "documents"), [("mayor", True), ("councillor01", False)])
def test_report_page(demo_functional, browser, user, documents):
    portal_url = demo_functional["portal"].absolute_url()
    since = (today() - datetime.timedelta(days=300)).isoformat()
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), WIDTHS[0])), locale="bg-BG", bypass_csp=False
    )
    page = watch_errors(context.new_page())
    sign_in(page, portal_url, user)
    reply = page.goto(f"{portal_url}/@@administration-report?from={since}")
    assert reply.status == 200
    assert page.locator("h1").inner_text() == "Как се справя администрацията"
    chart = "section[aria-labelledby='report-documents'] svg[role='img'][aria-label]"
    assert page.locator(chart).count() == documents
    assert page.locator("#report-council").count() == 1
    assert page.errors == []  # the page's policy refuses inline scripts: none is there
    context.close()
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), WIDTHS[0])), locale="bg-BG", bypass_csp=True
    )
    page = watch_errors(context.new_page())
    sign_in(page, portal_url, user)
    page.goto(f"{portal_url}/@@administration-report?from={since}")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        assert blocking(axe(page)) == [], width
        shot(page, f"reports-{user}", width)
    context.close()
