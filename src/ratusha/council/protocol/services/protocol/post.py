"""POST @protocol {"recording_url"?, "recorder"?} on a session: staff name the recording of
the session and who keeps the minutes (until approval)."""

from plone.restapi.services import Service
from ratusha.core.rest import run
from ratusha.council.protocol import details
from ratusha.council.protocol.services.protocol.get import protocol_reply


class ProtocolPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, body):
        details.update(self.context, body)
        return protocol_reply(self.context, self.request)
