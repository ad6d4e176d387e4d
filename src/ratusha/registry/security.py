"""Who may see and work on a registry document: local roles computed from the document.

A named ILocalRoleProvider (borg.localrole) gives, per document:

- Reader: the registrars and the responsible department (not when confidential), whoever
  registered it, the executors of its resolutions and their authors, the approvers who have
  decided and the one deciding now (with their active substitutes), the signatory;
- Editor and Contributor: the registrars on incoming documents and case files (not when
  confidential: then only the registrar who registered it);
- Reviewer: the current approver and their active substitutes, while in approval.

The workflows decide which of these roles see or change the document in each state (drafts:
only the author); the mayor and the secretary see documents through their global roles. Whenever
an input changes, the document's security is reindexed, so catalog searches agree.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from plone import api
from Products.CMFCore.utils import getToolByName
from ratusha.interfaces import IRoleHolders
from ratusha.registry import chain
from ratusha.registry.config import today
from ratusha.registry.interfaces import IApprovable
from ratusha.registry.interfaces import IRegistryItem
from ratusha.registry.substitutes import all_substitutions
from zope.component import adapter
from zope.component import subscribers
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.interface import implementer


READER, EDITOR, CONTRIBUTOR, REVIEWER = "Reader", "Editor", "Contributor", "Reviewer"


def role_principals(role, portal=None) -> set:
    """User and group ids holding a role site-wide (Plone and, with it, the directory)."""
    portal = portal if portal is not None else api.portal.get()
    principals = set()
    for holders in subscribers((portal,), IRoleHolders):
        principals |= set(holders.principals(role))
    return principals


def review_state(obj):
    # found from the object: catalog indexing at commit time may run outside the site
    workflows = getToolByName(obj, "portal_workflow")
    return workflows.getInfoFor(obj, "review_state", None)


def compute_roles(obj) -> dict:
    portal = getToolByName(obj, "portal_url").getPortalObject()
    if getSite() is None:
        # catalog indexing at commit time may run outside the site (scripts, test layers)
        setSite(portal)
        try:
            return _compute_roles(obj, portal)
        finally:
            setSite(None)
    return _compute_roles(obj, portal)


def _compute_roles(obj, portal) -> dict:
    roles = {}

    def give(principals, *names):
        for principal in principals:
            if principal:
                roles.setdefault(principal, set()).update(names)

    state = review_state(obj)
    confidential = bool(getattr(obj, "confidential", False))
    registrars = role_principals("Registrar", portal)
    editable = obj.portal_type in ("IncomingDocument", "CaseFile")
    if not confidential:
        give(registrars, READER, *((EDITOR, CONTRIBUTOR) if editable else ()))
        give([getattr(obj, "department", None)], READER)
    elif state == "signed":
        give(registrars, READER)  # a confidential letter waits for one of them to register it
    give(
        [getattr(obj, "registered_by", None)], READER, *((EDITOR, CONTRIBUTOR) if editable else ())
    )
    give([getattr(obj, "attention_to", None)], READER)
    give(getattr(obj, "registry_assignees", ()), READER)
    give(getattr(obj, "registry_controllers", ()), READER)
    if IApprovable.providedBy(obj):
        steps = obj.approval_steps or ()
        substitutions = all_substitutions(portal)
        day = today()
        give(chain.seen_by(steps, substitutions, day), READER)
        if state == "in_approval":
            give(chain.actors(steps, substitutions, day), REVIEWER)
        if state not in (None, "draft", "in_approval"):
            give([obj.effective_signatory(), getattr(obj, "signed_by", None)], READER)
    return roles


@implementer(ILocalRoleProvider)
@adapter(IRegistryItem)
class RegistryLocalRoles:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        return tuple(compute_roles(self.context).get(principal_id, ()))

    def getAllRoles(self):
        for principal, roles in compute_roles(self.context).items():
            yield principal, tuple(roles)
