"""When meetings collide: physical rooms cannot be double-booked, people get warnings."""

import datetime
from dataclasses import dataclass

JOIN_EARLY = datetime.timedelta(minutes=10)  # everyone may join 10 minutes before the start
MODERATOR_EARLY = datetime.timedelta(minutes=30)  # hosts may come in earlier to prepare


class BookingError(ValueError):
    """A meeting's times are not usable."""


@dataclass(frozen=True)
class Booking:
    key: str  # the meeting's UID
    title: str
    start: datetime.datetime
    end: datetime.datetime


def check_interval(start, end) -> None:
    if start is None or end is None:
        raise BookingError("start and end are required")
    if start.tzinfo is None or end.tzinfo is None:
        raise BookingError("times must carry a time zone")
    if end <= start:
        raise BookingError("the end must be after the start")


def overlaps(start_a, end_a, start_b, end_b) -> bool:
    """Half-open intervals: a meeting ending at 10:00 does not clash with one starting then."""
    return start_a < end_b and start_b < end_a


def conflicts(start, end, bookings, exclude=None) -> list[Booking]:
    """The bookings that overlap [start, end), earliest first; `exclude` is the meeting itself."""
    check_interval(start, end)
    found = [
        booking for booking in bookings
        if booking.key != exclude and overlaps(start, end, booking.start, booking.end)
    ]
    return sorted(found, key=lambda booking: (booking.start, booking.key))


def people_conflicts(start, end, calendars, exclude=None) -> dict[str, list[Booking]]:
    """{person: [overlapping bookings]} for the people who are busy; others left out."""
    result = {}
    for person, bookings in calendars.items():
        busy = conflicts(start, end, bookings, exclude)
        if busy:
            result[person] = busy
    return result


def join_window(start, end, now, moderator=False, margin=datetime.timedelta(0)) -> str:
    """"early", "open" or "over" for someone who wants to join at `now`."""
    check_interval(start, end)
    opens = start - (MODERATOR_EARLY if moderator else JOIN_EARLY)
    if now < opens:
        return "early"
    if now >= end + margin:
        return "over"
    return "open"
