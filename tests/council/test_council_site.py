"""The council is installed: types, workflows, the council object, the sub-profile's index."""

from plone import api


def test_installed(portal):
    types = api.portal.get_tool("portal_types")
    for name in (
        "Council",
        "Committee",
        "PoliticalGroup",
        "Session",
        "AgendaItem",
        "CommitteeOpinion",
    ):
        assert name in types, name
    workflows = api.portal.get_tool("portal_workflow")
    assert workflows.getChainForPortalType("Session") == ("ratusha_council_session_workflow",)
    assert workflows.getChainForPortalType("AgendaItem") == ("ratusha_council_item_workflow",)
    assert workflows.getChainForPortalType("CommitteeOpinion") == ()
    assert workflows.getChainForPortalType("File") == ()
    council = portal["council"]
    assert council.portal_type == "Council" and api.content.get_state(council) == "published"
    assert "council_committee" in api.portal.get_tool("portal_catalog").indexes()
    setup = api.portal.get_tool("portal_setup")
    assert setup.getLastVersionForProfile("ratusha.council:default") == ("1000",)


def test_council_in_the_main_navigation(portal):
    assert "Council" in api.portal.get_registry_record("plone.displayed_types")
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog(portal_type="Council", exclude_from_nav=False)
    assert brain.getId == "council"
