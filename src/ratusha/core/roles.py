"""The municipal roles and the groups that carry them.

One table for the whole product: the default profile creates these groups with these
roles, the directory maps LDAP groups onto them, and docs/roles.md describes them.
"""

from plone import api
from ratusha import _
from ratusha.interfaces import IRoleHolders
from zope.interface import implementer


# (role id, translated title, group id, group title in Bulgarian)
ROLES = (
    ("Employee", _("role_employee", default="Employee"), "employees", "Служители"),
    ("Registrar", _("role_registrar", default="Registrar"), "registrars", "Деловодители"),
    (
        "Department Head",
        _("role_department_head", default="Department Head"),
        "department-heads",
        "Началници на отдели",
    ),
    ("Director", _("role_director", default="Director"), "directors", "Директори"),
    ("Secretary", _("role_secretary", default="Secretary"), "secretaries", "Секретар на общината"),
    ("Mayor", _("role_mayor", default="Mayor"), "mayors", "Кмет"),
    ("Councillor", _("role_councillor", default="Councillor"), "councillors", "Общински съветници"),
    (
        "Council Chair",
        _("role_council_chair", default="Council Chair"),
        "council-chair",
        "Председател на общинския съвет",
    ),
    (
        "Council Staff",
        _("role_council_staff", default="Council Staff"),
        "council-staff",
        "Звено за подпомагане на общинския съвет",
    ),
    ("Auditor", _("role_auditor", default="Auditor"), "auditors", "Одитори"),
    (
        "Data Protection Officer",
        _("role_data_protection_officer", default="Data Protection Officer"),
        "data-protection",
        "Длъжностно лице по защита на данните",
    ),
)

ROLE_IDS = tuple(role for role, _title, _group, _group_title in ROLES)
ROLE_TITLES = {role: title for role, title, _group, _group_title in ROLES}
GROUP_ROLES = {group: role for role, _title, group, _group_title in ROLES}


@implementer(IRoleHolders)
class PloneRoleHolders:
    """Principals given a role in Plone itself (directly or to one of its groups)."""

    def __init__(self, context):
        self.context = context

    def principals(self, role):
        manager = api.portal.get_tool("acl_users").portal_role_manager
        assigned = getattr(manager, "_principal_roles", None)
        if assigned is None:
            return {principal_id for principal_id, _title in manager.listAssignedPrincipals(role)}
        # the same ids as listAssignedPrincipals, without its search for each one's title:
        # registry documents ask for the registrars every time their local roles are computed
        return {principal_id for principal_id, roles in assigned.items() if role in roles}
