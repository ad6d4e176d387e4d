"""POST @calendar-feed: a new calendar feed address; the previous one stops working."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.audit.interfaces import record
from ratusha.core.rest import no_store
from ratusha.meetings import store
from ratusha.meetings.feed import feed_url
from zope.interface import alsoProvides


class CalendarFeedPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        no_store(self.request.response)
        user_id = api.user.get_current().getId()
        store.renew_feed(user_id)
        record("meetings.feed-renewed")
        self.request.response.setStatus(201)
        return {"url": feed_url(user_id)}
