"""Meeting times in Sofia, the catalog behind double-booking checks, and people's calendars."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from DateTime import DateTime
import datetime
from plone import api
from plone.uuid.interfaces import IUUID
import pytz
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.core.dates import sofia
from ratusha.meetings import booking
from ratusha.meetings import recurrence
from ratusha.meetings import series
from ratusha.meetings.content import MEETING
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.interfaces import IMeetingRoom
from ratusha.meetings.interfaces import parse_guest


ACTIVE_STATES = ("scheduled", "in_progress", "ended")  # a cancelled meeting frees the room


def room_of(context):
    for obj in aq_chain(aq_inner(context)):
        if IMeetingRoom.providedBy(obj):
            return obj
    return None


def catalog():
    return api.portal.get_tool("portal_catalog")


def brain_bookings(brain, start, end) -> list[booking.Booking]:
    """The meeting's occurrences within [start, end), as bookings."""
    return [
        booking.Booking(brain.UID, brain.Title, o.start, o.end)
        for o in recurrence.between(series.of_brain(brain), start, end)
    ]


def meetings_between(start, end, unrestricted=False, **query):
    """Brains of meetings with an occurrence that may overlap [start, end): the first starts
    before its end and the last ends after its start (the catalog has minute resolution).
    Expand them (brain_bookings, series.of) for the occurrences themselves."""
    search = catalog().unrestrictedSearchResults if unrestricted else catalog().searchResults
    return search(
        portal_type=MEETING,
        start={"query": DateTime(sofia(end).isoformat()), "range": "max"},
        meeting_last_end={"query": DateTime(sofia(start).isoformat()), "range": "min"},
        sort_on="start",
        **query,
    )


def room_bookings(room, start, end):
    found = meetings_between(
        start,
        end,
        unrestricted=True,
        review_state=ACTIVE_STATES,
        path={"query": "/".join(room.getPhysicalPath()), "depth": 1},
    )
    return [b for brain in found for b in brain_bookings(brain, start, end)]


def _visible_title(uid, fallback):
    brains = catalog().searchResults(UID=uid)
    return brains[0].Title if brains else fallback


def check_room_free(context, start, end, rule_text=None):
    """BookingError with a message naming the conflict (meeting and date) when the hall is
    taken at the meeting's time or at any occurrence of its series."""
    try:
        booking.check_interval(sofia(start), sofia(end))
    except booking.BookingError:
        raise booking.BookingError(
            _("error_meeting_times", default="The meeting must end after it starts.")
        )
    room = room_of(context)
    if room is None or not room.is_physical():
        return
    exclude = IUUID(context, None) if IMeeting.providedBy(context) else None
    ours = series.occurrences(sofia(start), sofia(end), rule_text)
    found = booking.clashes(ours, room_bookings(room, ours[0].start, ours[-1].end), exclude)
    if found:
        other = found[0][1]
        title = _visible_title(other.key, None)
        mapping = {
            "room": room.Title(),
            "start": short_datetime(other.start),
            "end": short_datetime(other.end).split(" ")[-1],
            "meeting": title,
        }
        if title is None:
            raise booking.BookingError(
                _(
                    "error_room_booked_private",
                    default="${room} is already booked from ${start} to ${end} for another "
                    "meeting. Choose another time or room.",
                    mapping=mapping,
                )
            )
        raise booking.BookingError(
            _(
                "error_room_booked",
                default="${room} is already booked from ${start} to ${end} for «${meeting}». "
                "Choose another time or room.",
                mapping=mapping,
            )
        )


def check_guests_allowed(context, guests):
    room = room_of(context)
    if guests and room is not None and not room.allow_guests:
        raise booking.BookingError(
            _("error_room_no_guests", default="This room does not admit guests from outside.")
        )


def principals_of(user_id) -> list[str]:
    """A user and the groups they are in (as group:<id>), for the meeting_people index."""
    groups = []
    user = api.user.get(userid=user_id)
    if user is not None:
        groups = [g.getId() for g in api.group.get_groups(user=user)]
    return [user_id] + [f"group:{g}" for g in groups if g and g != "AuthenticatedUsers"]


def meetings_of(user_id, start, end, unrestricted=False, states=ACTIVE_STATES + ("cancelled",)):
    return meetings_between(
        start,
        end,
        unrestricted=unrestricted,
        meeting_people=principals_of(user_id),
        review_state=states,
    )


def invited_users(meeting) -> list[str]:
    """Organiser, participants and members of the participating groups (user ids)."""
    users = [meeting.organiser_id()] + list(meeting.participants or ())
    for group in meeting.participant_groups or ():
        users += [u.getId() for u in api.user.get_users(groupname=group)]
    seen, result = set(), []
    for user_id in users:
        if user_id and user_id not in seen:
            seen.add(user_id)
            result.append(user_id)
    return result


def guests_of(meeting) -> list[tuple[str, str]]:
    result = []
    for line in meeting.guests or ():
        try:
            result.append(parse_guest(line))
        except ValueError:
            continue
    return result


def people_conflicts(meeting, now=None) -> dict:
    """{user id: [overlapping Booking]} for the organiser and named participants, over the
    occurrences still to come (all of a meeting without a rule)."""
    ours = series.of(meeting)
    now = now or datetime.datetime.now(pytz.utc)
    coming = [o for o in ours if o.end > now] if len(ours) > 1 else list(ours)
    if not coming:
        return {}
    start, end = coming[0].start, coming[-1].end
    people = [meeting.organiser_id()] + list(meeting.participants or ())
    calendars = {}
    for user_id in dict.fromkeys(p for p in people if p):
        calendars[user_id] = [
            b
            for brain in meetings_of(user_id, start, end, unrestricted=True, states=ACTIVE_STATES)
            for b in brain_bookings(brain, start, end)
        ]
    return booking.people_clashes(coming, calendars, exclude=IUUID(meeting, None))


def join_occurrence(meeting, moderator, now=None, margin=datetime.timedelta(0)):
    """(state, occurrence): "cancelled", "early", "open" or "over" for someone who wants to
    join now, with the occurrence that state is about (the current or the next one)."""
    state = api.content.get_state(meeting, default=None)
    occurrences = series.of(meeting)
    if state == "cancelled":
        return "cancelled", occurrences[0]
    if state == "ended":
        return "over", occurrences[-1]
    now = now or datetime.datetime.now(pytz.utc)
    return booking.window_of(occurrences, now, moderator, margin)


def join_state(meeting, moderator, now=None, margin=datetime.timedelta(0)):
    return join_occurrence(meeting, moderator, now, margin)[0]


def upcoming_in(room, now, limit=10) -> list[tuple]:
    """[(brain, occurrence)] of the room's meetings not over yet, by their next occurrence."""
    brains = catalog().searchResults(
        portal_type=MEETING,
        review_state=("scheduled", "in_progress"),
        path={"query": "/".join(room.getPhysicalPath()), "depth": 1},
        meeting_last_end={"query": DateTime(sofia(now).isoformat()), "range": "min"},
        sort_on="start",
    )
    found = []
    for brain in brains[:200]:
        coming = [o for o in series.of_brain(brain) if o.end > now]
        if coming:
            found.append((brain, coming[0]))
    found.sort(key=lambda item: item[1].start)
    return found[:limit]
