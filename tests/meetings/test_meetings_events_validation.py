"""@jitsi-events: every number is a real time, events are fresh, and bad rows stored before the
checks cannot break a meeting's attendance report."""

import json
import math
from meetings_helpers import PASSWORD
import pytest
from ratusha.meetings import attendance
from ratusha.meetings.attendance import check_fresh
from ratusha.meetings.attendance import EventError
from ratusha.meetings.attendance import timestamp
import requests
from test_meetings_rest import client
from test_meetings_rest import post_event
from test_meetings_rest import setup_meeting
import time
import transaction


NOW = 1_800_000_000  # 2027-01-15

TIMESTAMPS = [
    (NOW, float(NOW)),
    (NOW + 0.5, NOW + 0.5),
    (946_684_800, 946_684_800.0),
    (4_102_444_800, 4_102_444_800.0),
    (946_684_799, EventError),
    (4_102_444_801, EventError),
    (0, EventError),
    (-1, EventError),
    (-1e12, EventError),
    (1e12, EventError),
    (10**400, EventError),
    (-(10**400), EventError),
    (math.inf, EventError),
    (-math.inf, EventError),
    (math.nan, EventError),
    (True, EventError),
    (False, EventError),
    ("1800000000", EventError),
    ("soon", EventError),
    (None, EventError),
    ([NOW], EventError),
    ({"at": NOW}, EventError),
]


@pytest.mark.parametrize("value,expected", TIMESTAMPS)
def test_timestamp_rule(value, expected):
    if expected is EventError:
        with pytest.raises(EventError):
            timestamp(value, "at")
    else:
        assert timestamp(value, "at") == expected


def joined(at, jid="r@c/ivan", joined_at=None):
    return attendance.Event(
        "occupant-joined",
        "r",
        "r@c",
        at,
        occupant=attendance.Occupant(jid, at if joined_at is None else joined_at, None, "ivan"),
    )


def destroyed(at, *connections):
    return attendance.Event(
        "room-destroyed",
        "r",
        "r@c",
        at,
        occupants=tuple(
            attendance.Occupant(f"r@c/{n}", start, end, f"u{n}")
            for n, (start, end) in enumerate(connections)
        ),
    )


FRESHNESS = [
    # event, window minutes, fresh?
    (joined(NOW), 120, True),
    (joined(NOW - 120 * 60), 120, True),
    (joined(NOW + 120 * 60), 120, True),
    (joined(NOW - 120 * 60 - 1), 120, False),
    (joined(NOW + 120 * 60 + 1), 120, False),
    (joined(NOW - 3600), 30, False),
    (joined(NOW - 3600), 61, True),
    (joined(NOW - 365 * 86400), 120, False),
    (destroyed(NOW, (NOW - 3 * 86400, NOW - 60), (NOW - 600, None)), 120, True),
    (destroyed(NOW, (NOW - 8 * 86400, NOW - 60)), 120, False),  # a connection of 8 days
    (destroyed(NOW, (NOW - 600, NOW + 3 * 3600)), 120, False),  # left after the event
    (destroyed(NOW - 3 * 3600), 120, False),
]


@pytest.mark.parametrize("event,window,fresh", FRESHNESS)
def test_freshness_rule(event, window, fresh):
    if fresh:
        check_fresh(event, NOW, window)
    else:
        with pytest.raises(EventError):
            check_fresh(event, NOW, window)


BAD_NUMBERS = [-1e12, 1e400, -1e400, math.nan, 10**400, 0, "1800000000", True, None, []]
ROOM = {"room_name": "r", "room_jid": "r@c"}


def bodies(bad):
    good = {"occupant_jid": "r@c/x", "joined_at": NOW, "left_at": NOW + 60, "id": "ivan"}
    yield "room", "created", dict(ROOM, created_at=bad)
    yield "room", "destroyed", dict(ROOM, destroyed_at=bad)
    yield (
        "room",
        "destroyed",
        dict(ROOM, destroyed_at=NOW, all_occupants=[good, dict(good, joined_at=bad)]),
    )
    if bad is not None:  # left_at may be missing from all_occupants
        yield (
            "room",
            "destroyed",
            dict(ROOM, destroyed_at=NOW, all_occupants=[dict(good, left_at=bad)]),
        )
    yield "occupant", "joined", dict(ROOM, occupant=dict(good, joined_at=bad))
    yield "occupant", "left", dict(ROOM, occupant=dict(good, left_at=bad))
    yield "occupant", "left", dict(ROOM, occupant=dict(good, joined_at=bad))


@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
def test_parse_refuses_every_bad_number(bad):
    for group, action, body in bodies(bad):
        with pytest.raises(EventError):
            attendance.parse(group, action, body)


