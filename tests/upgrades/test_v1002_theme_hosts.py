"""1001 -> 1002: the theme is served on 127.0.0.1, the host in the README."""

from plone import api


PROFILE = "ratusha:default"
RECORD = "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"


def test_a_new_site_themes_every_host(portal):
    assert api.portal.get_registry_record(RECORD) == []


def test_from_1001_plones_default_goes_and_the_administrators_hosts_stay(portal):
    setup = api.portal.get_tool("portal_setup")
    # a site as 1001 left it: Plone's default, plus a host an administrator keeps plain
    api.portal.set_registry_record(RECORD, ["127.0.0.1", "plain.primerna.example"])
    setup.setLastVersionForProfile(PROFILE, "1001")
    titles = [step["title"] for step in setup.listUpgrades(PROFILE)]
    assert "Theme on every host" in titles

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert api.portal.get_registry_record(RECORD) == ["plain.primerna.example"]
