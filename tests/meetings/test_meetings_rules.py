"""Pure rules: double booking, join windows, attendance from event_sync, signed links, ICS."""

import datetime
import icalendar
import pytest
import random
from ratusha.meetings import attendance
from ratusha.meetings import booking
from ratusha.meetings import ics
from ratusha.meetings import invitations


SOFIA = datetime.timezone(datetime.timedelta(hours=2))


def at(hour, minute=0, day=23):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=SOFIA)


def booked(key, start, end):
    return booking.Booking(key, key.title(), start, end)


# ---- double booking ----------------------------------------------------------------------

EXISTING = [booked("budget", at(10), at(11)), booked("planning", at(13), at(14, 30))]

OVERLAP_TABLE = [
    # start, end, expected conflicting keys
    (at(9), at(10), []),  # ends when the other starts
    (at(11), at(12), []),  # starts when the other ends
    (at(9), at(10, 1), ["budget"]),
    (at(10, 30), at(10, 45), ["budget"]),  # inside
    (at(9), at(15), ["budget", "planning"]),  # around both
    (at(14), at(16), ["planning"]),
    (at(10), at(11, 0), ["budget"]),  # identical
    (at(10, day=24), at(11, day=24), []),  # another day
    (
        at(8, day=23).astimezone(datetime.UTC),
        at(10, 30).astimezone(datetime.UTC),
        ["budget"],
    ),  # other time zone, same instants
]


@pytest.mark.parametrize("start,end,expected", OVERLAP_TABLE)
def test_overlaps(start, end, expected):
    assert [b.key for b in booking.conflicts(start, end, EXISTING)] == expected


def test_a_meeting_does_not_conflict_with_itself():
    assert booking.conflicts(at(10), at(11), EXISTING, exclude="budget") == []


@pytest.mark.parametrize(
    "start,end",
    [(at(11), at(10)), (at(10), at(10)), (None, at(10)), (at(10).replace(tzinfo=None), at(11))],
)
def test_bad_intervals(start, end):
    with pytest.raises(booking.BookingError):
        booking.conflicts(start, end, EXISTING)


def test_people_conflicts_only_names_busy_people():
    calendars = {"ivan": [EXISTING[0]], "maria": [EXISTING[1]], "petar": []}
    result = booking.people_conflicts(at(10, 30), at(12), calendars)
    assert list(result) == ["ivan"] and result["ivan"][0].key == "budget"


JOIN_TABLE = [
    # now, moderator, expected
    (at(9, 49), False, "early"),
    (at(9, 50), False, "open"),  # 10 minutes before
    (at(9, 30), True, "open"),  # hosts 30 minutes before
    (at(9, 29), True, "early"),
    (at(10, 59), False, "open"),
    (at(11), False, "over"),
]


@pytest.mark.parametrize("now,moderator,expected", JOIN_TABLE)
def test_join_window(now, moderator, expected):
    assert booking.join_window(at(10), at(11), now, moderator) == expected


def test_join_window_margin():
    margin = datetime.timedelta(minutes=30)
    assert booking.join_window(at(10), at(11), at(11, 29), margin=margin) == "open"
    assert booking.join_window(at(10), at(11), at(11, 30), margin=margin) == "over"


# ---- attendance from event_sync ------------------------------------------------------------

ROOM = {"room_name": "ratusha-abc", "room_jid": "ratusha-abc@conference.meet.jitsi"}
T0 = 1_800_000_000


def joined(jid, when, user="ivan", name="Иван Стоянов", email="ivan@primerna.example"):
    return (
        "occupant",
        "joined",
        dict(
            ROOM,
            event_name="muc-occupant-joined",
            is_breakout=False,
            active_occupants_count=1,
            occupant={
                "occupant_jid": jid,
                "joined_at": when,
                "id": user,
                "name": name,
                "email": email,
            },
        ),
    )


def left(jid, joined_at, when, user="ivan", name="Иван Стоянов", email="ivan@primerna.example"):
    return (
        "occupant",
        "left",
        dict(
            ROOM,
            event_name="muc-occupant-left",
            occupant={
                "occupant_jid": jid,
                "joined_at": joined_at,
                "left_at": when,
                "id": user,
                "name": name,
                "email": email,
            },
        ),
    )


def created(when):
    return ("room", "created", dict(ROOM, event_name="muc-room-created", created_at=when))


def destroyed(when, occupants=()):
    return (
        "room",
        "destroyed",
        dict(
            ROOM, event_name="muc-room-destroyed", destroyed_at=when, all_occupants=list(occupants)
        ),
    )


def occupant(jid, joined_at, left_at=None, user="ivan", name="Иван Стоянов", email=""):
    data = {"occupant_jid": jid, "joined_at": joined_at, "id": user, "name": name, "email": email}
    if left_at is not None:
        data["left_at"] = left_at
    return data


def reduce(raw, now=None):
    events = [attendance.parse(*item) for item in raw]
    distinct = {event.key(): event for event in events}  # what the store keeps
    return {a.identity: a for a in attendance.reduce(list(distinct.values()), now=now)}


