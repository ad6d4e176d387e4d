"""Council sessions in the personal calendar feed of the council's people."""

from DateTime import DateTime
import datetime
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.core.dates import sofia
from ratusha.council.councils import council_of
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import SESSION
from ratusha.council.councils import staff_ids
from ratusha.meetings.interfaces import CalendarEvent
from ratusha.meetings.interfaces import ICalendarSource
from zope.interface import implementer


CALENDAR_STATES = (
    "convened",
    "open",
    "closed",
    "protocol_correction",
    "protocol_approved",
    "published",
)


def sessions_between(start, end):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type=SESSION,
        review_state=CALENDAR_STATES,
        start={"query": DateTime(end.isoformat()), "range": "max"},
        end={"query": DateTime(start.isoformat()), "range": "min"},
        sort_on="start",
    )


def people_of(council) -> set:
    if council is None:
        return set()
    return set(councillor_ids(council)) | set(staff_ids(council)) | {council.chair}


@implementer(ICalendarSource)
class SessionsCalendar:
    """Convened sessions for the councillors, the chair and the staff of their council."""

    def events(self, user_id, start, end):
        result = []
        for brain in sessions_between(start, end):
            session = brain._unrestrictedGetObject()
            if user_id not in people_of(council_of(session)):
                continue
            result.append(
                CalendarEvent(
                    uid=f"{IUUID(session)}@ratusha",
                    sequence=0,
                    summary=session.Title(),
                    start=sofia(session.start),
                    end=sofia(session.end),
                    stamp=datetime.datetime.now(datetime.UTC),
                    description=session.Description() or "",
                    location=session.place or "",
                    url=f"{session.absolute_url()}/@@live",
                    organiser=None,
                    cancelled=False,
                )
            )
        return result
