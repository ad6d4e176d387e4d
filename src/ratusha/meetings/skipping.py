"""Cancelling one occurrence of a series: an EXDATE on the meeting, METHOD:CANCEL with the
occurrence's RECURRENCE-ID to everyone invited, a notice, and the audit trail.

Used by POST @cancel-occurrence and the meeting page's "Cancel this date".
"""

import datetime
import dateutil.parser
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import short_datetime
from ratusha.core.rest import InputError
from ratusha.meetings import mail
from ratusha.meetings import recurrence
from ratusha.meetings import series
from ratusha.meetings.scheduling import guests_of
from ratusha.notifications.interfaces import notify


OPEN_STATES = ("scheduled", "in_progress")


def parse_moment(value):
    """An occurrence's start from ISO text (with its offset)."""
    try:
        moment = dateutil.parser.isoparse(value) if isinstance(value, str) else None
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            _(
                "error_occurrence_time",
                default="Give the occurrence's start as an ISO time with its offset, "
                "e.g. 2026-11-24T10:00:00+02:00.",
            )
        )
    return moment


def find(meeting, moment):
    """The occurrence of the series that starts at `moment` (InputError if none does)."""
    if not series.is_recurring(meeting):
        raise InputError(series.MESSAGES["not-recurring"])
    for occurrence in series.of(meeting):
        if occurrence.start == moment:
            return occurrence
    raise InputError(
        _(
            "error_occurrence_unknown",
            default="The series has no meeting at ${time}.",
            mapping={"time": short_datetime(moment)},
        )
    )


def check(meeting, occurrence, now):
    if api.content.get_state(meeting, default=None) not in OPEN_STATES:
        raise InputError(
            _(
                "error_occurrence_state",
                default="Only a scheduled series can have a date cancelled.",
            ),
            409,
        )
    if occurrence.start <= now:
        raise InputError(
            _(
                "error_occurrence_past",
                default="This meeting has already begun; it cannot be cancelled.",
            )
        )
    if len(series.of(meeting)) == 1:
        raise InputError(
            _(
                "error_occurrence_last",
                default="This is the only meeting left in the series: cancel the meeting itself.",
            )
        )


def cancel_occurrence(meeting, moment, now=None):
    """Skip the occurrence at `moment`; validated before anything is written."""
    now = now or datetime.datetime.now(datetime.UTC)
    occurrence = find(meeting, moment)
    check(meeting, occurrence, now)
    meeting.recurrence = recurrence.skip(meeting.recurrence, occurrence.day)
    meeting.reindexObject()
    previous = getattr(meeting, mail.SNAPSHOT, None)
    if previous is not None:
        meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
        # the REQUEST already sent stays valid apart from this date: no "changed" mail later
        setattr(
            meeting, mail.SNAPSHOT, dict(previous, recurrence=mail.snapshot(meeting)["recurrence"])
        )
        guests = dict((address, name) for name, address in guests_of(meeting))
        mail.send(
            meeting,
            "CANCEL",
            previous["users"],
            [(guests.get(a, ""), a) for a in previous["guests"]],
            meeting.ics_sequence,
            occurrence=occurrence,
        )
        notify(
            list(previous["users"]),
            "meetings.cancelled",
            _(
                "notice_occurrence_cancelled",
                default="Cancelled on ${when}: ${title}",
                mapping={"title": meeting.Title(), "when": short_datetime(occurrence.start)},
            ),
            url=meeting.absolute_url(),
            sender=meeting.organiser_id(),
            email=False,
        )
    record(
        "meetings.occurrence-cancelled",
        meeting,
        details={"occurrence": occurrence.start.isoformat(), "sequence": meeting.ics_sequence or 0},
    )
    return occurrence
