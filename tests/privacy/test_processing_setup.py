"""The record of processing's places are installed with the privacy profile and go with
Ratusha's uninstall profile."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID


RECORD = "ratusha.privacy.processing_texts"


def places():
    actions = api.portal.get_tool("portal_actions")
    panel = api.portal.get_tool("portal_controlpanel")
    return (
        "records_of_processing" in actions.user.objectIds(),
        "ratusha-records-of-processing" in [c.getId() for c in panel.listActions()],
        api.portal.get_registry_record(RECORD, default=None) is not None,
    )


def test_installed_and_uninstalled(portal):
    assert places() == (True, True, True)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    api.portal.get_tool("portal_setup").runAllImportStepsFromProfile("profile-ratusha:uninstall")
    assert places() == (False, False, False)
