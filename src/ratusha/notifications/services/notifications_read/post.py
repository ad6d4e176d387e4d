"""POST @notifications-read: mark notices read, {"ids": [...]} or {"all": true}."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.notifications.api import inbox_of_current_user
from zope.interface import alsoProvides


def requested_ids(data):
    """None means all; otherwise a non-empty list of notice ids."""
    if data.get("all") is True:
        return None
    ids = data.get("ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise InputError(
            _(
                "error_read_ids",
                default='Give the notices to mark read as {"ids": ["..."]} or {"all": true}.',
            )
        )
    return ids


class NotificationsRead(Service):
    def reply(self):
        # no form token in REST; cookie-signed writes are checked by ratusha.core.csrf
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            ids = requested_ids(read_json(self.request))
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        inbox = inbox_of_current_user()
        if inbox is None:
            return {"marked": 0, "unread": 0}
        missing = [i for i in ids or () if inbox.get(i) is None]
        if missing:
            return error(
                self.request,
                _(
                    "error_unknown_notices",
                    default="No such notices: ${ids}",
                    mapping={"ids": ", ".join(missing)},
                ),
                status=404,
            )
        marked = inbox.mark_read(ids)
        return {"marked": marked, "unread": inbox.unread_count()}
