"""Municipal roles that can be given on a single folder from the sharing tab.

A registrar of one register or the head of one department gets the role locally on
that folder, so Plone's security (not the UI) keeps the rest of the site closed to them.
"""

from plone.app.workflow.interfaces import ISharingPageRole
from ratusha.core.roles import ROLE_TITLES
from zope.interface import implementer


DELEGATE = "Sharing page: Delegate roles"


@implementer(ISharingPageRole)
class LocalRole:
    required_permission = DELEGATE
    required_interface = None

    def __init__(self, role_id):
        self.title = ROLE_TITLES[role_id]


def factory(role_id):
    return lambda: LocalRole(role_id)


RegistrarRole = factory("Registrar")
DepartmentHeadRole = factory("Department Head")
DirectorRole = factory("Director")
CouncilStaffRole = factory("Council Staff")
