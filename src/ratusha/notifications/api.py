"""notify(): the one way every capability tells people something happened (through INotifier).

Notices are stored in the recipients' inboxes inside the current transaction, and
e-mail is handed to Plone's MailHost as transactional mail, so an aborted act leaves
neither a notice nor a message behind.
"""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
import logging
from plone import api
from ratusha.core.dates import iso
from ratusha.core.links import safe_link
from ratusha.core.settings import get_settings
from ratusha.notifications import recipients as recipient_rules
from ratusha.notifications.interfaces import INotifier
from ratusha.notifications.storage import _inboxes
from ratusha.notifications.storage import get_inbox
from ratusha.notifications.storage import Notice
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import moduleProvides


moduleProvides(INotifier)  # registered as the INotifier utility in configure.zcml
logger = logging.getLogger("ratusha.notifications")


class NotificationResult:
    def __init__(self, users, unknown, mailed):
        self.users = sorted(users)
        self.unknown = unknown
        self.mailed = sorted(mailed)


def _text(value, language):
    if isinstance(value, Message):
        return translate(value, target_language=language)
    return value or ""


def mail_configured():
    return bool(
        api.portal.get_registry_record("plone.email_from_address", default="")
        and api.portal.get_registry_record("plone.smtp_host", default="")
    )


def _mail(user_id, subject, body, url):
    member = api.user.get(userid=user_id)
    address = member.getProperty("email", "") if member is not None else ""
    if not address:
        return False
    message = EmailMessage(policy=SMTP)  # CRLF line ends: SMTP refuses a long LF-only message
    message["Subject"] = subject
    message["From"] = formataddr(
        (
            api.portal.get_registry_record("plone.email_from_name", default=""),
            api.portal.get_registry_record("plone.email_from_address"),
        )
    )
    message["To"] = formataddr((member.getProperty("fullname", "") or user_id, address))
    message.set_content("\n\n".join(part for part in (body, url) if part))
    api.portal.get_tool("MailHost").send(message, immediate=False)
    return True


def site_relative(url):
    """Store links to the site without its host, so they work behind any proxy or host."""
    portal_url = api.portal.get().absolute_url()
    if url and (url == portal_url or url.startswith(portal_url + "/")):
        path = url[len(portal_url) :] or "/"
        return url if path.startswith("//") else path  # "//x" would lead off the site
    return url or ""


def absolute(url):
    """The stored link made absolute for a reader, or "" for one that is not safe to follow
    (checked again here: notices stored before links were checked may hold anything)."""
    url = safe_link(url)
    if url and url.startswith("/"):
        return api.portal.get().absolute_url() + url
    return url or ""


def notify(recipients, kind, subject, body="", url="", sender=None, email=True):
    """Notify users, groups (`group:x` or a group id) or roles (`role:X`).

    Returns a NotificationResult with the user ids reached, the recipients that
    matched nobody, and who was e-mailed.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    portal = api.portal.get()
    language = api.portal.get_default_language()
    subject, body = _text(subject, language), _text(body, language)
    url = site_relative(url)
    if not subject.strip():
        raise ValueError("A notification needs a subject.")
    if url and safe_link(url) is None:
        raise ValueError("A notification links only to http(s) addresses or paths of the site.")
    users, unknown = recipient_rules.resolve(recipients)
    send = email and get_settings().send_email and mail_configured()
    mailed = set()
    for user_id in users:
        get_inbox(portal, user_id, create=True).add(Notice(kind, subject, body, url, sender))
        if send and _mail(user_id, subject, body, absolute(url)):
            mailed.add(user_id)
    if unknown:
        logger.info("notify(%s): no such users or groups: %s", kind, ", ".join(unknown))
    return NotificationResult(users, unknown, mailed)


def resolve(recipients):
    return recipient_rules.resolve(recipients)


def mark_read(portal, kind_prefix):
    for inbox in (_inboxes(portal) or {}).values():
        inbox.mark_read([n.id for n in inbox.notices() if n.kind.startswith(kind_prefix)])


def inbox_of_current_user(create=False):
    user = api.user.get_current()
    return get_inbox(api.portal.get(), user.getId(), create=create)


def serialize(notice):
    return {
        "id": notice.id,
        "kind": notice.kind,
        "subject": notice.subject,
        "body": notice.body,
        "url": absolute(notice.url),
        "sender": notice.sender,
        "created": iso(notice.created),
        "read": iso(notice.read) if notice.read else None,
    }
