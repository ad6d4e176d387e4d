"""The object's audit history page wears the site's chrome and names the item in <title>, also
for an auditor who may read the history but not the item itself."""

from audit_helpers import PASSWORD
from audit_helpers import people
from plone import api
from plone.testing.zope import Browser
import pytest
import re
import transaction


@pytest.fixture
def draft(functional):
    portal = functional["portal"]
    people()
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="plan", title="План")
        doc.manage_setLocalRoles("worker", ["Owner"])
        doc.reindexObjectSecurity()
    transaction.commit()
    return doc


@pytest.mark.parametrize("user, sees_item", [("worker", True), ("inspector", False)])
def test_history_page_has_chrome_and_title(functional, draft, user, sees_item):
    assert api.user.has_permission("View", username=user, obj=draft) is sees_item
    browser = Browser(functional["app"])
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {user}:{PASSWORD}")
    browser.open(f"{draft.absolute_url()}/@@audit-history")
    title = re.search(r"<title>(.*?)</title>", browser.contents, re.S)
    assert title and "План" in title.group(1) and "Plone" in title.group(1)
    assert 'id="portal-top"' in browser.contents and 'id="portal-footer' in browser.contents
    assert "content.create" in browser.contents
    assert (f'href="{draft.absolute_url()}"' in browser.contents) is sees_item
