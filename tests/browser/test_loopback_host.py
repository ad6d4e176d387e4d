"""The README's URL, http://127.0.0.1:8080/ratusha, shows the themed site (Plone leaves
127.0.0.1 unthemed by default; the other browser tests run on localhost and never saw it)."""

from browsing import shot
from browsing import sign_in
import pytest


pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


def loopback(portal):
    """The portal's URL on 127.0.0.1 rather than the test server's `localhost`."""
    url = portal.absolute_url()
    assert "//localhost:" in url
    return url.replace("//localhost:", "//127.0.0.1:")


@pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
def test_the_front_page_on_127_0_0_1_is_themed(demo_functional, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(loopback(demo_functional["portal"]))
    assert page.locator("link[rel=stylesheet][href*='++theme++barceloneta']").count()
    assert page.locator("link[rel=stylesheet][href*='ratusha.css']").count()
    # the theme's layout, not the browser's defaults: no bullets in the global navigation
    assert (
        page.locator("#portal-globalnav").evaluate("n => getComputedStyle(n).listStyleType")
        == "none"
    )
    assert page.locator(".ratusha-name").first.inner_text() == "Община Примерна"
    # what a citizen looks for first: the convened session, before what was published
    session = page.locator("#front-next-session")
    assert "Редовно заседание № 12" in session.inner_text() and "Свикано" in session.inner_text()
    assert session.evaluate(
        "s => !!(s.compareDocumentPosition(document.querySelector("
        "'.ratusha-public')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    shot(page, "loopback-front", width)
    context.close()


@pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
def test_before_the_second_factor_the_site_shows_no_navigation_and_no_name(
    demo_functional, browser, width, height
):
    portal_url = loopback(demo_functional["portal"])
    context = browser.new_context(viewport={"width": width, "height": height})
    page = sign_in(context.new_page(), portal_url, "auditor")  # the Auditor role needs 2FA
    assert "@@two-factor" in page.url
    shot(page, "second-factor-pending", width)
    for chrome in (
        "#portal-globalnav a",
        "#portal-searchbox input",
        "#edit-zone",
        "#portal-breadcrumbs",
        "#personaltools-menulink",
    ):
        assert page.locator(chrome).count() == 0, chrome
    assert not page.locator("#mainnavigation-wrapper").is_visible()
    assert not page.locator(".navbar-toggler").is_visible()
    assert page.locator("body").evaluate("b => getComputedStyle(b).paddingLeft") == "0px"
    text = page.locator("body").inner_text()
    assert "Росица Тодорова" not in text and "auditor" not in text
    assert page.locator(".ratusha-name").first.is_visible()  # still the municipality's site
    page.goto(f"{portal_url}/@@two-factor")  # asked again: the same bare page
    assert page.locator("#portal-globalnav a").count() == 0
    context.close()


@pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
def test_without_jitsi_the_join_page_previews_the_call(demo_functional, browser, width, height):
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    meeting = next(
        b
        for b in catalog.unrestrictedSearchResults(portal_type="Meeting")
        if b.Title == "Оперативка на дирекция „Финанси и бюджет“"
    )
    portal_url = loopback(demo_functional["portal"])
    context = browser.new_context(viewport={"width": width, "height": height})
    page = sign_in(context.new_page(), portal_url, "employee")
    page.goto(loopback(demo_functional["portal"]).rsplit("/", 1)[0] + meeting.getPath() + "/@@join")
    assert page.locator("#video-not-configured").is_visible()
    assert page.locator("#video-preview-name").inner_text() == "Иван Стоянов"
    assert page.locator("#video-preview-room").inner_text().startswith("ratusha-")
    assert page.locator("#video-preview").get_attribute("data-moderator") == "false"
    assert page.locator("#ratusha-video").count() == 0  # no pretend video stage
    shot(page, "join-preview", width)
    context.close()
