"""GET @decision on an agenda item: the decision with its number, text, vote and links."""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.council.councils import session_of
from ratusha.council.protocol import access
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import render
from ratusha.council.protocol.record import current_record


NO_DECISION = _("error_no_decision", default="This item has no published decision.")


def decision_reply(item, request):
    """The decision of an item as JSON, or None when there is none the user may read."""
    session = session_of(item)
    if session is None or not access.may_read(session):
        return None
    record = current_record(session)
    entry = decision_entries.entry_for(item, render.translator(request=request), record)
    if entry is None:
        return None
    url = item.absolute_url()
    entry["@id"] = f"{url}/@decision"
    entry["item"] = {"@id": url, "title": item.Title()}
    entry["session"] = {
        "@id": session.absolute_url(),
        "title": session.Title(),
        "number": session.number,
    }
    entry["links"] = {
        "page": f"{url}/@@decision",
        "excerpt": f"{url}/@@excerpt.pdf",
        "evidence": f"{url}/@@evidence.zip",
        "protocol": f"{session.absolute_url()}/@@protocol",
    }
    document = decision_entries.document_of(item)
    if document is not None and api.user.has_permission("View", obj=document):
        entry["document"] = {"@id": document.absolute_url(), "title": document.Title()}
    poll = next((p for p in record.items[entry["index"]].polls if p.id == entry["poll"]), None)
    entry["vote"] = poll.to_dict() if poll is not None else None
    return entry


class DecisionGet(Service):
    def reply(self):
        data = decision_reply(self.context, self.request)
        if data is None:
            return error(self.request, NO_DECISION, 404)
        return data
