"""GET @quorum on a session: the live quorum (present, required, last check, whether acts
may happen)."""

from plone.restapi.services import Service
from ratusha.core.rest import no_store
from ratusha.council import attendance


def quorum_reply(session):
    return {"@id": f"{session.absolute_url()}/@quorum", **attendance.quorum_status(session)}


class QuorumGet(Service):
    def reply(self):
        no_store(self.request.response)
        return quorum_reply(self.context)
