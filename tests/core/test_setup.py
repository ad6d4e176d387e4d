"""The default profile installs Ratusha's pieces and uninstalls them cleanly."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.browserlayer.utils import registered_layers
from ratusha.core.roles import ROLES
from ratusha.interfaces import IRatushaLayer


def test_profile_installed(portal):
    installer = api.portal.get_tool("portal_setup")
    # a new site is at the version of metadata.xml (1002 since release 1.0.0's 1001)
    assert installer.getLastVersionForProfile("ratusha:default") == ("1002",)
    assert IRatushaLayer in registered_layers()


def test_language_and_timezone(portal):
    assert api.portal.get_registry_record("plone.default_language") == "bg"
    assert api.portal.get_registry_record("plone.available_languages") == ["bg", "en"]
    assert api.portal.get_registry_record("plone.portal_timezone") == "Europe/Sofia"


def test_groups_carry_roles(portal):
    for role, _title, group_id, _group_title in ROLES:
        group = api.group.get(groupname=group_id)
        assert group is not None, group_id
        assert role in group.getRoles()


def test_home_view_is_site_default(portal):
    assert portal.getLayout() == "ratusha-home"


def test_intranet_workflow_bound(portal):
    workflows = api.portal.get_tool("portal_workflow")
    assert workflows.getChainForPortalType("Document") == ("ratusha_intranet_workflow",)


def test_uninstall_removes_layer_and_settings(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    installer = api.portal.get_tool("portal_setup")
    installer.runAllImportStepsFromProfile("profile-ratusha:uninstall")
    assert IRatushaLayer not in registered_layers()
    assert api.portal.get_registry_record("ratusha.municipality_name", default=None) is None
    assert "ratusha_intranet_workflow" not in api.portal.get_tool("portal_workflow").objectIds()
    assert portal.getLayout() != "ratusha-home"
