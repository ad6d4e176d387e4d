"""The personal calendar feed: an ICS address with a secret token, revocable by its owner.

The token names the user and is signed with the server's key over the user's current nonce
(stored in SQL); renewing or revoking replaces the nonce, which kills the old address.
Every ICalendarSource utility contributes events (meetings here; council sessions elsewhere).
"""

import datetime
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.core.dates import sofia
from ratusha.meetings import ics
from ratusha.meetings import invitations
from ratusha.meetings import store
from ratusha.meetings.interfaces import ICalendarSource
from ratusha.meetings.jitsi import links_key
from ratusha.meetings.mail import organiser_person
from ratusha.meetings.mail import repetition
from ratusha.meetings.mail import where
from ratusha.meetings.scheduling import meetings_of
from zope.component import getUtilitiesFor
from zope.interface import implementer


PAST = datetime.timedelta(days=31)
FUTURE = datetime.timedelta(days=366)


@implementer(ICalendarSource)
class MeetingsCalendar:
    def events(self, user_id, start, end):
        result = []
        for brain in meetings_of(user_id, start, end, unrestricted=True):
            meeting = brain._unrestrictedGetObject()
            url = meeting.absolute_url()
            result.append(
                ics.CalendarEvent(
                    uid=f"{IUUID(meeting)}@ratusha",
                    sequence=meeting.ics_sequence or 0,
                    summary=meeting.Title(),
                    start=sofia(meeting.start),
                    end=sofia(meeting.end),
                    stamp=datetime.datetime.now(datetime.UTC),
                    description=meeting.Description() or "",
                    location=where(meeting),
                    url=f"{url}/@@join",
                    organiser=organiser_person(meeting),
                    cancelled=brain.review_state == "cancelled",
                    **repetition(meeting),
                )
            )
        return result


def feed_url(user_id, create=False) -> str | None:
    nonce = store.feed_nonce(user_id)
    if nonce is None:
        if not create:
            return None
        nonce = store.renew_feed(user_id)
    token = invitations.feed_token(links_key(), user_id, nonce)
    return f"{api.portal.get().absolute_url()}/@@calendar.ics/{token}"


def user_for_token(token) -> str | None:
    user_id = invitations.feed_user(token)
    if user_id is None:
        return None
    if not invitations.check_feed_token(links_key(), token, store.feed_nonce(user_id)):
        return None
    return user_id


def calendar_for(user_id, name="") -> bytes:
    now = datetime.datetime.now(datetime.UTC)
    events = []
    for _name, source in getUtilitiesFor(ICalendarSource):
        events += source.events(user_id, now - PAST, now + FUTURE)
    return ics.feed(events, name=name)
