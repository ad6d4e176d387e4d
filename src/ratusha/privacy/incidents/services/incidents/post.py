"""POST @incidents: report a suspected incident by hand (any employee):
`{"title": "…", "description": "…", "discovered": "2026-12-07T10:30"}` (Sofia time if no offset).

POST @incidents/<id>/<step>: move it on (the officer): assess, notify, not_notifiable, reassess,
close; the body may carry field changes made first (e.g. `{"notified_at": "…"}`), in the same act.
"""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.permissions import ManagePersonalData
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.privacy.incidents import acts
from ratusha.privacy.incidents import serialize
from ratusha.privacy.incidents.services.common import Traversing


class IncidentsPost(Traversing, Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        if not self.names:
            incident = acts.report(data)
            self.request.response.setStatus(201)
            # the reporter learns the number, not the register
            return {"id": incident.getId(), "review_state": "reported"}
        if not api.user.has_permission(ManagePersonalData, obj=self.context):
            raise InputError(
                _(
                    "error_incident_forbidden",
                    default="Only the data protection officer may do this.",
                ),
                status=403,
            )
        incident = self.incident()
        if len(self.names) < 2:
            raise InputError(
                _("error_incident_step", default="Name the step: @incidents/<id>/<step>."),
                status=404,
            )
        if data:
            acts.update(incident, data)
        acts.move(incident, self.names[1])
        return serialize.full(incident)
