"""People for the audit tests: a worker (employee) and an inspector (auditor)."""

from plone import api


PASSWORD = "secret-password-1"


def people():
    # these tests are about the audit trail; two-factor login is tested in tests/access
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    for user_id, group in (("worker", "employees"), ("inspector", "auditors")):
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        api.group.add_user(groupname=group, username=user_id)
