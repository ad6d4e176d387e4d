"""A series on the meeting page (how it repeats, its next dates, "Cancel this date") and the
clock's call that ends overdue meetings."""

import datetime
import json
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.core.rest import InputError
from ratusha.meetings import series
from ratusha.meetings.skipping import cancel_occurrence
from ratusha.meetings.skipping import OPEN_STATES
from ratusha.meetings.skipping import parse_moment
from zope.interface import alsoProvides


SHOWN = 8  # next dates listed on the page


def series_info(meeting, request, moderator, now=None):
    """None for a single meeting; else what the page shows about the series."""
    describe = series.describe(meeting)
    if describe is None:
        return None
    now = now or datetime.datetime.now(datetime.UTC)
    occurrences = series.of(meeting)
    coming = [o for o in occurrences if o.end > now]
    may_cancel = (
        moderator and api.content.get_state(meeting) in OPEN_STATES and len(occurrences) > 1
    )
    return {
        "repeats": describe,
        "total": len(occurrences),
        "next": [
            {
                "when": f"{short_datetime(o.start)}–{o.end:%H:%M}",
                "start": o.start.isoformat(),
                "cancel": may_cancel and o.start > now,
            }
            for o in coming[:SHOWN]
        ],
        "more": max(0, len(coming) - SHOWN),
        "skipped": [short_datetime(o.start) for o in series.skipped_of(meeting)],
        "cancel_url": f"{meeting.absolute_url()}/@@cancel-occurrence",
    }


class CancelOccurrenceView(BrowserView):
    """POST from the meeting page: skip one date of the series and tell everyone."""

    def __call__(self):
        url = self.context.absolute_url()
        if self.request.method != "POST":
            return self.request.response.redirect(url)
        CheckAuthenticator(self.request)
        messages = IStatusMessage(self.request)
        try:
            occurrence = cancel_occurrence(
                self.context, parse_moment(self.request.form.get("occurrence"))
            )
        except InputError as exc:
            messages.add(exc.message, type="error")
        else:
            messages.add(
                _(
                    "occurrence_cancelled",
                    default="The meeting on ${when} is cancelled; the participants were told.",
                    mapping={"when": short_datetime(occurrence.start)},
                )
            )
        return self.request.response.redirect(url)


class HousekeepingView(BrowserView):
    """@@meetings-housekeeping: the clock's call (Manage portal); ends overdue meetings and
    answers JSON. Idempotent, like @@registry-reminders."""

    def __call__(self):
        from ratusha.meetings.autoend import end_overdue

        # a cron job with the administrator's credentials, not a browser form
        alsoProvides(self.request, IDisableCSRFProtection)
        result = end_overdue()
        self.request.response.setHeader("Content-Type", "application/json")
        self.request.response.setHeader("Cache-Control", "no-store")
        return json.dumps(result)
