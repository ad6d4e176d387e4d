"""GET @calendar-feed: the current user's calendar feed address, or null if there is none."""

from plone import api
from plone.restapi.services import Service
from ratusha.core.rest import no_store
from ratusha.meetings.feed import feed_url


class CalendarFeedGet(Service):
    def reply(self):
        no_store(self.request.response)
        return {"url": feed_url(api.user.get_current().getId())}
