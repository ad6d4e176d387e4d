"""Who holds a role through the directory, so `notify(["role:Councillor"], …)` reaches them."""

from plone import api
from ratusha.directory.plugin import PLUGIN_ID
from ratusha.interfaces import IRoleHolders
from zope.interface import implementer


@implementer(IRoleHolders)
class DirectoryRoleHolders:
    """User ids whose directory groups map onto the role (nested groups included)."""

    def __init__(self, context):
        self.context = context

    def principals(self, role):
        plugin = api.portal.get_tool("acl_users")._getOb(PLUGIN_ID, None)
        if plugin is None:
            return set()
        return plugin.user_ids_with_role(role)
