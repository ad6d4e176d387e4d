"""After the session is opened from the live page, Plone's toolbar shows the new state too
(it was rendered with the page and said «Свикано» until a reload)."""

from browsing import shot
from browsing import signed_in
from browsing import wait_for
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import requests


pytestmark = pytest.mark.browser

PRESENT = [f"councillor{n:02d}" for n in range(1, 12)]  # 11 of 21: a quorum


@pytest.fixture
def demo_session(demo_functional):
    """The demo session, its presence and quorum checks (kept in SQL, outside the layer's
    isolation) emptied before and after, so other modules find it as the demo made it."""
    from ratusha.council import store

    session = demo_functional["portal"]["council"]["zasedanie-12"]

    def forget():
        with store.engine().begin() as connection:
            for table in (store.presence, store.checks):
                connection.execute(table.delete().where(table.c.session_uid == session.UID()))

    forget()
    yield session
    forget()


def toolbar_state(page):
    label = page.locator("#plone-contentmenu-workflow .toolbar-label").first.text_content()
    return " ".join(label.split())


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_toolbar_follows_the_session_opened_on_the_live_page(
    demo_session, browser, width, height
):
    session_url = demo_session.absolute_url().replace("//localhost:", "//127.0.0.1:")
    portal_url = session_url.rsplit("/council/", 1)[0]
    staff = requests.Session()
    staff.auth = ("council.staff", DEMO_PASSWORD)
    staff.headers.update({"Accept": "application/json"})
    for user in PRESENT:
        assert staff.post(f"{session_url}/@presence", json={"user": user, "present": True}).ok

    context, page = signed_in(browser, portal_url, "council.staff", width, height, "bg-BG")
    page.goto(f"{session_url}/@@live")
    assert toolbar_state(page) == "Състояние: Свикано"
    page.click("#live-check-quorum")
    wait_for(lambda: page.locator("#live-open").count() and page.locator("#live-open").is_enabled())
    page.click("#live-open")
    wait_for(lambda: page.locator("#ratusha-live").get_attribute("data-state") == "open")
    wait_for(lambda: toolbar_state(page) == "Състояние: В заседание")
    # its menu offers what the new state allows, not the open transition again
    assert page.locator("#plone-contentmenu-workflow a[href*='workflow_action=open']").count() == 0
    shot(page, "live-toolbar-open", width)
    assert not page.errors, page.errors
    context.close()
