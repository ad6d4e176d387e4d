"""Where notices live: one persistent inbox per user, in a BTree on the portal.

An inbox per user and random notice keys keep concurrent senders from conflicting:
two acts notifying different users never write the same object.
"""

from BTrees.OOBTree import OOBTree
import datetime
from persistent import Persistent
from ratusha.notifications.interfaces import IInbox
from ratusha.notifications.interfaces import INotice
import uuid
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer


KEY = "ratusha.notifications"
MAX_NOTICES = 1000


def utcnow():
    return datetime.datetime.now(datetime.UTC)


@implementer(INotice)
class Notice(Persistent):
    def __init__(self, kind, subject, body="", url="", sender=None):
        self.id = uuid.uuid4().hex
        self.kind = kind
        self.subject = subject
        self.body = body
        self.url = url
        self.sender = sender
        self.created = utcnow()
        self.read = None


@implementer(IInbox)
class Inbox(Persistent):
    def __init__(self):
        self._notices = OOBTree()

    def add(self, notice):
        self._notices[notice.id] = notice
        if len(self._notices) > MAX_NOTICES:
            self._forget_oldest_read()

    def get(self, notice_id):
        return self._notices.get(notice_id)

    def notices(self, unread_only=False):
        found = (n for n in self._notices.values() if not (unread_only and n.read))
        return sorted(found, key=lambda n: n.created, reverse=True)

    def unread_count(self):
        return sum(1 for n in self._notices.values() if n.read is None)

    def mark_read(self, notice_ids=None):
        if notice_ids is None:
            targets = list(self._notices.values())
        else:
            targets = [self._notices[i] for i in notice_ids if i in self._notices]
        now = utcnow()
        changed = 0
        for notice in targets:
            if notice.read is None:
                notice.read = now
                changed += 1
        return changed

    def _forget_oldest_read(self):
        read = sorted((n for n in self._notices.values() if n.read), key=lambda n: n.created)
        for notice in read[: len(self._notices) - MAX_NOTICES]:
            del self._notices[notice.id]


def _inboxes(portal, create=False):
    annotations = IAnnotations(portal)
    if KEY not in annotations and create:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY)


def get_inbox(portal, user_id, create=False):
    inboxes = _inboxes(portal, create=create)
    if inboxes is None:
        return None
    if user_id not in inboxes and create:
        inboxes[user_id] = Inbox()
    return inboxes.get(user_id)


def remove_storage(portal):
    annotations = IAnnotations(portal)
    if KEY in annotations:
        del annotations[KEY]
