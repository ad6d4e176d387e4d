"""POST @notifications: send an announcement to users, groups or roles.

Body: {"recipients": ["group:employees", "role:Councillor", "ivan"], "subject": "...",
"body": "...", "url": "..."}. Needs "Ratusha: Send announcement".
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.links import safe_link
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.notifications.api import notify
from zope.interface import alsoProvides


MAX_SUBJECT = 200
MAX_BODY = 10000


def announcement(data):
    """Validate the body; return (recipients, subject, body, url)."""
    recipients = data.get("recipients")
    subject = data.get("subject")
    body = data.get("body", "")
    url = data.get("url", "")
    if (
        not isinstance(recipients, list)
        or not recipients
        or not all(isinstance(r, str) and r.strip() for r in recipients)
    ):
        raise InputError(
            _(
                "error_recipients",
                default="Give at least one recipient: a user, group:<id> or role:<id>.",
            )
        )
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT:
        raise InputError(
            _("error_subject", default="The subject is required and at most 200 characters long.")
        )
    if not isinstance(body, str) or len(body) > MAX_BODY or not isinstance(url, str):
        raise InputError(
            _("error_body", default="The body must be text of at most 10000 characters.")
        )
    if url and safe_link(url) is None:
        raise InputError(
            _(
                "error_notice_url",
                default="The link must be an http:// or https:// address or a path on this site "
                "starting with /.",
            )
        )
    return recipients, subject.strip(), body, url


class NotificationsSend(Service):
    def reply(self):
        # no form token in REST; cookie-signed writes are checked by ratusha.core.csrf
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            recipients, subject, body, url = announcement(read_json(self.request))
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        result = notify(
            recipients,
            "announcement",
            subject,
            body,
            url,
            sender=api.user.get_current().getId(),
        )
        if not result.users:
            return error(
                self.request,
                _(
                    "error_nobody",
                    default="None of the recipients is a known user, group or role: ${names}",
                    mapping={"names": ", ".join(result.unknown)},
                ),
            )
        self.request.response.setStatus(201)
        return {"recipients": result.users, "unknown": result.unknown, "mailed": result.mailed}
