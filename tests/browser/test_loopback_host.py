"""The README's URL, http://127.0.0.1:8080/ratusha, shows the themed site (Plone leaves
127.0.0.1 unthemed by default; the other browser tests run on localhost and never saw it)."""

import pytest

from browsing import shot

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
    assert page.locator("#portal-globalnav").evaluate(
        "n => getComputedStyle(n).listStyleType") == "none"
    assert page.locator(".ratusha-name").first.inner_text() == "Община Примерна"
    shot(page, "loopback-front", width)
    context.close()
