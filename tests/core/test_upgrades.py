"""Sites made before a profile change reach the current version through upgrade steps."""

from plone import api
from plone.registry.interfaces import IRegistry
from ratusha.access.settings import IAccessSettings
from ratusha.meetings.settings import IJitsiSettings
from zope.component import getUtility


PROFILE = "ratusha:default"
NEW_RECORDS = ("ratusha.access.enrolment_by_link", "ratusha.jitsi.events_window_minutes")


def test_a_new_site_is_at_the_newest_version(portal):
    setup = api.portal.get_tool("portal_setup")
    assert setup.getLastVersionForProfile(PROFILE) == (setup.getVersionForProfile(PROFILE),)
    assert not setup.listUpgrades(PROFILE)


def test_from_1000_the_settings_records_are_added_and_values_kept(portal):
    registry = getUtility(IRegistry)
    setup = api.portal.get_tool("portal_setup")
    # a site as version 1000 made it: without the two records, with a value of its own
    for name in NEW_RECORDS:
        del registry.records[name]
    registry["ratusha.access.max_failures"] = 3
    setup.setLastVersionForProfile(PROFILE, "1000")
    assert setup.listUpgrades(PROFILE)[0]["dest"] == ("1001",)

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == (setup.getVersionForProfile(PROFILE),)
    assert all(name in registry.records for name in NEW_RECORDS)
    assert registry["ratusha.access.enrolment_by_link"] is True
    assert registry["ratusha.jitsi.events_window_minutes"] == 120
    assert registry["ratusha.access.max_failures"] == 3
    # what a control panel does on save now works
    registry.forInterface(IAccessSettings, prefix="ratusha.access").enrolment_by_link = False
    registry.forInterface(IJitsiSettings, prefix="ratusha.jitsi").events_window_minutes = 30
    assert registry["ratusha.jitsi.events_window_minutes"] == 30