MEETING = [
    created(T0),
    joined("r@c/ivan1", T0 + 60),
    joined("r@c/maria1", T0 + 120, user="registrar", name="Мария Петрова", email="m@x"),
    left("r@c/ivan1", T0 + 60, T0 + 600),
    joined("r@c/ivan2", T0 + 900),  # Ivan reconnects
    left("r@c/ivan2", T0 + 900, T0 + 1500),
    left("r@c/maria1", T0 + 120, T0 + 1800, user="registrar", name="Мария Петрова", email="m@x"),
    destroyed(
        T0 + 1800,
        [
            occupant("r@c/ivan1", T0 + 60, T0 + 600),
            occupant("r@c/ivan2", T0 + 900, T0 + 1500),
            occupant("r@c/maria1", T0 + 120, T0 + 1800, user="registrar", name="Мария Петрова"),
        ],
    ),
]


def test_attendance_totals():
    people = reduce(MEETING)
    ivan, maria = people["user:ivan"], people["user:registrar"]
    assert (ivan.first_join, ivan.last_leave, ivan.total, ivan.sessions) == (
        T0 + 60,
        T0 + 1500,
        540 + 600,
        2,
    )
    assert (maria.first_join, maria.last_leave, maria.total) == (T0 + 120, T0 + 1800, 1680)
    assert not ivan.guest and not ivan.present and maria.name == "Мария Петрова"


def test_replayed_events_do_not_double_count():
    assert reduce(MEETING + MEETING[1:4] * 3)["user:ivan"].total == 1140


@pytest.mark.parametrize("seed", range(6))
def test_order_does_not_matter(seed):
    shuffled = MEETING[:]
    random.Random(seed).shuffle(shuffled)
    expected = reduce(MEETING)
    got = reduce(shuffled)
    assert {k: (a.first_join, a.last_leave, a.total) for k, a in got.items()} == {
        k: (a.first_join, a.last_leave, a.total) for k, a in expected.items()
    }


def test_leave_before_join_arrives():
    people = reduce([left("r@c/x", T0, T0 + 300), joined("r@c/x", T0)])
    assert people["user:ivan"].total == 300 and not people["user:ivan"].present


def test_reconciliation_on_destroy():
    # the join was lost and so was the leave: all_occupants repairs both
    people = reduce(
        [
            created(T0),
            destroyed(
                T0 + 1000, [occupant("r@c/p", T0 + 100, T0 + 700, user="mayor", name="Кмет")]
            ),
        ]
    )
    assert people["user:mayor"].total == 600
    # a join whose leave was lost ends when the room is destroyed
    people = reduce([joined("r@c/ivan1", T0), destroyed(T0 + 400)])
    assert people["user:ivan"].last_leave == T0 + 400 and people["user:ivan"].total == 400
    # a later real leave (arriving after the destroy) wins over the reconciled end
    people = reduce([joined("r@c/ivan1", T0), destroyed(T0 + 400), left("r@c/ivan1", T0, T0 + 350)])
    assert people["user:ivan"].total == 350


def test_present_until_now_and_overlapping_tabs_counted_once():
    raw = [joined("r@c/a", T0), joined("r@c/b", T0 + 100), left("r@c/b", T0 + 100, T0 + 200)]
    person = reduce(raw, now=T0 + 500)["user:ivan"]
    assert person.present and person.last_leave is None and person.total == 500


def test_guests_flagged():
    raw = [
        joined("r@c/g", T0, user="guest:ana@example.org", name="Ана", email="ana@example.org"),
        joined("r@c/anon", T0, user="", name="Someone", email=""),
        left(
            "r@c/g", T0, T0 + 60, user="guest:ana@example.org", name="Ана", email="ana@example.org"
        ),
    ]
    people = reduce(raw, now=T0 + 120)
    assert people["guest:ana@example.org"].guest and people["guest:ana@example.org"].total == 60
    assert people["guest:Someone"].guest and people["guest:Someone"].present


BAD_EVENTS = [
    (
        "occupant",
        "joined",
        {"room_name": "r", "room_jid": "r@c", "occupant": {"occupant_jid": "x"}},
    ),
    (
        "occupant",
        "joined",
        {
            "room_name": "r",
            "room_jid": "r@c",
            "occupant": {"occupant_jid": "x", "joined_at": "soon"},
        },
    ),
    (
        "occupant",
        "left",
        {"room_name": "r", "room_jid": "r@c", "occupant": {"occupant_jid": "x", "joined_at": 1}},
    ),
    ("occupant", "joined", {"room_jid": "r@c", "occupant": {"occupant_jid": "x", "joined_at": 1}}),
    (
        "room",
        "created",
        {"event_name": "muc-room-destroyed", "room_name": "r", "room_jid": "r@c", "created_at": 1},
    ),
    ("room", "exploded", {"room_name": "r", "room_jid": "r@c"}),
    (
        "room",
        "destroyed",
        {"room_name": "r", "room_jid": "r@c", "destroyed_at": 1, "all_occupants": "everyone"},
    ),
    ("room", "created", ["not", "an", "object"]),
]


