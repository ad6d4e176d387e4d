"""POST @jitsi-join on a room or meeting: {domain, roomName, jwt, configOverwrite} for the
current user, if they may enter (401 anonymous, 403 not invited, 409 not now, 503 no video)."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.core.rest import no_store
from ratusha.meetings.join import join_for_user
from ratusha.meetings.join import JoinRefused
from zope.interface import alsoProvides


class JitsiJoin(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # a host joining starts the meeting
        no_store(self.request.response)
        try:
            return join_for_user(self.context, self.request)
        except JoinRefused as exc:
            return error(self.request, exc.message, exc.status) | {"reason": exc.reason}
