"""POST @notifications: send an announcement to users, groups or roles.

Body: {"recipients": ["group:employees", "role:Councillor", "ivan"], "subject": "...",
"body": "...", "url": "..."}. Needs "Ratusha: Send announcement".
"""

from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service

from ratusha import _
from ratusha.notifications.api import notify
from ratusha.notifications.services.errors import bad_request

MAX_SUBJECT = 200
MAX_BODY = 10000


class NotificationsSend(Service):
    def reply(self):
        data = json_body(self.request) or {}
        recipients = data.get("recipients")
        subject = data.get("subject")
        body = data.get("body", "")
        url = data.get("url", "")
        if not isinstance(recipients, list) or not recipients or not all(
            isinstance(r, str) and r.strip() for r in recipients
        ):
            return bad_request(
                self.request,
                _("error_recipients", default="Give at least one recipient: a user, group:<id> or role:<id>."),
            )
        if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT:
            return bad_request(
                self.request,
                _("error_subject", default="The subject is required and at most 200 characters long."),
            )
        if not isinstance(body, str) or len(body) > MAX_BODY or not isinstance(url, str):
            return bad_request(
                self.request,
                _("error_body", default="The body must be text of at most 10000 characters."),
            )
        result = notify(
            recipients,
            "announcement",
            subject.strip(),
            body,
            url,
            sender=api.user.get_current().getId(),
        )
        if not result.users:
            return bad_request(
                self.request,
                _("error_nobody", default="None of the recipients is a known user, group or role: ${names}",
                  mapping={"names": ", ".join(result.unknown)}),
            )
        self.request.response.setStatus(201)
        return {"recipients": result.users, "unknown": result.unknown, "mailed": result.mailed}
