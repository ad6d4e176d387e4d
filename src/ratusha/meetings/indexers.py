"""Catalog values of meetings: times (Plone's start/end indexes: the first occurrence), the end
of the last occurrence, the rule (metadata, to expand brains), and the people concerned."""

from plone.indexer import indexer
from ratusha.core.dates import catalog_date
from ratusha.meetings import series
from ratusha.meetings.interfaces import IMeeting


@indexer(IMeeting)
def start(obj):
    return catalog_date(obj.start)


@indexer(IMeeting)
def end(obj):
    return catalog_date(obj.end)


@indexer(IMeeting)
def meeting_last_end(obj):
    """Where "upcoming" and overlap queries look: a series is current until its last end."""
    found = series.of(obj)
    return catalog_date(found[-1].end) if found else None


@indexer(IMeeting)
def meeting_recurrence(obj):
    return (getattr(obj, "recurrence", None) or "").strip() or None


def people(obj):
    """Organiser, participants and groups (as group:<id>): whose calendar the meeting is in."""
    values = {obj.organiser_id()} | set(obj.participants or ())
    values |= {f"group:{group}" for group in obj.participant_groups or ()}
    return sorted(value for value in values if value)


@indexer(IMeeting)
def meeting_people(obj):
    return people(obj)
