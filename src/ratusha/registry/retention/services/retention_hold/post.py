"""POST <document or case file>/@retention-hold `{"reason": "…"}`: a legal hold (201).

400 without a reason; 409 when already held or destroyed."""

from plone.restapi.services import Service
from ratusha.core.rest import run
from ratusha.registry.retention import holds


class HoldPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        hold = holds.set_hold(self.context, data.get("reason"))
        self.request.response.setStatus(201)
        return hold
