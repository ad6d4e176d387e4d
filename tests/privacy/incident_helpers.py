"""People for the incident register's tests: an officer, an employee, an auditor."""

from plone import api


PASSWORD = "secret-password-1"


def people():
    # two-factor login is tested in tests/access; here the officer signs in with a password
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    for user_id, group in (
        ("officer", "data-protection"),
        ("worker", "employees"),
        ("inspector", "auditors"),
    ):
        if api.user.get(userid=user_id) is None:
            api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": user_id.capitalize()},
            )
            api.group.add_user(groupname=group, username=user_id)


def notices(user_id, kind):
    """The subjects of `kind` in a user's inbox, oldest first."""
    from ratusha.notifications.api import inbox_of_current_user
    from zope.i18n import translate

    with api.env.adopt_user(username=user_id):
        inbox = inbox_of_current_user()
        found = inbox.notices() if inbox is not None else []
        return [
            translate(n.subject, target_language="en") for n in reversed(found) if n.kind == kind
        ]
