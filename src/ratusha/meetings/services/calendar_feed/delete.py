"""DELETE @calendar-feed: revoke the calendar feed address."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.audit.interfaces import record
from ratusha.meetings import store
from zope.interface import alsoProvides


class CalendarFeedDelete(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if store.revoke_feed(api.user.get_current().getId()):
            record("meetings.feed-revoked")
        return self.reply_no_content()
