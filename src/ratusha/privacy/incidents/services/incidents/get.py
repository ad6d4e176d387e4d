"""GET @incidents: the register with each incident's clock; @incidents/<id>: one incident;
@incidents/<id>/export: the notification in the shape of КЗЛД's form (JSON, Sofia times).

Reading the register is an act on personal data: each read is on the audit trail.
"""

from plone.restapi.services import Service
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import serialize
from ratusha.privacy.incidents.services.common import Traversing


class IncidentsGet(Traversing, Service):
    def reply(self):
        no_store(self.request.response)
        base = f"{self.context.absolute_url()}/@incidents"
        if not self.names:
            items = [serialize.summary(i) for i in register.incidents()]
            record("privacy.incidents-read", details={"count": len(items)})
            return {"@id": base, "items_total": len(items), "items": items}
        try:
            incident = self.incident()
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        what = self.names[1] if len(self.names) > 1 else None
        if what is None:
            record("privacy.incident-read", obj=incident, details={"incident": incident.getId()})
            return serialize.full(incident)
        if what == "export":
            record(
                "privacy.incident-exported",
                obj=incident,
                details={"incident": incident.getId(), "format": "json"},
            )
            return serialize.export(incident)
        return error(
            self.request,
            _("error_incident_what", default="Unknown part «${name}».", mapping={"name": what}),
            404,
        )
