"""The demo municipality: people for every role, 21 councillors with a chair, a welcome."""

from plone import api
from ratusha.core import permissions as P
from ratusha.core.demo import COUNCILLORS
from ratusha.core.demo import DEMO_PASSWORD
from ratusha.notifications.storage import get_inbox


EXPECTED_ROLES = {
    "registrar": "Registrar",
    "employee": "Employee",
    "head.budget": "Department Head",
    "head.construction": "Department Head",
    "director.finance": "Director",
    "secretary": "Secretary",
    "mayor": "Mayor",
    "auditor": "Auditor",
    "council.staff": "Council Staff",
    "councillor01": "Council Chair",
    "councillor21": "Councillor",
    "itadmin": "Site Administrator",
}


def test_every_role_has_a_demo_user(demo):
    portal = demo["portal"]
    for user_id, role in EXPECTED_ROLES.items():
        user = api.user.get(userid=user_id)
        assert user is not None, user_id
        assert role in api.user.get_roles(user=user, obj=portal), (user_id, role)


def test_council_of_21_with_one_chair(demo):
    councillors = api.user.get_users(groupname="councillors")
    assert len(councillors) == len(COUNCILLORS) == 21
    assert [u.getId() for u in api.user.get_users(groupname="council-chair")] == ["councillor01"]


def test_only_councillors_vote(demo):
    portal = demo["portal"]
    assert api.user.has_permission(P.CastVote, username="councillor05", obj=portal)
    for user_id in ("mayor", "council.staff", "itadmin"):
        assert not api.user.has_permission(P.CastVote, username=user_id, obj=portal)


def test_demo_password_authenticates(demo):
    acl = api.portal.get_tool("acl_users")
    assert acl.authenticate("registrar", DEMO_PASSWORD, demo["request"]) is not None
    assert acl.authenticate("registrar", "wrong", demo["request"]) is None


def test_departments_and_welcome(demo):
    portal = demo["portal"]
    assert [u.getId() for u in api.user.get_users(groupname="dep-budget")] == ["head.budget"]
    # the welcome, and the council's demo session being convened
    assert {n.kind for n in get_inbox(portal, "councillor07").notices(unread_only=True)} == {
        "announcement",
        "council.convened",
    }
    assert get_inbox(portal, "auditor").notices()[0].subject == "Добре дошли в Ратуша"
    page = portal["za-obshtinata"]
    assert api.content.get_state(page) == "published"
