"""Interfaces shared by every capability."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IRatushaLayer(IDefaultBrowserLayer):
    """Browser layer: views and overrides apply only where Ratusha is installed."""


class IRoleHolders(Interface):
    """Subscription adapter of the site root: who holds a role site-wide.

    The default one reads Plone's role manager; the directory adds those whose LDAP groups
    map to the role. Used wherever "everyone with role X" must be listed (notifications).
    """

    def principals(role):
        """User and group ids holding the role."""


class ILoginFailedEvent(Interface):
    """Somebody tried to log in and was refused (PAS itself has no such event).

    Attributes: login (what was typed), request, and reason: "unknown-user",
    "bad-credentials", "bad-second-factor" or "locked".
    The audit trail records it; brute-force protection counts it.
    """
