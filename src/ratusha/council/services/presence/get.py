"""GET @presence on a session: each councillor's presence and its sources."""

from plone.restapi.services import Service
from ratusha.core.rest import no_store
from ratusha.council import attendance


def presence_reply(session):
    with attendance.snapshot():
        return {
            "@id": f"{session.absolute_url()}/@presence",
            "items": attendance.presence_table(session),
            "present": attendance.present_councillors(session),
            "quorum": attendance.quorum_status(session),
        }


class PresenceGet(Service):
    def reply(self):
        no_store(self.request.response)
        data = presence_reply(self.context)
        if self.request.form.get("log"):
            data["log"] = attendance.presence_log(self.context)
        return data