def test_reduce_leaves_out_bad_rows_stored_before_the_checks():
    good = joined(NOW - 600)
    rows = [
        attendance.to_json(e)
        for e in (
            good,
            joined(-1e12, jid="r@c/a"),
            joined(math.inf, jid="r@c/b"),
            joined(math.nan, jid="r@c/c"),
            joined(NOW, jid="r@c/d", joined_at=-math.inf),
            destroyed(NOW, (1e300, None)),
        )
    ]
    events = [attendance.from_json(row) for row in rows]
    people = attendance.reduce(events, now=NOW)
    assert [(p.user_id, p.total) for p in people] == [("ivan", 600.0)]


# --- over HTTP --------------------------------------------------------------------------------

RAW_BODIES = [
    '{"created_at": -1e12}',
    '{"created_at": Infinity}',
    '{"created_at": -Infinity}',
    '{"created_at": NaN}',
    '{"created_at": 1e400}',
    '{"created_at": 1' + "0" * 400 + "}",
    '{"created_at": 1' + "0" * 5000 + "}",
    '{"created_at": "1800000000"}',
    '{"created_at": true}',
    '{"created_at": null}',
    '{"created_at": %d}' % (time.time() - 86400),  # yesterday: stale
    '{"created_at": %d}' % (time.time() + 86400),  # tomorrow
]


def raw_event(portal_url, path, text):
    return requests.post(
        f"{portal_url}/++api++/@jitsi-events/events/{path}",
        data=text,
        headers={
            "Content-Type": "application/json",
            "Authorization": "Bearer events-secret-for-tests",
        },
    )


def test_bad_numbers_and_stale_events_get_400_and_attendance_keeps_working(
    http_people, api_session
):
    from ratusha.meetings import store

    room, meeting = setup_meeting(participants=["ivan"])
    portal_url = http_people.absolute_url()
    data = client(api_session, "host").post(f"{meeting.absolute_url()}/@jitsi-join").json()
    name, jid = data["roomName"], f"{data['roomName']}@conference.meet.jitsi"
    head = {"room_name": name, "room_jid": jid}
    for text in RAW_BODIES:
        body = text.replace("{", "{" + json.dumps(head)[1:-1] + ", ", 1)
        reply = raw_event(portal_url, "room/created", body)
        assert reply.status_code == 400, (text[:60], reply.status_code, reply.text[:300])
        assert reply.json()["error"]["message"]
    now = int(time.time())
    occupant = {"occupant_jid": f"{jid}/ivan", "joined_at": now - 60, "id": "ivan"}
    for bad in (-1e12, 1e400, 10**400, "x", True):
        reply = post_event(
            portal_url, "occupant/left", dict(head, occupant=dict(occupant, left_at=bad))
        )
        assert reply.status_code == 400, (bad, reply.text[:300])
    assert (
        post_event(portal_url, "occupant/joined", dict(head, occupant=occupant)).json()["stored"]
        is True
    )
    transaction.begin()
    assert len(store.events_for(meeting.UID())) == 1

    # rows stored by an older version, before the numbers were checked
    known = store.lookup_room(name)
    for at in (-1e12, math.inf, math.nan):
        event = attendance.Event(
            "occupant-joined",
            name,
            jid,
            at,
            occupant=attendance.Occupant(f"{jid}/x{at}", at, None, "maria"),
        )
        store.add_event(event, known["content_uid"], known["room_uid"])
    report = client(api_session, "host").get(f"{meeting.absolute_url()}/@meeting-attendance")
    assert report.status_code == 200, report.text[-2000:]
    assert [i["user"] for i in report.json()["items"]] == ["ivan"]
    page = requests.get(f"{meeting.absolute_url()}/@@attendance", auth=("host", PASSWORD))
    assert page.status_code == 200, page.text[-2000:]


def test_the_freshness_window_is_a_setting(http_people, api_session):
    from plone import api

    room, meeting = setup_meeting(participants=["ivan"])
    portal_url = http_people.absolute_url()
    data = client(api_session, "host").post(f"{meeting.absolute_url()}/@jitsi-join").json()
    head = {"room_name": data["roomName"], "room_jid": f"{data['roomName']}@conference.x"}
    three_hours_ago = int(time.time()) - 3 * 3600
    stale = dict(head, created_at=three_hours_ago)
    assert post_event(portal_url, "room/created", stale).status_code == 400
    api.portal.set_registry_record("ratusha.jitsi.events_window_minutes", 240)
    transaction.commit()
    assert post_event(portal_url, "room/created", stale).json()["stored"] is True
