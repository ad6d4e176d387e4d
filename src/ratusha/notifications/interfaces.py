"""Contracts of the notification service."""

from zope.component import getUtility
from zope.interface import Attribute
from zope.interface import Interface


class INotice(Interface):
    """One notice in one user's inbox."""

    id = Attribute("Random hex id, unique within the inbox")
    kind = Attribute("Machine name of what happened, e.g. 'registry.assigned'")
    subject = Attribute("Short text shown in the list")
    body = Attribute("Longer text, may be empty")
    url = Attribute("Where the notice leads, may be empty")
    sender = Attribute("User id of who caused it, or None for the system")
    created = Attribute("Timezone-aware UTC datetime")
    read = Attribute("Timezone-aware UTC datetime when read, or None")


class IInbox(Interface):
    """The notices of one user, newest first."""

    def add(notice):
        """Store a notice."""

    def get(notice_id):
        """Return the notice or None."""

    def notices(unread_only=False):
        """Notices, newest first."""

    def unread_count():
        """How many notices are unread."""

    def mark_read(notice_ids=None):
        """Mark the given notices (all when None) read; return how many changed."""


class INotifier(Interface):
    """Notifications as the other capabilities use them (the utility is `ratusha.notifications.api`).

    Notices are stored in the current transaction and e-mail is sent as transactional mail.
    """

    def notify(recipients, kind, subject, body="", url="", sender=None, email=True):
        """Notify users, groups (`group:x` or a group id) or roles (`role:X`); return who was
        reached (`users`), who matched nobody (`unknown`) and who was e-mailed (`mailed`)."""

    def mail_configured():
        """Whether the site can send e-mail (sender address and SMTP host set)."""

    def resolve(recipients):
        """The user ids the recipients stand for, and the recipients that matched nobody."""

    def mark_read(portal, kind_prefix):
        """Mark read every inbox's notices whose kind starts with `kind_prefix`."""


def notify(recipients, kind, subject, body="", url="", sender=None, email=True):
    """Tell people something happened, through the registered INotifier."""
    return getUtility(INotifier).notify(recipients, kind, subject, body, url, sender, email)


def mail_configured() -> bool:
    return getUtility(INotifier).mail_configured()


def resolve(recipients):
    return getUtility(INotifier).resolve(recipients)


def mark_read(portal, kind_prefix):
    getUtility(INotifier).mark_read(portal, kind_prefix)
