"""Ending meetings nobody ended: for a clock (cron) to call, like the registry's reminders.

A meeting in progress, or a series (which stays scheduled between its occurrences), moves to
"ended" once its last occurrence ended more than the overtime ago: the same overtime its Jitsi
tokens get, so nobody is cut off while tokens still let them in. Calling it again changes
nothing new.
"""

from DateTime import DateTime
import datetime
from plone import api
from ratusha.audit.interfaces import record
from ratusha.meetings import booking
from ratusha.meetings import series
from ratusha.meetings.content import MEETING
from ratusha.meetings.jitsi import settings


def grace() -> datetime.timedelta:
    minutes = settings().margin_minutes
    return datetime.timedelta(minutes=120 if minutes is None else minutes)


def end_overdue(now=None) -> dict:
    now = now or datetime.datetime.now(datetime.UTC)
    margin = grace()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=MEETING,
        review_state=("scheduled", "in_progress"),
        meeting_last_end={"query": DateTime((now - margin).isoformat()), "range": "max"},
    )
    ended = []
    for brain in brains:
        meeting = brain._unrestrictedGetObject()
        occurrences = series.of(meeting)
        if not occurrences or not booking.auto_end_due(
            brain.review_state, series.is_recurring(meeting), occurrences[-1].end, now, margin
        ):
            continue
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=meeting, transition="end")
        record(
            "meetings.meeting-auto-ended",
            meeting,
            details={
                "last_end": occurrences[-1].end.isoformat(),
                "was": brain.review_state,
                "occurrences": len(occurrences),
            },
        )
        ended.append(brain.getPath())
    return {"ended": len(ended), "paths": ended, "now": now.isoformat()}
