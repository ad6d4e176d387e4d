"""POST @agenda-from-document {"document": "<uid>", "kind"?: "decision"}: an agenda item made
from an internal document (докладна записка) of the registry; 201 with the item."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.council import fromdocument
from ratusha.council import rules
from zope.interface import alsoProvides


class FromDocumentPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if not api.user.has_permission("Add portal content", obj=self.context):
            return error(
                self.request,
                _("error_agenda_forbidden", default="You may not change this agenda."),
                403,
            )
        try:
            body = read_json(self.request)
            kind = body.get("kind") or rules.DECISION
            if kind not in rules.ITEM_KINDS:
                raise InputError(_("error_item_kind", default="Unknown kind of agenda item."))
            document = fromdocument.document_for(body.get("document"))
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        item = fromdocument.create_item(self.context, document, kind=kind)
        self.request.response.setStatus(201)
        return {
            "@id": item.absolute_url(),
            "UID": item.UID(),
            "title": item.Title(),
            "report_document": item.report_document,
        }
