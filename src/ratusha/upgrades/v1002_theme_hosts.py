"""1001 -> 1002: the theme is served on 127.0.0.1 too, the host the README tells people to open.

Plone's default list of unthemed hosts is ["127.0.0.1"]; the profile now empties it. A site made
before keeps any host its administrator added and loses only Plone's default.
"""

from plone import api


RECORD = "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"
PLONE_DEFAULT = "127.0.0.1"


def theme_every_host(setup_tool):
    hosts = api.portal.get_registry_record(RECORD, default=None) or []
    api.portal.set_registry_record(RECORD, [host for host in hosts if host != PLONE_DEFAULT])
