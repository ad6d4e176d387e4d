"""When meetings collide: physical rooms cannot be double-booked, people get warnings."""

import bisect
from dataclasses import dataclass
import datetime


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


def _utc(moment):
    """Instants compare as instants only across zones: two Sofia times in the autumn hour that
    happens twice would compare by their wall clocks."""
    return moment.astimezone(datetime.UTC)


def check_interval(start, end) -> None:
    if start is None or end is None:
        raise BookingError("start and end are required")
    if start.tzinfo is None or end.tzinfo is None:
        raise BookingError("times must carry a time zone")
    if _utc(end) <= _utc(start):
        raise BookingError("the end must be after the start")


def overlaps(start_a, end_a, start_b, end_b) -> bool:
    """Half-open intervals: a meeting ending at 10:00 does not clash with one starting then."""
    return _utc(start_a) < _utc(end_b) and _utc(start_b) < _utc(end_a)


def conflicts(start, end, bookings, exclude=None) -> list[Booking]:
    """The bookings that overlap [start, end), earliest first; `exclude` is the meeting itself."""
    check_interval(start, end)
    found = [
        booking
        for booking in bookings
        if booking.key != exclude and overlaps(start, end, booking.start, booking.end)
    ]
    return sorted(found, key=lambda booking: (_utc(booking.start), booking.key))


def people_conflicts(start, end, calendars, exclude=None) -> dict[str, list[Booking]]:
    """{person: [overlapping bookings]} for the people who are busy; others left out."""
    result = {}
    for person, bookings in calendars.items():
        busy = conflicts(start, end, bookings, exclude)
        if busy:
            result[person] = busy
    return result


def clashes(ours, bookings, exclude=None) -> list[tuple]:
    """(one of ours, a booking) for every overlapping pair, by our start then theirs.

    `ours` are a series' occurrences (anything with start and end); bookings are other
    meetings' occurrences. Sorted by start, each of ours looks only at the bookings that start
    within the longest booking's length before it: O((n + m) log m) for long series.
    """
    others = sorted((b for b in bookings if b.key != exclude), key=lambda b: (_utc(b.start), b.key))
    if not others:
        return []
    starts = [_utc(b.start) for b in others]
    longest = max(_utc(b.end) - _utc(b.start) for b in others)
    found = []
    for mine in sorted(ours, key=lambda o: _utc(o.start)):
        check_interval(mine.start, mine.end)
        low = bisect.bisect_right(starts, _utc(mine.start) - longest)
        high = bisect.bisect_left(starts, _utc(mine.end))
        found += [
            (mine, b)
            for b in others[low:high]
            if overlaps(_utc(mine.start), _utc(mine.end), _utc(b.start), _utc(b.end))
        ]
    return found


def people_clashes(ours, calendars, exclude=None) -> dict[str, list[Booking]]:
    """{person: [their bookings overlapping any of ours]} for the people who are busy."""
    result = {}
    for person, bookings in calendars.items():
        busy = list(dict.fromkeys(b for _mine, b in clashes(ours, bookings, exclude)))
        if busy:
            result[person] = busy
    return result


def window_of(occurrences, now, moderator=False, margin=datetime.timedelta(0)):
    """("open", the occurrence on now), ("early", the next one) or ("over", the last one).

    Each occurrence opens JOIN_EARLY (hosts MODERATOR_EARLY) before its start and closes
    `margin` after its end; a meeting without a rule is a series of one.
    """
    occurrences = sorted(occurrences, key=lambda o: _utc(o.start))
    if not occurrences:
        raise BookingError("no occurrences")
    for occurrence in occurrences:
        state = join_window(_utc(occurrence.start), _utc(occurrence.end), now, moderator, margin)
        if state != "over":
            return state, occurrence
    return "over", occurrences[-1]


def auto_end_due(state, recurring, last_end, now, grace) -> bool:
    """A meeting in progress (or a series, which stays scheduled between its meetings) is over
    once its last end plus the grace has passed. A single meeting nobody started is left for
    its organiser to end or cancel."""
    if state not in ("scheduled", "in_progress"):
        return False
    if state == "scheduled" and not recurring:
        return False
    return now >= _utc(last_end) + grace


def join_window(start, end, now, moderator=False, margin=datetime.timedelta(0)) -> str:
    """ "early", "open" or "over" for someone who wants to join at `now`."""
    check_interval(start, end)
    start, end = _utc(start), _utc(end)  # minutes before a Sofia time are not wall minutes
    opens = start - (MODERATOR_EARLY if moderator else JOIN_EARLY)
    if now < opens:
        return "early"
    if now >= end + margin:
        return "over"
    return "open"
