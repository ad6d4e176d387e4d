"""The role model: which municipal role may do what, by default (docs/roles.md)."""

from plone import api
import pytest
from ratusha.core import permissions as P
from ratusha.core.roles import ROLE_IDS


# permission, roles that must have it, roles that must not
CASES = [
    (P.RegisterDocument, {"Registrar", "Manager"}, {"Employee", "Councillor", "Auditor"}),
    (
        P.ApproveDocument,
        {"Department Head", "Director", "Secretary", "Mayor"},
        {"Employee", "Registrar"},
    ),
    (
        P.SignDocument,
        {"Director", "Secretary", "Mayor"},
        {"Department Head", "Registrar", "Manager"},
    ),
    (P.CastVote, {"Councillor"}, {"Manager", "Council Chair", "Council Staff", "Mayor"}),
    (P.RecordVotes, {"Council Staff"}, {"Councillor", "Mayor"}),
    (P.ManageSession, {"Council Chair", "Council Staff", "Manager"}, {"Councillor", "Employee"}),
    (P.ViewAuditLog, {"Auditor", "Manager"}, {"Employee", "Mayor", "Site Administrator"}),
    (P.ExportAuditLog, {"Auditor"}, {"Manager", "Site Administrator"}),
    (P.ManageSettings, {"Site Administrator", "Manager"}, {"Mayor", "Employee"}),
    (P.SendAnnouncement, {"Department Head", "Council Staff"}, {"Employee", "Councillor"}),
    (P.OrganiseMeeting, {"Employee", "Council Staff"}, {"Auditor"}),
    (P.UsePersonalRoom, {"Authenticated"}, {"Anonymous"}),
]


@pytest.mark.parametrize("permission,granted,refused", CASES, ids=[c[0] for c in CASES])
def test_permission_map(portal, permission, granted, refused):
    roles = {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}
    assert granted <= roles
    assert not (refused & roles)


def test_every_municipal_role_is_a_portal_role(portal):
    assert set(ROLE_IDS) <= set(portal.validRoles())


def test_role_through_group_gives_permission(portal):
    api.user.create(email="r@example.org", username="clerk", password="secret-password-1")
    assert not api.user.has_permission(P.RegisterDocument, username="clerk", obj=portal)
    api.group.add_user(groupname="registrars", username="clerk")
    assert api.user.has_permission(P.RegisterDocument, username="clerk", obj=portal)


def test_sharing_tab_offers_local_municipal_roles(portal):
    from plone.app.workflow.interfaces import ISharingPageRole
    from zope.component import getUtilitiesFor

    names = {name for name, _utility in getUtilitiesFor(ISharingPageRole)}
    assert {"Registrar", "Department Head", "Director", "Council Staff"} <= names
