"""Who may read the protocol, the decisions and the open data of a session, and when.

The council (councillors, chair, staff, the mayor: "Follow session") reads the protocol from
the close of the session on, to ask for corrections; the public reads it, the decisions and
the open data once the session is published, unless the session was held behind closed doors.
"""

from plone import api
from ratusha.core import permissions
from ratusha.council.protocol.protocol_rules import PROTOCOL_STATES


def state_of(session):
    return api.content.get_state(session, default=None)


def has_protocol(session) -> bool:
    return state_of(session) in PROTOCOL_STATES


def is_public(session) -> bool:
    return state_of(session) == "published" and not session.closed_door


def may_follow(session) -> bool:
    return bool(api.user.has_permission(permissions.FollowSession, obj=session))


def may_manage(session) -> bool:
    return bool(api.user.has_permission(permissions.ManageSession, obj=session))


def may_read(session) -> bool:
    return has_protocol(session) and (is_public(session) or may_follow(session))


def council_roles() -> list[str]:
    """The roles that follow sessions (they see protocol files before publication)."""
    portal = api.portal.get()
    roles = [
        r["name"] for r in portal.rolesOfPermission(permissions.FollowSession) if r["selected"]
    ]
    return sorted(set(roles) | {"Manager", "Site Administrator"})


FILE_PERMISSIONS = ("View", "Access contents information")


def restrict(obj):
    """Only the council sees the file (before publication, or for ever: closed sessions)."""
    roles = council_roles()
    for permission in FILE_PERMISSIONS:
        obj.manage_permission(permission, roles, acquire=False)
    obj.reindexObjectSecurity()


def release(obj):
    """The file is seen as its session is (after publication)."""
    for permission in FILE_PERMISSIONS:
        obj.manage_permission(permission, (), acquire=True)
    obj.reindexObjectSecurity()
