"""What the access capability offers the others."""

from zope.component import getUtility
from zope.interface import Interface


class ILoginLocks(Interface):
    """Utility: whether brute-force protection has locked a login, before any password is tried.

    The directory asks it before binding to LDAP/AD, so that a locked account costs the
    directory nothing and Ratusha can never push it into the directory's own lockout.
    """

    def locked(login, request):
        """True if the account, or the address the request comes from, is locked now."""


class ISecondFactor(Interface):
    """Utility: whether a session or token passed the second factor (`ratusha.access.proof`)."""

    def proven(request, user_id, authorization):
        """True if the request's session cookie or its bearer token (the `authorization`
        header) carries the user's proof; a password alone never does."""


def second_factor_proven(request, user_id, authorization) -> bool:
    return getUtility(ISecondFactor).proven(request, user_id, authorization)
