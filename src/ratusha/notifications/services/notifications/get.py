"""GET @notifications: the current user's notices (?unread=1 for unread only)."""

from plone.restapi.services import Service
from ratusha.notifications.api import inbox_of_current_user
from ratusha.notifications.api import serialize


class NotificationsGet(Service):
    def reply(self):
        unread_only = self.request.form.get("unread") in ("1", "true", "True")
        inbox = inbox_of_current_user()
        notices = inbox.notices(unread_only=unread_only) if inbox is not None else []
        return {
            "@id": f"{self.context.absolute_url()}/@notifications",
            "unread": inbox.unread_count() if inbox is not None else 0,
            "items_total": len(notices),
            "items": [serialize(n) for n in notices],
        }
