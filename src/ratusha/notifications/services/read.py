"""POST @notifications-read: mark notices read, {"ids": [...]} or {"all": true}."""

from plone.restapi.deserializer import json_body
from plone.restapi.services import Service

from ratusha import _
from ratusha.notifications.api import inbox_of_current_user
from ratusha.notifications.services.errors import bad_request


class NotificationsRead(Service):
    def reply(self):
        data = json_body(self.request) or {}
        ids = data.get("ids")
        if data.get("all") is True:
            ids = None
        elif not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or not ids:
            return bad_request(
                self.request,
                _(
                    "error_read_ids",
                    default='Give the notices to mark read as {"ids": ["..."]} or {"all": true}.',
                ),
            )
        inbox = inbox_of_current_user()
        if inbox is None:
            return {"marked": 0, "unread": 0}
        if ids is not None:
            missing = [i for i in ids if inbox.get(i) is None]
            if missing:
                return bad_request(
                    self.request,
                    _("error_unknown_notices", default="No such notices: ${ids}",
                      mapping={"ids": ", ".join(missing)}),
                    status=404,
                )
        marked = inbox.mark_read(ids)
        return {"marked": marked, "unread": inbox.unread_count()}