@pytest.mark.parametrize("group,action,payload", BAD_EVENTS)
def test_malformed_events_refused(group, action, payload):
    with pytest.raises(attendance.EventError):
        attendance.parse(group, action, payload)


def test_event_json_round_trip_and_keys():
    for item in MEETING:
        event = attendance.parse(*item)
        assert attendance.from_json(attendance.to_json(event)) == event
    keys = [attendance.parse(*item).key() for item in MEETING]
    assert len(set(keys)) == len(keys)


# ---- signed links -------------------------------------------------------------------------

KEY = b"k" * 32


def test_invitation_round_trip_and_refusals():
    token = invitations.sign_invitation(KEY, "uid-1", "Ana@Example.org", "Ана", T0 + 100)
    assert invitations.verify_invitation(KEY, token, now=T0) == {
        "meeting": "uid-1",
        "email": "ana@example.org",
        "name": "Ана",
        "expires": T0 + 100,
    }
    table = [
        (KEY, token, T0 + 100, "expired"),
        (b"other key", token, T0, "signature"),
        (KEY, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), T0, "signature"),
        (KEY, "garbage", T0, "malformed"),
        (KEY, "a.b.c", T0, "malformed"),
        (KEY, "!!!.###", T0, "malformed"),
    ]
    for key, candidate, now, reason in table:
        with pytest.raises(invitations.InvitationError) as info:
            invitations.verify_invitation(key, candidate, now=now)
        assert info.value.reason == reason, candidate
    # a payload from one guest with another guest's signature does not pass
    other = invitations.sign_invitation(KEY, "uid-1", "eve@example.org", "Eve", T0 + 100)
    spliced = token.split(".")[0] + "." + other.split(".")[1]
    with pytest.raises(invitations.InvitationError):
        invitations.verify_invitation(KEY, spliced, now=T0)


def test_feed_tokens_are_revocable():
    token = invitations.feed_token(KEY, "ivan", "nonce-1")
    assert invitations.feed_user(token) == "ivan"
    assert invitations.check_feed_token(KEY, token, "nonce-1")
    assert not invitations.check_feed_token(KEY, token, "nonce-2")  # renewed: old one dead
    assert not invitations.check_feed_token(KEY, token, None)  # revoked
    assert not invitations.check_feed_token(b"other", token, "nonce-1")
    forged = invitations.feed_token(KEY, "ivan", "nonce-1").replace(
        token.split(".")[0], invitations.feed_token(KEY, "mayor", "x").split(".")[0]
    )
    assert not invitations.check_feed_token(KEY, forged, "nonce-1")
    assert invitations.feed_user("not-a-token") is None


# ---- ICS ----------------------------------------------------------------------------------


def event(sequence=0, cancelled=False):
    return ics.CalendarEvent(
        uid="abc@ratusha",
        sequence=sequence,
        summary="Бюджет 2027",
        start=at(10),
        end=at(11),
        stamp=at(8),
        description="Дневен ред",
        location="Голяма зала",
        url="https://x/m",
        organiser=ics.Person("Георги Иванов", "g@primerna.example"),
        attendees=(
            ics.Person("Иван Стоянов", "ivan@primerna.example"),
            ics.Person("", "ana@example.org"),
        ),
        cancelled=cancelled,
    )


def test_invitation_parses():
    calendar = icalendar.Calendar.from_ical(ics.invitation(event(sequence=2)))
    assert calendar["METHOD"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "abc@ratusha" and int(vevent["SEQUENCE"]) == 2
    assert vevent.decoded("DTSTART") == at(10) and vevent.decoded("DTEND") == at(11)
    assert str(vevent["ORGANIZER"]) == "mailto:g@primerna.example"
    assert vevent["ORGANIZER"].params["CN"] == "Георги Иванов"
    assert [str(a) for a in vevent["ATTENDEE"]] == [
        "mailto:ivan@primerna.example",
        "mailto:ana@example.org",
    ]
    assert str(vevent["STATUS"]) == "CONFIRMED" and str(vevent["URL"]) == "https://x/m"


def test_cancellation():
    calendar = icalendar.Calendar.from_ical(ics.invitation(event(sequence=3), method="CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 3


def test_feed_lists_events_in_order():
    later = ics.CalendarEvent("later@r", 0, "Later", at(15), at(16), at(8))
    body = ics.feed([later, event(cancelled=True)], name="Срещи")
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["METHOD"] == "PUBLISH" and calendar["X-WR-CALNAME"] == "Срещи"
    assert [str(v["UID"]) for v in calendar.walk("VEVENT")] == ["abc@ratusha", "later@r"]
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_invitation_needs_organiser_address_and_zone():
    with pytest.raises(ValueError):
        ics.invitation(ics.CalendarEvent("u", 0, "x", at(10), at(11), at(8)))
    with pytest.raises(ValueError):
        ics.invitation(event(), method="PUBLISH")
    naive = ics.CalendarEvent(
        "u", 0, "x", at(10).replace(tzinfo=None), at(11), at(8), organiser=ics.Person("a", "a@x")
    )
    with pytest.raises(ValueError):
        ics.invitation(naive)
