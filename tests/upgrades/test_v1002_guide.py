"""1001 -> 1002: the help link (a site action) opens the user guide."""

from plone import api


PROFILE = "ratusha:default"


def site_actions():
    return api.portal.get_tool("portal_actions").site_actions


def test_a_new_site_has_the_help_link(portal):
    assert site_actions().help.url_expr == "string:${portal_url}/@@guide"


def test_from_1001_the_help_link_is_added(portal):
    setup = api.portal.get_tool("portal_setup")
    site_actions().manage_delObjects(["help"])  # a site as 1001 left it
    setup.setLastVersionForProfile(PROFILE, "1001")
    assert "The user guide behind the help link" in [
        step["title"] for step in setup.listUpgrades(PROFILE)
    ]

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert site_actions().help.url_expr == "string:${portal_url}/@@guide"
    assert "audit_log" in api.portal.get_tool("portal_actions").user.objectIds()
