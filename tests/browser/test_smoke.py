"""A demo employee logs in with headless Chromium and sees the personal room in Bulgarian."""

from browsing import shot
from browsing import sign_in
import pytest


pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_employee_sees_personal_room(demo_functional, browser, width, height):
    portal_url = demo_functional["portal"].absolute_url()
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()

    page.goto(portal_url)
    assert page.locator("#public-front").is_visible()
    shot(page, "front", width)

    sign_in(page, portal_url, "employee")
    page.goto(portal_url)
    assert page.locator("html").get_attribute("lang") == "bg"
    assert "Иван Стоянов" in page.locator("h1.ratusha-greeting").inner_text()
    panel = page.locator("#panel-notifications")
    assert panel.locator("h2").inner_text() == "Известия"
    assert "Добре дошли в Ратуша" in panel.inner_text()
    assert panel.locator(".ratusha-badge").inner_text() == "1"
    assert page.locator(".ratusha-name").first.inner_text() == "Община Примерна"
    shot(page, "personal-room", width)

    panel.locator("button[name='all']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#panel-notifications .ratusha-badge").count() == 0
    context.close()
