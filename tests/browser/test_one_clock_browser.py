"""One clock in Chromium at 1366 px: Plone's history box, the toolbar and search results give
Sofia's time of an act done at 22:30 UTC on New Year's Eve, 00:30 on 1 January in Sofia
(screenshots in tests/artifacts/one-clock-*), though Chromium and the server run on UTC; with
TZ=Asia/Tokyo the same."""

from browsing import shot
from browsing import signed_in
from DateTime import DateTime
import datetime
from plone import api
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import time_machine
import transaction


pytestmark = pytest.mark.browser

MOMENT = datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC)


@pytest.fixture
def page_url(functional):
    portal = functional["portal"]
    api.user.create(
        email="clock@primerna.example",
        username="clock",
        password=DEMO_PASSWORD,
        properties={"fullname": "Часовникар"},
    )  # an editor: no second factor
    with time_machine.travel(MOMENT, tick=False), api.env.adopt_roles(["Manager"]):
        page = api.content.create(
            container=portal, type="Document", id="clock", title="Новогодишна заповед"
        )
        page.setEffectiveDate(DateTime(MOMENT.isoformat()))
        api.content.transition(obj=page, transition="publish")
        api.user.grant_roles(username="clock", obj=page, roles=["Editor", "Reader"])
    transaction.commit()
    with time_machine.travel(
        MOMENT + datetime.timedelta(hours=1)
    ):  # search shows what is effective
        yield page.absolute_url()


def test_history_box_and_search_results_in_sofia_time(browser, page_url):
    portal_url = page_url.rsplit("/", 1)[0]
    context, page = signed_in(browser, portal_url, "clock", width=1366)
    try:
        page.goto(f"{page_url}/@@historyview")
        history = page.locator("#history-list")
        assert "01-01-2027 00:30" in history.inner_text()
        assert "31-12-2026" not in history.inner_text()
        toolbar = page.locator("#contentview-history").inner_text()  # whatever the browser's zone
        assert "01.01.2027 00:30:00" in toolbar, toolbar
        shot(page, "one-clock-history", 1366)
        page.goto(f"{portal_url}/@@search?SearchableText=Новогодишна")
        results = page.locator("#search-results")
        assert "01-01-2027" in results.inner_text()
        assert "31-12-2026" not in results.inner_text()
        shot(page, "one-clock-search", 1366)
    finally:
        context.close()
