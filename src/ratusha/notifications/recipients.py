"""Turn 'who should hear of it' into user ids.

A recipient is a user id, a group id, `group:<id>`, or `role:<role id>` (everyone holding
the role site-wide, directly or through a group). Unknown principals are skipped and
reported so a caller can tell the user.
"""

from plone import api
from ratusha.interfaces import IRoleHolders
from zope.component import subscribers


def _group_members(group_id, seen_groups):
    if group_id in seen_groups:
        return set()
    seen_groups.add(group_id)
    groups = api.portal.get_tool("portal_groups")
    group = groups.getGroupById(group_id)
    if group is None:
        return set()
    users = set()
    for member_id in group.getGroupMemberIds():
        if groups.getGroupById(member_id) is not None:
            users |= _group_members(member_id, seen_groups)
        else:
            users.add(member_id)
    return users


def _role_holders(role, seen_groups):
    principals = set()
    for holders in subscribers((api.portal.get(),), IRoleHolders):
        principals |= holders.principals(role)
    users = set()
    for principal_id in principals:
        if api.group.get(groupname=principal_id) is not None:
            users |= _group_members(principal_id, seen_groups)
        else:
            users.add(principal_id)
    return users


def resolve(recipients):
    """Return (user ids, unknown recipients)."""
    users, unknown, seen_groups = set(), [], set()
    for recipient in recipients:
        if recipient.startswith("role:"):
            found = _role_holders(recipient[len("role:") :], seen_groups)
        elif recipient.startswith("group:"):
            found = _group_members(recipient[len("group:") :], seen_groups)
        elif api.user.get(userid=recipient) is not None:
            found = {recipient}
        else:
            found = _group_members(recipient, seen_groups)
        if found:
            users |= found
        else:
            unknown.append(recipient)
    return users, unknown
