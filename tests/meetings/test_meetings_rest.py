"""Meetings over real HTTP: tokens for the right people, guests, event_sync attendance."""

import datetime
from jitsi_verifier import verify_room
from jitsi_verifier import verify_token
import json
from meetings_helpers import configure_jitsi
from meetings_helpers import in_minutes
from meetings_helpers import make_meeting
from meetings_helpers import make_room
from meetings_helpers import PASSWORD
from meetings_helpers import SECRET
from plone import api
from ratusha.core.dates import from_timestamp
from ratusha.core.dates import iso
from ratusha.meetings import invitations
from ratusha.meetings.jitsi import links_key
from ratusha.meetings.mail import guest_link
import requests
import time
import transaction


EVENTS_SECRET = "events-secret-for-tests"


def client(api_session, user):
    return api_session(user, PASSWORD)


def verified(data):
    """The claims, checked like prosody would for the room the page joins."""
    claims = verify_token(
        data["jwt"],
        alg="HS256",
        key=SECRET,
        accepted_issuers=("ratusha",),
        accepted_audiences=("jitsi",),
        now=time.time(),
    )
    assert verify_room(claims, f"{data['roomName']}@conference.meet.jitsi")
    return claims


def setup_meeting(**fields):
    configure_jitsi()
    room = make_room()
    meeting = make_meeting(room, **fields)
    transaction.commit()
    return room, meeting


def test_tokens_for_participant_and_host(http_people, api_session, audit_log):
    room, meeting = setup_meeting(participants=["ivan"])
    url = f"{meeting.absolute_url()}/@jitsi-join"
    reply = client(api_session, "ivan").post(url)
    assert reply.status_code == 200, reply.text
    assert "no-store" in reply.headers["Cache-Control"]
    data = reply.json()
    assert data["domain"] == "meet.primerna.test" and data["lang"] == "bg"
    assert data["configOverwrite"]["readOnlyName"] is True
    assert data["roomName"].startswith("ratusha-") and meeting.UID() not in data["roomName"]
    claims = verified(data)
    user = claims["context"]["user"]
    assert (user["id"], user["name"], user["affiliation"], user["moderator"]) == (
        "ivan",
        "Иван Стоянов",
        "member",
        False,
    )
    assert user["lobby_bypass"] is True  # invited by name
    assert claims["context"]["features"]["recording"] is False
    end = int(meeting.end.timestamp())
    assert claims["exp"] == end + 30 * 60 and claims["sub"] == "meet.jitsi"
    assert claims["nbf"] <= time.time() - 55
    # the organiser gets a moderator token for the same room, and the meeting starts
    host = client(api_session, "host").post(url).json()
    assert host["roomName"] == data["roomName"]
    assert verified(host)["context"]["user"]["affiliation"] == "owner"
    assert host["moderator"] is True and host["lobby"] is True
    transaction.begin()
    assert api.content.get_state(meeting) == "in_progress"
    assert len(audit_log.new(action="meetings.room-created")) == 1
    [scheduled] = audit_log.new(action="meetings.meeting-scheduled")
    assert scheduled["object_path"].endswith("/byudzhet-2027")  # recorded at its final address
    issued = audit_log.new(action="meetings.token-issued")
    assert [r["actor_id"] for r in issued] == ["ivan", "host"]
    assert data["jwt"] not in json.dumps(audit_log.new(), default=str)


def test_who_gets_no_token(http_people, api_session, audit_log):
    room, meeting = setup_meeting(participants=["ivan"])
    url = f"{meeting.absolute_url()}/@jitsi-join"
    outsider = client(api_session, "outsider").post(url)
    assert outsider.status_code == 403 and "jwt" not in outsider.json()
    assert outsider.json()["reason"] == "forbidden"
    anonymous = api_session().post(url)
    assert anonymous.status_code == 401 and "jwt" not in anonymous.text
    # the room itself: members (dep-budget) may enter, a meeting's participant may not
    room_url = f"{room.absolute_url()}/@jitsi-join"
    assert client(api_session, "ivan").post(room_url).status_code == 403
    member = client(api_session, "maria").post(room_url)
    assert member.status_code == 200
    claims = verified(member.json())
    assert 8 * 3600 - 60 <= claims["exp"] - time.time() <= 8 * 3600 + 5
    assert claims["context"]["user"]["moderator"] is False
    refused = audit_log.new(action="meetings.token-refused")
    assert {r["actor_id"] for r in refused} == {"outsider", "ivan"}


