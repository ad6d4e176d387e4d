"""What the access capability offers the others."""

from zope.interface import Interface


class ILoginLocks(Interface):
    """Utility: whether brute-force protection has locked a login, before any password is tried.

    The directory asks it before binding to LDAP/AD, so that a locked account costs the
    directory nothing and Ratusha can never push it into the directory's own lockout.
    """

    def locked(login, request):
        """True if the account, or the address the request comes from, is locked now."""
