"""1001 -> 1002: the data protection officer and the privacy capability's profile."""

from plone import api


PROFILE = "ratusha:default"
PRIVACY = "ratusha.privacy:default"
PERMISSION = "Ratusha: Manage personal data"
TWO_FACTOR_ROLES = "ratusha.access.two_factor_roles"


def roles_of(portal, permission):
    return {entry["name"] for entry in portal.rolesOfPermission(permission) if entry["selected"]}


def test_a_new_site_has_the_officer_and_the_profile(portal):
    assert api.group.get(groupname="data-protection") is not None
    assert roles_of(portal, PERMISSION) == {"Data Protection Officer", "Manager"}
    assert api.portal.get_tool("portal_setup").getLastVersionForProfile(PRIVACY) == ("1000",)


def test_from_1001_the_role_group_and_profile_arrive(portal):
    setup = api.portal.get_tool("portal_setup")
    api.group.delete(groupname="data-protection")
    portal.manage_permission(PERMISSION, roles=[], acquire=True)
    setup.unsetLastVersionForProfile(PRIVACY)
    setup.setLastVersionForProfile(PROFILE, "1001")
    api.portal.set_registry_record(TWO_FACTOR_ROLES, ["Auditor", "Manager"])

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert "Data Protection Officer" in api.group.get(groupname="data-protection").getRoles()
    assert roles_of(portal, PERMISSION) == {"Data Protection Officer", "Manager"}
    assert setup.getLastVersionForProfile(PRIVACY) == ("1000",)
    assert api.portal.get_registry_record(TWO_FACTOR_ROLES) == [
        "Auditor",
        "Manager",
        "Data Protection Officer",
    ]
