"""POST @quorum on a session: record a quorum check now (Manage session), 201 with the
check."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.core.rest import no_store
from ratusha.council import attendance
from ratusha.council.quorum import QuorumError
from ratusha.council.services.quorum.get import quorum_reply
from zope.interface import alsoProvides


class QuorumPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        no_store(self.request.response)
        try:
            check = attendance.record_quorum_check(self.context)
        except QuorumError as exc:
            return error(self.request, exc.message, exc.status or 409)
        self.request.response.setStatus(201)
        return dict(quorum_reply(self.context), check=check)
