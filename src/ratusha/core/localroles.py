"""Local roles computed from an object's fields (borg.localrole), never stored.

A capability's provider builds a table {principal: roles} from the fields it keeps (hosts,
participants, councillors…), so the fields stay the single truth.
"""


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
