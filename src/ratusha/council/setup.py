"""Install steps of the council: its hidden sub-profile and the council itself.

The types and workflows come from profiles/default; this profile (a dependency of the
default one) adds the catalog index. What XML cannot say (the council object and who may add
sessions in it) happens when the default profile has been imported.
"""

from plone import api
from plone.base.interfaces import INonInstallable
from ratusha.council.councils import COUNCIL
from zope.interface import implementer


COUNCIL_ID = "council"
COUNCIL_TITLE = "Общински съвет"
# Folder-like types' workflow does not manage adding; sessions need ManageSession as well
ADDERS = ("Manager", "Site Administrator", "Owner", "Contributor", "Council Chair", "Council Staff")


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ratusha.council:default"]


def default_council(portal=None):
    """The municipality's council (one per site); None before installation."""
    portal = portal if portal is not None else api.portal.get()
    council = portal.get(COUNCIL_ID)
    if council is not None and getattr(council, "portal_type", None) == COUNCIL:
        return council
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=COUNCIL, sort_on="created")
    return brains[0]._unrestrictedGetObject() if brains else None


def allow_adding(council):
    council.manage_permission("Add portal content", ADDERS, acquire=False)
    council.reindexObjectSecurity()


def ensure_council(portal):
    council = default_council(portal)
    if council is not None:
        return council
    with api.env.adopt_roles(["Manager"]):
        council = api.content.create(
            container=portal, type=COUNCIL, id=COUNCIL_ID, title=COUNCIL_TITLE
        )
        api.content.transition(obj=council, to_state="published")
        allow_adding(council)
        council.exclude_from_nav = False  # stored, so the navigation's catalog query finds it
        council.reindexObject(idxs=["exclude_from_nav"])
    return council


def profile_imported(event):
    if event.profile_id != "profile-ratusha:default" or not event.full_import:
        return
    ensure_council(api.portal.get())
