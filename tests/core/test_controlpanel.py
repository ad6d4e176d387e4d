"""The Ratusha control panel works as a page: Bulgarian labels, bad colours refused."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
import transaction


def admin_browser(app):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    return browser


def test_edit_settings(functional):
    portal = functional["portal"]
    browser = admin_browser(functional["app"])
    browser.open(f"{portal.absolute_url()}/@@ratusha-controlpanel")
    assert "Име на общината (на български)" in browser.contents
    browser.getControl(name="form.widgets.municipality_name").value = "Община Тестова"
    browser.getControl(name="form.widgets.primary_colour").value = "#336699"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert api.portal.get_registry_record("ratusha.municipality_name") == "Община Тестова"
    assert api.portal.get_registry_record("ratusha.primary_colour") == "#336699"


def test_bad_colour_is_refused_with_a_message(functional):
    portal = functional["portal"]
    browser = admin_browser(functional["app"])
    browser.open(f"{portal.absolute_url()}/@@ratusha-controlpanel")
    browser.getControl(name="form.widgets.municipality_name").value = "Друго име"
    browser.getControl(name="form.widgets.primary_colour").value = "red;}body{display:none"
    browser.getControl(name="form.buttons.save").click()
    assert "#rrggbb" in browser.contents
    transaction.begin()
    assert api.portal.get_registry_record("ratusha.primary_colour") == "#1f4e79"
    assert api.portal.get_registry_record("ratusha.municipality_name") == "Община Примерна"


def test_employee_cannot_open_it(functional):
    portal = functional["portal"]
    api.user.create(email="e@example.org", username="worker", password="secret-password-1")
    api.group.add_user(groupname="employees", username="worker")
    transaction.commit()
    browser = Browser(functional["app"])
    browser.raiseHttpErrors = False
    browser.addHeader("Authorization", "Basic worker:secret-password-1")
    browser.open(f"{portal.absolute_url()}/@@ratusha-controlpanel")
    assert browser.url.endswith("/insufficient-privileges")
    assert "form.widgets.municipality_name" not in browser.contents
