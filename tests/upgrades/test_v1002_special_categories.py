"""ratusha.registry:default 1000 -> 1001: the setting of the kinds with special categories."""

from plone import api


PROFILE = "ratusha.registry:default"
SETTING = "ratusha.registry.special_kinds"


def test_from_1000_the_setting_arrives_and_the_others_keep_their_values(portal):
    setup = api.portal.get_tool("portal_setup")
    registry = api.portal.get_tool("portal_registry")
    del registry.records[SETTING]
    api.portal.set_registry_record("ratusha.registry.terms", {"complaint": "1m"})
    setup.setLastVersionForProfile(PROFILE, "1000")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1001",)
    assert api.portal.get_registry_record(SETTING) == []
    assert api.portal.get_registry_record("ratusha.registry.terms") == {"complaint": "1m"}


def test_the_step_alone_adds_the_setting(portal):
    from ratusha.upgrades.v1002_special_categories import add_special_kinds

    registry = api.portal.get_tool("portal_registry")
    del registry.records[SETTING]
    add_special_kinds(api.portal.get_tool("portal_setup"))
    assert api.portal.get_registry_record(SETTING) == []
