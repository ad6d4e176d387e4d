"""DELETE <document or case file>/@retention-hold: lift the hold (409 if there is none)."""

from plone.restapi.services import Service
from ratusha.core.rest import run
from ratusha.registry.retention import holds


class HoldDelete(Service):
    def reply(self):
        return run(self, lambda data: holds.lift_hold(self.context))
