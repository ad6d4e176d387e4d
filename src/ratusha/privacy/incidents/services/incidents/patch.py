"""PATCH @incidents/<id>: change the facts (the officer); `source` is not changed by hand."""

from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.privacy.incidents import acts
from ratusha.privacy.incidents import serialize
from ratusha.privacy.incidents.services.common import Traversing


class IncidentsPatch(Traversing, Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        if len(self.names) != 1:
            raise InputError(
                _("error_incident_patch", default="Change one incident: @incidents/<id>."),
                status=404,
            )
        incident = self.incident()
        acts.update(incident, data)
        return serialize.full(incident)
