"""POST @protocol-corrections {"text"}: a councillor asks for a correction while the
protocol is open for corrections (403 for others, 409 out of the period);
POST @protocol-corrections/<id> {"decision": "accepted"|"rejected", "note"}: staff settle it.
"""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.council.protocol import corrections
from ratusha.council.protocol.access import may_manage
from ratusha.council.protocol.services.protocol_corrections.get import corrections_reply
from zExceptions import BadRequest
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class CorrectionsPost(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        if self.params:
            raise BadRequest("One request id at most")
        self.params.append(name)
        return self

    def reply(self):
        return run(self, self.act)

    def act(self, body):
        me = api.user.get_current().getId()
        if not self.params:
            text = body.get("text")
            entry = corrections.file_request(
                self.context, me, text if isinstance(text, str) else ""
            )
            self.request.response.setStatus(201)
            return corrections_reply(self.context, request=entry)
        if not may_manage(self.context):
            raise InputError(
                _(
                    "error_correction_forbidden",
                    default="Only council staff settle correction requests.",
                ),
                403,
            )
        note = body.get("note") or ""
        decision = body.get("decision")
        entry = corrections.resolve(
            self.context,
            self.params[0],
            decision if isinstance(decision, str) else "",
            note if isinstance(note, str) else "",
            me,
        )
        return corrections_reply(self.context, request=entry)
