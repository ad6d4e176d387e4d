"""POST @logout: plone.restapi's, with the revocation of the token actually written.

plone.restapi's @logout deletes the token from the JWT plugin's store, but plone.protect then
refused that write (no form authenticator on a REST call) and the token lived on. Revoking the
token the caller presents harms no one, so it needs no CSRF token.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services.auth.logout import Logout
from zope.interface import alsoProvides


class RevokingLogout(Logout):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        return super().reply()
