"""Install and uninstall steps that GenericSetup XML cannot express."""

from plone import api
from plone.base.interfaces import INonInstallable
from ratusha.core.interfaces import IUninstallStep
from ratusha.core.roles import ROLES
from zope.component import getUtilitiesFor
from zope.interface import implementer


HOME_VIEW = "ratusha-home"
INTRANET_WORKFLOW = "ratusha_intranet_workflow"
MEMBER_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ratusha:uninstall"]


def ensure_groups():
    """One group per municipal role, carrying that role (LDAP groups map onto these)."""
    for role, _title, group_id, group_title in ROLES:
        group = api.group.get(groupname=group_id)
        if group is None:
            group = api.group.create(groupname=group_id, title=group_title, roles=[role])
        elif role not in group.getRoles():
            api.group.grant_roles(groupname=group_id, roles=[role])


def set_languages():
    """Bulgarian first, English available, chosen by cookie (the language selector)."""
    api.portal.set_registry_record("plone.default_language", "bg")
    api.portal.set_registry_record("plone.available_languages", ["bg", "en"])
    api.portal.set_registry_record("plone.use_cookie_negotiation", True)
    api.portal.set_registry_record("plone.use_request_negotiation", False)
    api.portal.set_registry_record("plone.use_content_negotiation", False)
    api.portal.set_registry_record("plone.portal_timezone", "Europe/Sofia")
    api.portal.set_registry_record("plone.available_timezones", ["Europe/Sofia"])


def allow_directory_logins():
    """Directory accounts look like ivan.petrov or i-petrov; Plone's default refuses dots."""
    api.portal.get_tool("portal_registration").manage_editIDPattern(MEMBER_ID_PATTERN)


def post_install(context):
    portal = api.portal.get()
    allow_directory_logins()
    ensure_groups()
    set_languages()
    portal.setLayout(HOME_VIEW)


def restore_workflows():
    """Give content back to Plone's default workflow, with permissions to match."""
    workflows = api.portal.get_tool("portal_workflow")
    workflows.setDefaultChain("simple_publication_workflow")
    for type_id, chain in list(workflows.listChainOverrides()):
        if INTRANET_WORKFLOW in chain:
            workflows.setChainForPortalTypes([type_id], "(Default)")
    if INTRANET_WORKFLOW in workflows.objectIds():
        workflows.manage_delObjects([INTRANET_WORKFLOW])
    workflows.updateRoleMappings()


def uninstall(context):
    portal = api.portal.get()
    if portal.getLayout() == HOME_VIEW:
        portal.setLayout("listing_view")
    restore_workflows()
    for _name, step in getUtilitiesFor(IUninstallStep):
        step(portal)
