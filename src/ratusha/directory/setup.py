"""Put the plugin into acl_users only while the directory is enabled, and take it out again.

Triggered by the default profile's import (a site whose settings already enable LDAP),
by saving the setting "Log in with the directory" (control panel, REST or registry.xml),
and removed by the uninstall profile. A site without LDAP (the demo) never has the plugin.
"""

import logging
from plone import api
from ratusha.directory import client
from ratusha.directory.plugin import DirectoryPlugin
from ratusha.directory.plugin import PLUGIN_ID
from ratusha.directory.settings import forget_current_config
from ratusha.directory.settings import PREFIX
from ratusha.directory.settings import registry_values


logger = logging.getLogger("ratusha.directory")

INTERFACES = (
    "IAuthenticationPlugin",
    "IUserEnumerationPlugin",
    "IPropertiesPlugin",
    "IGroupsPlugin",
    "IGroupEnumerationPlugin",
    "IGroupIntrospection",
    "IRolesPlugin",
)
DEFAULT_PROFILE = "profile-ratusha:default"
UNINSTALL_PROFILE = "profile-ratusha:uninstall"


def install_plugin():
    """Add and activate the plugin (idempotent). Its properties come first, so directory
    values win over the empty defaults Plone keeps for every user."""
    pas = api.portal.get_tool("acl_users")
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(
            PLUGIN_ID, DirectoryPlugin(PLUGIN_ID, title="Ratusha: LDAP / Active Directory")
        )
        logger.info("directory plugin added to acl_users")
    registry = pas.plugins
    for name in INTERFACES:
        interface = registry._getInterfaceFromName(name)
        if PLUGIN_ID not in registry.listPluginIds(interface):
            registry.activatePlugin(interface, PLUGIN_ID)
    properties = registry._getInterfaceFromName("IPropertiesPlugin")
    registry.movePluginsTop(properties, [PLUGIN_ID])
    return pas[PLUGIN_ID]


def remove_plugin():
    pas = api.portal.get_tool("acl_users")
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)  # PAS deactivates it for every interface
        logger.info("directory plugin removed from acl_users")
    client.reset()


def sync_plugin():
    """Installed if and only if the settings enable the directory."""
    forget_current_config()
    client.reset()
    if registry_values().get("enabled"):
        install_plugin()
    else:
        remove_plugin()


def record_modified(event):
    """Any directory setting changed: forget connections and caches; (un)install on `enabled`."""
    name = getattr(event.record, "__name__", "") or ""
    if not name.startswith(PREFIX + "."):
        return
    forget_current_config()
    client.reset()
    if name == PREFIX + ".enabled":
        sync_plugin()


def profile_imported(event):
    if event.profile_id == DEFAULT_PROFILE:
        sync_plugin()
    elif event.profile_id == UNINSTALL_PROFILE:
        remove_plugin()
