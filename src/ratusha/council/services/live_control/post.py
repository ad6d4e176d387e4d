"""POST @live-control {"action": "next"|"previous"|"goto", "item"?: uid}: move the session to
another agenda item (Manage session; the session must be open)."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.council.councils import agenda
from zope.interface import alsoProvides


def move(session, action, uid=None):
    if api.content.get_state(session, default=None) != "open":
        raise InputError(_("error_live_not_open", default="The session is not open."), 409)
    items = [
        item for item in agenda(session) if api.content.get_state(item, default=None) != "draft"
    ]
    uids = [item.UID() for item in items]
    if not uids:
        raise InputError(
            _("error_live_no_items", default="The agenda has no published items."), 409
        )
    current = uids.index(session.current_item) if session.current_item in uids else -1
    if action == "next":
        target = min(current + 1, len(uids) - 1)
    elif action == "previous":
        target = max(current - 1, 0)
    elif action == "goto" and uid in uids:
        target = uids.index(uid)
    else:
        raise InputError(
            _(
                "error_live_action",
                default='Send {"action": "next"}, "previous", or "goto" with "item".',
            )
        )
    session.current_item = uids[target]
    record(
        "council.current-item",
        session,
        details={"item": uids[target], "number": items[target].number},
    )
    return items[target]


class LiveControlPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            body = read_json(self.request)
            item = move(self.context, body.get("action"), body.get("item"))
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        return {
            "current_item": {
                "@id": item.absolute_url(),
                "UID": item.UID(),
                "title": item.Title(),
                "number": item.number,
            }
        }
