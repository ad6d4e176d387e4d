"""GET @quorum: the live quorum (present, required, last check, whether acts may happen);
POST @quorum: record a quorum check now (Manage session) — 201 with the check."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides

from ratusha.core.rest import error
from ratusha.core.rest import no_store
from ratusha.council import attendance
from ratusha.council.quorum import QuorumError


def quorum_reply(session):
    return {"@id": f"{session.absolute_url()}/@quorum", **attendance.quorum_status(session)}


class QuorumGet(Service):
    def reply(self):
        no_store(self.request.response)
        return quorum_reply(self.context)


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
