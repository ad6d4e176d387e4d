"""Intranet content: private, internal to staff, published to citizens; enforced by security."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import transaction


def _search(portal, user, **query):
    with api.env.adopt_user(username=user):
        return {b.getId for b in api.content.find(context=portal, **query)}


def _users():
    api.user.create(
        email="e@example.org", username="worker", password="secret-password-1", roles=("Member",)
    )
    api.group.add_user(groupname="employees", username="worker")
    api.user.create(
        email="m@example.org", username="citizen", password="secret-password-1", roles=("Member",)
    )


def test_visibility_by_state_in_catalog(portal):
    _users()
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="memo", title="Memo")
    assert api.content.get_state(doc) == "private"
    assert "memo" not in _search(portal, "worker", portal_type="Document")

    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=doc, transition="share")
    assert "memo" in _search(portal, "worker", portal_type="Document")
    assert "memo" not in _search(portal, "citizen", portal_type="Document")

    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=doc, transition="publish")
    assert "memo" in _search(portal, "citizen", portal_type="Document")


def test_internal_document_over_rest(functional, api_session):
    portal = functional["portal"]
    _users()
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="memo", title="Memo")
        api.content.transition(obj=doc, transition="share")
    transaction.commit()
    url = doc.absolute_url()
    assert api_session("worker", "secret-password-1").get(url).status_code == 200
    assert api_session("citizen", "secret-password-1").get(url).status_code in (401, 403)
    assert api_session().get(url).status_code == 401
    search = (
        api_session("citizen", "secret-password-1")
        .get(f"{portal.absolute_url()}/@search", params={"portal_type": "Document"})
        .json()
    )
    assert search["items_total"] == 0
    admin = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    assert admin.get(url).json()["review_state"] == "internal"
