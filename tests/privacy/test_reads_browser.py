"""The officer's page of alerts in Chromium at 1366 and 390 px: the table readable, nothing
overflows, no serious accessibility violation."""

from browsing import axe
from browsing import by_impact
from browsing import shot
from browsing import sign_in
from browsing import WIDTHS
import datetime
from plone import api
import pytest
from ratusha.privacy.reads import alerts
from ratusha.privacy.reads import rules
import transaction


pytestmark = pytest.mark.browser


def test_officer_reads_the_alerts(demo_functional, browser):
    portal = demo_functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])  # tested in access
    end = datetime.datetime(2026, 11, 16, 22, 40, tzinfo=rules.SOFIA)
    for alert in (
        rules.Alert(rules.AFTER_HOURS, "registrar", end - datetime.timedelta(hours=4), end, 1),
        rules.Alert(
            rules.MANY_READS, "registrar", end - datetime.timedelta(minutes=10), end, 50, 50
        ),
    ):
        alerts.raise_alert(alert, end)
    transaction.commit()
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = sign_in(context.new_page(), portal.absolute_url(), "dpo")
        page.goto(f"{portal.absolute_url()}/@@personal-data-alerts")
        assert page.locator("h1").inner_text() == "Сигнали за лични данни"
        rows = page.locator("table tbody tr")
        assert rows.count() >= 2
        assert "Прочетени много записи" in page.locator("table").inner_text()
        shot(page, "personal-data-alerts", width)
        counts = by_impact(axe(page))
        assert counts["critical"] == 0 and counts["serious"] == 0, counts
        context.close()
