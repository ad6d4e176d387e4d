"""Local roles computed from an object's fields (borg.localrole), never stored.

A capability's provider builds a table {principal: roles} from the fields it keeps (hosts,
participants, councillors…), so the fields stay the single truth.
"""

from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


def add_roles(table, principals, roles):
    """Give `roles` to every non-empty principal in `principals` (None is no one)."""
    for principal in principals or ():
        if principal:
            table.setdefault(principal, set()).update(roles)


class FieldLocalRoles:
    """Base of an ILocalRoleProvider adapter: subclasses say `table()`."""

    def __init__(self, context):
        self.context = context

    def table(self) -> dict:
        raise NotImplementedError

    def getRoles(self, principal_id):
        return tuple(sorted(self.table().get(principal_id, ())))

    def getAllRoles(self):
        for principal, roles in self.table().items():
            yield principal, tuple(sorted(roles))


CACHE_PREFIX = "borg.localrole.workspace.checkLocalRolesAllowed:"


def forget_cached_roles(obj):
    """borg.localrole caches role checks per request; drop them when the document's people
    change within the request (an approval hands the document to the next approver)."""
    annotations = IAnnotations(getRequest(), None)
    if annotations is None:
        return
    path = repr(obj.getPhysicalPath())[:-1]  # without ")": the object and what it contains
    for key in [
        k
        for k in list(annotations.keys())
        if isinstance(k, str) and k.startswith(CACHE_PREFIX) and path in k
    ]:
        del annotations[key]
