"""Presence from all three sources (staff in the hall, the councillor's own check-in, the
video room's attendance events), kept apart, and refused for non-councillors."""

from council_helpers import convened_session
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import make_session
from council_helpers import OUTSIDER
from council_helpers import STAFF
import datetime
from plone import api
from plone.uuid.interfaces import IUUID
import pytest
from ratusha.council import attendance
from ratusha.council.attendance import PresenceError
from ratusha.meetings import attendance as meeting_attendance
from ratusha.meetings import store as meeting_store
import time


def row(session, user):
    [found] = [r for r in attendance.presence_table(session) if r["user"] == user]
    return found


def test_staff_records_arrivals_and_leaves(council):
    session = convened_session()
    with api.env.adopt_user(username=STAFF):
        first = attendance.record_presence(session, "cllr02", True, "staff")
        assert first == {
            "changed": True,
            "user": "cllr02",
            "kind": "arrive",
            "source": "staff",
            "present": True,
        }
        again = attendance.record_presence(session, "cllr02", True, "staff")
        assert again["changed"] is False
        assert attendance.record_presence(session, "cllr02", False, "staff")["kind"] == "leave"
        assert attendance.record_presence(session, "cllr02", True, "staff")["kind"] == "return"
    assert attendance.present_councillors(session) == ["cllr02"]
    assert row(session, "cllr02")["sources"] == {"staff": "return"}
    log = attendance.presence_log(session)
    assert [(e["kind"], e["source"], e["actor"]) for e in log] == [
        ("arrive", "staff", STAFF),
        ("leave", "staff", STAFF),
        ("return", "staff", STAFF),
    ]


@pytest.mark.parametrize("user", [OUTSIDER, "mayorx", "nobody"])
def test_presence_of_a_non_councillor_is_refused(council, user):
    session = convened_session()
    with api.env.adopt_user(username=STAFF), pytest.raises(PresenceError) as refused:
        attendance.record_presence(session, user, True, "staff")
    assert refused.value.status == 400


def test_presence_only_in_a_convened_or_open_session(council):
    session = make_session()
    make_item(session)
    with api.env.adopt_user(username=STAFF), pytest.raises(PresenceError) as refused:
        attendance.record_presence(session, "cllr02", True, "staff")
    assert refused.value.status == 409


def test_self_check_in(council):
    session = convened_session()
    with api.env.adopt_user(username="cllr07"):
        change = attendance.record_presence(session, "cllr07", True, "self", actor="cllr07")
        assert change["source"] == "self" and change["present"]
        with pytest.raises(PresenceError) as refused:  # only oneself
            attendance.record_presence(session, "cllr08", True, "self", actor="cllr07")
        assert refused.value.status == 403
    # staff and self share the hall: the clerk's "left" wins when it is later
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, "cllr07", False, "staff")
    status = row(session, "cllr07")
    assert not status["present"] and status["sources"] == {"self": "arrive", "staff": "leave"}
    council.self_checkin = False
    with api.env.adopt_user(username="cllr09"), pytest.raises(PresenceError) as refused:
        attendance.record_presence(session, "cllr09", True, "self", actor="cllr09")
    assert refused.value.status == 403


def occupant_event(room_name, user, kind, joined, left=None, name="Съветник"):
    occupant = {
        "occupant_jid": f"{room_name}@muc.meet.jitsi/{user}-{joined}",
        "joined_at": joined,
        "id": user,
        "name": name,
        "email": f"{user}@primerna.example",
    }
    if left is not None:
        occupant["left_at"] = left
    payload = {
        "room_name": room_name,
        "room_jid": f"{room_name}@muc.meet.jitsi",
        "occupant": occupant,
    }
    return meeting_attendance.parse("occupant", kind, payload)


def starting_now(session):
    """Convened days ahead (notice), the session is moved to now to be held."""
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=30)
    session.start, session.end = start, start + datetime.timedelta(hours=4)
    return session


def video(room, *events):
    for event in events:
        meeting_store.add_event(event, IUUID(room), IUUID(room))


def test_presence_from_the_video_room(council):
    session = starting_now(
        convened_session(mode="hybrid", remote_basis="Заповед № 7 за извънредна обстановка")
    )
    room = api.content.get(UID=session.video_room)
    assert room is not None and room.portal_type == "MeetingRoom"
    name = f"council-{IUUID(session)[:8]}"
    now = time.time()
    video(
        room,
        occupant_event(name, "cllr03", "joined", now - 60),
        occupant_event(name, OUTSIDER, "joined", now - 50),  # not a councillor: ignored
        occupant_event(name, "guest:ana@example.org", "joined", now - 40),
    )
    assert attendance.present_councillors(session) == ["cllr03"]
    status = row(session, "cllr03")
    assert status["video"] and not status["hall"] and status["sources"] == {"video": "arrive"}
    # deliveries repeat: nothing is counted twice
    assert attendance.sync_video(session) == 0
    video(room, occupant_event(name, "cllr03", "left", now - 60, left=now - 10))
    assert attendance.present_councillors(session) == []
    assert [e["kind"] for e in attendance.presence_log(session)] == ["arrive", "leave"]
    # all three sources, kept apart
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, "cllr04", True, "staff")
    with api.env.adopt_user(username="cllr05"):
        attendance.record_presence(session, "cllr05", True, "self", actor="cllr05")
    video(room, occupant_event(name, "cllr03", "joined", now - 5))
    assert attendance.present_councillors(session) == ["cllr03", "cllr04", "cllr05"]
    sources = {e["user"]: e["source"] for e in attendance.presence_log(session)}
    assert sources == {"cllr03": "video", "cllr04": "staff", "cllr05": "self"}
    assert row(session, "cllr03")["sources"] == {"video": "return"}


def test_video_does_not_count_in_an_in_person_session(council):
    session = starting_now(convened_session())
    council_room = api.content.get(UID=council.video_room)
    session.video_room = council_room.UID()
    video(council_room, occupant_event("hall", "cllr06", "joined", time.time() - 30))
    assert attendance.present_councillors(session) == []


def test_quorum_counts_all_seats(council):
    session = convened_session()
    with api.env.adopt_user(username=STAFF):
        for user in COUNCILLORS[:10]:
            attendance.record_presence(session, user, True, "staff")
        status = attendance.quorum_status(session)
        assert (status["present"], status["required"], status["quorate"]) == (10, 11, False)
        attendance.record_presence(session, COUNCILLORS[10], True, "staff")
        assert attendance.quorum_status(session)["quorate"] is True
    council.seats = 51
    assert attendance.quorum_status(session)["required"] == 26
