"""Contracts of the notification service."""

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