def test_not_now(http_people, api_session):
    configure_jitsi()
    room = make_room()
    later = make_meeting(room, title="Следобед", start=in_minutes(180))
    gone = make_meeting(room, title="Отменена", start=in_minutes(5))
    with api.env.adopt_user(username="host"):
        api.content.transition(obj=gone, transition="cancel")
    transaction.commit()
    ivan = client(api_session, "ivan")
    early = ivan.post(f"{later.absolute_url()}/@jitsi-join")
    assert early.status_code == 409 and early.json()["reason"] == "early"
    opens = later.start - datetime.timedelta(minutes=10)
    assert opens.strftime("%d.%m.%Y %H:%M") in early.json()["error"]["message"]
    assert ivan.post(f"{gone.absolute_url()}/@jitsi-join").json()["reason"] == "cancelled"
    api.portal.set_registry_record("ratusha.jitsi.domain", "")
    transaction.commit()
    off = ivan.post(f"{room.absolute_url()}/@jitsi-join")
    assert off.status_code == 403  # ivan is not a room member; maria gets the real answer
    off = client(api_session, "maria").post(f"{room.absolute_url()}/@jitsi-join")
    assert off.status_code == 503 and off.json()["reason"] == "not-configured"


def test_guest_invitation(http_people, api_session):
    room, meeting = setup_meeting(guests=["Ана Иванова <Ana@Example.org>"])
    link = guest_link(meeting, "ana@example.org", "Ана Иванова")
    token = link.split("invitation=")[1]
    portal_url = http_people.absolute_url()
    guest = api_session()
    reply = guest.post(f"{portal_url}/@jitsi-guest-join", json={"invitation": token})
    assert reply.status_code == 200, reply.text
    claims = verified(reply.json())
    user = claims["context"]["user"]
    assert (user["id"], user["name"], user["moderator"], user["affiliation"]) == (
        "guest:ana@example.org",
        "Ана Иванова",
        False,
        "member",
    )
    assert user["lobby_bypass"] is False
    assert claims["context"]["features"]["screen-sharing"] is False
    page = requests.get(link)
    assert page.status_code == 200 and "Бюджет 2027" in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    # a forged, an expired and a withdrawn invitation
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert (
        guest.post(f"{portal_url}/@jitsi-guest-join", json={"invitation": forged}).status_code
        == 403
    )
    old = invitations.sign_invitation(
        links_key(), meeting.UID(), "ana@example.org", "Ана", int(time.time()) - 1
    )
    assert (
        guest.post(f"{portal_url}/@jitsi-guest-join", json={"invitation": old}).status_code == 410
    )
    assert requests.get(f"{portal_url}/@@meeting-guest?invitation={old}").status_code == 410
    meeting.guests = []
    transaction.commit()
    withdrawn = guest.post(f"{portal_url}/@jitsi-guest-join", json={"invitation": token})
    assert withdrawn.status_code == 403 and withdrawn.json()["reason"] == "uninvited"


