"""Contracts of the directory capability."""

from zope.interface import Attribute
from zope.interface import Interface


class IDirectoryLoginFailed(Interface):
    """A directory account could not log in (PAS itself has no "login failed" event).

    Sent for known accounts (wrong password, disabled, locked) and when the directory is
    unavailable; not for logins the directory does not know. The audit trail listens here.
    """

    login = Attribute("What the person typed as login")
    reason = Attribute("Why, in English, for the log (never shown to the person)")
