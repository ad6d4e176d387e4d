"""1001 -> 1002: the administration report's permissions and its link in the user menu."""

from plone import api


PROFILE = "ratusha:default"
GRANTS = {
    "Ratusha: View administration report": {"Secretary", "Mayor", "Manager"},
    "Ratusha: View council report": {"Secretary", "Mayor", "Council Chair", "Manager"},
}


def roles_of(portal, permission):
    return {entry["name"] for entry in portal.rolesOfPermission(permission) if entry["selected"]}


def user_actions():
    return api.portal.get_tool("portal_actions").user


def test_a_new_site_has_the_report(portal):
    for permission, roles in GRANTS.items():
        assert roles_of(portal, permission) == roles
    assert user_actions().administration_report.url_expr.endswith("/@@administration-report")


def test_from_1001_the_permissions_and_the_link_arrive(portal):
    setup = api.portal.get_tool("portal_setup")
    for permission in GRANTS:  # a site as 1001 left it: nobody but acquisition
        portal.manage_permission(permission, roles=[], acquire=True)
    user_actions().manage_delObjects(["administration_report"])
    setup.setLastVersionForProfile(PROFILE, "1001")
    assert "The administration report" in [step["title"] for step in setup.listUpgrades(PROFILE)]

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    for permission, roles in GRANTS.items():
        assert roles_of(portal, permission) == roles
    assert "administration_report" in user_actions().objectIds()
    assert "audit_log" in user_actions().objectIds()