def post_event(portal_url, path, payload, secret=EVENTS_SECRET):
    """As prosody's event_sync does: JSON body, bearer header, no Accept header."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return requests.post(
        f"{portal_url}/++api++/@jitsi-events/events/{path}",
        data=json.dumps(payload),
        headers=headers,
    )


def test_attendance_from_event_sync(http_people, api_session, audit_log):
    room, meeting = setup_meeting(participants=["ivan", "maria"], guests=["Ана <ana@example.org>"])
    portal_url = http_people.absolute_url()
    data = client(api_session, "host").post(f"{meeting.absolute_url()}/@jitsi-join").json()
    name, jid = data["roomName"], f"{data['roomName']}@conference.meet.jitsi"
    t0 = int(time.time()) - 3600

    def occupant(user, when, left=None, name=""):
        body = {
            "occupant_jid": f"{jid}/{user}-{when}",
            "joined_at": when,
            "id": user,
            "name": name or user,
            "email": f"{user}@primerna.example",
        }
        if left:
            body["left_at"] = left
        return body

    base = {"room_name": name, "room_jid": jid, "is_breakout": False}
    joined_ivan = dict(base, event_name="muc-occupant-joined", occupant=occupant("ivan", t0 + 60))
    left_ivan = dict(
        base, event_name="muc-occupant-left", occupant=occupant("ivan", t0 + 60, t0 + 660)
    )
    guest = {
        "occupant_jid": f"{jid}/g",
        "joined_at": t0 + 100,
        "left_at": t0 + 400,
        "id": "guest:ana@example.org",
        "name": "Ана",
        "email": "ana@example.org",
    }
    # refused without the secret or with a wrong one
    assert post_event(portal_url, "occupant/joined", joined_ivan, secret=None).status_code == 401
    assert post_event(portal_url, "occupant/joined", joined_ivan, secret="nope").status_code == 401
    # the leave arrives before the join; the join is delivered twice
    assert post_event(
        portal_url, "room/created", dict(base, event_name="muc-room-created", created_at=t0)
    ).json()["stored"]
    assert post_event(portal_url, "occupant/left", left_ivan).json() == {
        "stored": True,
        "duplicate": False,
        "known": True,
    }
    assert post_event(portal_url, "occupant/joined", joined_ivan).json()["stored"] is True
    again = post_event(portal_url, "occupant/joined", joined_ivan)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert post_event(
        portal_url,
        "occupant/joined",
        dict(base, event_name="muc-occupant-joined", occupant=occupant("host", t0)),
    ).json()["stored"]
    # maria's and the guest's events were lost; the destroy event's summary repairs them
    destroyed = dict(
        base,
        event_name="muc-room-destroyed",
        destroyed_at=t0 + 1800,
        all_occupants=[
            occupant("ivan", t0 + 60, t0 + 660),
            occupant("maria", t0 + 120, t0 + 1320),
            guest,
            occupant("host", t0, None),
        ],
    )
    assert post_event(portal_url, "room/destroyed", destroyed).json()["stored"] is True
    assert post_event(portal_url, "room/exploded", destroyed).status_code == 404
    assert post_event(portal_url, "occupant/joined", {"room_name": name}).status_code == 400
    # a room nobody got a token for is acknowledged and not kept
    stranger = dict(
        base,
        room_name="someone-else",
        room_jid="someone-else@conference.x",
        event_name="muc-room-created",
        created_at=t0,
    )
    assert post_event(portal_url, "room/created", stranger).json()["known"] is False

    report = client(api_session, "host").get(f"{meeting.absolute_url()}/@meeting-attendance")
    assert report.status_code == 200
    people = {i["user"] or i["email"]: i for i in report.json()["items"]}
    assert people["ivan"]["minutes"] == 10.0 and people["ivan"]["connections"] == 1
    assert people["maria"]["minutes"] == 20.0
    assert people["host"]["minutes"] == 30.0  # never left: until the room was destroyed
    assert people["ana@example.org"]["guest"] is True and people["ana@example.org"]["minutes"] == 5
    assert people["ivan"]["first_join"] == iso(from_timestamp(t0 + 60))  # Sofia's offset
    assert report.json()["absent"] == []
    # only hosts may read it; every read is on the audit trail as personal data
    assert client(api_session, "ivan").get(
        f"{meeting.absolute_url()}/@meeting-attendance"
    ).status_code in (401, 403)
    page = requests.get(f"{meeting.absolute_url()}/@@attendance", auth=("host", PASSWORD))
    assert page.status_code == 200, page.text[-3000:]
    assert "Мария Петрова" in page.text
    views = audit_log.new(action="personal-data.view")
    assert [json.loads(v["details"])["what"] for v in views] == ["attendance", "attendance"]
    received = audit_log.new(action="meetings.attendance")
    assert len(received) == 5  # created, left, joined, host joined, destroyed: no replays
    assert audit_log.new(action="meetings.attendance-refused")


def test_double_booking_over_rest(http_people, api_session):
    configure_jitsi()
    hall = make_room(title="Голяма зала", location="зала 301")
    start = in_minutes(120)
    make_meeting(hall, title="Бюджет 2027", start=start)
    transaction.commit()
    body = {
        "@type": "Meeting",
        "title": "Друга среща",
        "start": (start + datetime.timedelta(minutes=15)).isoformat(),
        "end": (start + datetime.timedelta(minutes=75)).isoformat(),
    }
    reply = client(api_session, "maria").post(hall.absolute_url(), json=body)
    assert reply.status_code == 400
    message = reply.json()["message"]
    assert "Бюджет 2027" in message and "Голяма зала" in message
    body["start"] = (start + datetime.timedelta(minutes=60)).isoformat()
    body["end"] = (start + datetime.timedelta(minutes=90)).isoformat()
    created = client(api_session, "maria").post(hall.absolute_url(), json=body)
    assert created.status_code == 201, created.text
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        meeting = api.content.get(UID=created.json()["UID"])
    assert meeting.organiser == "maria" and meeting.start.tzinfo is not None
    assert meeting.start.utcoffset() in (datetime.timedelta(hours=2), datetime.timedelta(hours=3))
    # editing it over REST into the other meeting's time is refused too
    moved = client(api_session, "maria").patch(
        meeting.absolute_url(),
        json={
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=30)).isoformat(),
        },
    )
    assert moved.status_code == 400 and "Бюджет 2027" in moved.json()["message"]


def test_one_to_one_and_calendar_feed(http_people, api_session):
    configure_jitsi()
    transaction.commit()
    portal_url = http_people.absolute_url()
    ivan = client(api_session, "ivan")
    call = ivan.post(f"{portal_url}/@one-to-one", json={"participant": "maria", "minutes": 20})
    assert call.status_code == 201, call.text
    assert "/meetings/personal/ivan/" in call.json()["@id"]
    maria = client(api_session, "maria")
    token = maria.post(call.json()["@id"] + "/@jitsi-join")
    assert token.status_code == 200
    assert verified(token.json())["context"]["user"]["moderator"] is False
    assert ivan.post(f"{portal_url}/@one-to-one", json={"participant": "ivan"}).status_code == 400
    assert ivan.post(f"{portal_url}/@one-to-one", json={"participant": "nobody"}).status_code == 400
    # the calendar feed
    assert maria.get(f"{portal_url}/@calendar-feed").json() == {"url": None}
    url = maria.post(f"{portal_url}/@calendar-feed").json()["url"]
    feed = requests.get(url)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content and call.json()["title"].encode() in feed.content
    assert maria.delete(f"{portal_url}/@calendar-feed").status_code == 204
    assert requests.get(url).status_code == 404
