"""What the data-subject services share: only the DPO (Ratusha: Manage personal data) is
served, anonymous gets 401 and everyone else 403 with a message; bad input is a 4xx with a
message and nothing of it is committed; answers are never cached (personal data)."""

import json
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.core.rest import writing
from ratusha.privacy.officer import refusal
from ratusha.privacy.subjects import acts
from ratusha.privacy.subjects.export import readable
from ratusha.privacy.subjects.export import text
import transaction
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


FORBIDDEN = _(
    "error_subjects_forbidden",
    default="Only the data protection officer handles data-subject requests.",
)


@implementer(IPublishTraverse)
class SubjectsService(Service):
    """Runs `act()` for the DPO; path segments after the name are in `self.params`."""

    writes = False

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def render(self):
        """JSON, or the bytes of a download (the export's ZIP) as they are."""
        self.check_permission()
        content = self.reply()
        if isinstance(content, bytes):
            return content
        self.request.response.setHeader("Content-Type", self.content_type)
        return json.dumps(content, indent=2, sort_keys=True, separators=(", ", ": "))

    def reply(self):
        refused = refusal(self, FORBIDDEN)
        if refused is not None:
            return refused
        if self.writes:
            writing(self.request)
        try:
            return self.act()
        except InputError as exc:
            transaction.doom()
            return error(self.request, exc.message, exc.status)

    def act(self):
        raise NotImplementedError

    def body(self):
        return read_json(self.request)

    def case(self):
        return acts.case(self.params[0])

    def url(self, row=None):
        base = f"{self.context.absolute_url()}/@subject-requests"
        return f"{base}/{row['id']}" if row else base

    def described(self, row):
        return {"@id": self.url(row)} | acts.serialize(row)

    def language(self):
        return self.request.get("LANGUAGE") or "bg"

    def findings(self, found):
        return readable(found, self.language())

    def outcome(self, result):
        """An erasure's outcome with each refusal's reason as text."""
        refused = [
            row | {"reason": text(row["reason"], self.language())} for row in result["refused"]
        ]
        return {"erased": result["erased"], "refused": refused}

    def unknown(self):
        raise InputError(
            _("error_subjects_unknown_path", default="There is no such part of this service."),
            status=404,
        )
