"""ratusha.registry:default 1000 -> 1001: the filing plan, its settings, Manage retention."""

from plone import api


PROFILE = "ratusha.registry:default"
PERMISSION = "Ratusha: Manage retention"
PLAN = "ratusha.registry.plan/"


def roles_of(portal, permission):
    return {entry["name"] for entry in portal.rolesOfPermission(permission) if entry["selected"]}


def plan_records(registry):
    return [name for name in registry.records.keys() if name.startswith(PLAN)]


def test_from_1000_the_plan_and_the_permission_arrive(portal):
    setup = api.portal.get_tool("portal_setup")
    registry = api.portal.get_tool("portal_registry")
    for name in plan_records(registry):
        del registry.records[name]
    del registry.records["ratusha.registry.retention.handover_years"]
    api.portal.set_registry_record("ratusha.registry.terms", {"complaint": "1m"})
    portal.manage_permission(PERMISSION, roles=[], acquire=True)
    setup.setLastVersionForProfile(PROFILE, "1000")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1001",)
    assert len(plan_records(registry)) == 13 * 6  # 13 entries of six fields
    assert api.portal.get_registry_record(PLAN + "case.file.archive") == "state"
    assert api.portal.get_registry_record("ratusha.registry.retention.handover_years") == 10
    assert api.portal.get_registry_record("ratusha.registry.terms") == {"complaint": "1m"}
    assert roles_of(portal, PERMISSION) == {"Secretary", "Registrar", "Manager"}
