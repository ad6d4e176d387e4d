"""The report's meetings and council figures agree with @meeting-attendance and
@council-compliance: a meeting held in November 2026 with two of three invited in its call, a
session held with two decisions and one convened without a live stream. Clock frozen."""

import datetime
from plone import api
import pytest
from ratusha.core.dates import SOFIA
from ratusha.meetings import attendance
from ratusha.meetings import store
import time_machine
import transaction


council_helpers = pytest.importorskip("council_helpers")
meetings_helpers = pytest.importorskip("meetings_helpers")

NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
PASSWORD = "secret-password-1"


def at(time_machine, day, hour=10, minute=0):
    moment = datetime.datetime(2026, 11, day, hour, minute, tzinfo=SOFIA)
    time_machine.move_to(moment, tick=False)
    return moment


def day(number):
    return datetime.datetime(2026, 11, number, 10, 0, tzinfo=SOFIA)


def in_the_call(meeting, user_id, joined, left):
    room = meeting.aq_parent
    jid = f"{room.getId()}@conference/{user_id}"
    occupant = attendance.Occupant(jid, joined, None, user_id)
    events = [
        attendance.Event("occupant-joined", room.getId(), "r@c", joined, occupant=occupant),
        attendance.Event(
            "occupant-left",
            room.getId(),
            "r@c",
            left,
            occupant=attendance.Occupant(jid, joined, left, user_id),
        ),
    ]
    for event in events:
        store.add_event(event, meeting.UID(), room.UID())


def held_meeting(time_machine):
    start = at(time_machine, 12, 10, 0) + datetime.timedelta(minutes=5)
    room = meetings_helpers.make_room()
    meeting = meetings_helpers.make_meeting(
        room, start=start, participants=("ivan", "maria"), organiser="host"
    )
    begin = start.timestamp()
    in_the_call(meeting, "host", begin - 120, begin + 3600)
    in_the_call(meeting, "ivan", begin + 60, begin + 1800)
    at(time_machine, 12, 11, 30)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=meeting, transition="end")
    return meeting


def sessions(time_machine):
    at(time_machine, 10)
    held = council_helpers.convened_session(start=day(26))
    without_stream = council_helpers.convened_session(start=day(30), livestream_url="")
    at(time_machine, 26, 15)
    for number, item in enumerate(held.objectValues(), start=1):
        if getattr(item, "kind", None) == "decision":
            item.decision_number = f"{100 + number}"
    workflow = api.portal.get_tool("portal_workflow")
    status = dict(workflow.getStatusOf("ratusha_council_session_workflow", held))
    status.update(review_state="closed", action="close", time=status["time"])
    workflow.setStatusOf("ratusha_council_session_workflow", held, status)  # as if it sat
    held.reindexObject()
    return held, without_stream


@pytest.fixture
def municipality(functional, monkeypatch):
    """Made in November; committed on the real clock, which the database's snapshots follow
    (the report's figures here do not depend on today)."""
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", meetings_helpers.SECRET)
    council_helpers.make_people()
    meetings_helpers.make_people()
    council_helpers.make_council()
    with time_machine.travel(day(1), tick=False) as traveller:
        meeting = held_meeting(traveller)
        sessions(traveller)
    transaction.commit()
    return functional["portal"], meeting


def test_meetings_and_council_agree_with_their_own_services(municipality, api_session):
    portal, meeting = municipality
    mayor = api_session(council_helpers.MAYOR, PASSWORD)
    reply = mayor.get(f"{portal.absolute_url()}/@administration-report", params=NOVEMBER)
    assert reply.status_code == 200, reply.text
    data = reply.json()

    host = api_session("host", PASSWORD)
    call = host.get(f"{meeting.absolute_url()}/@meeting-attendance").json()
    came = [p for p in call["items"] if not p["guest"]]
    assert data["meetings"]["held"] == 1
    assert data["meetings"]["attended"] == len(came) == 2
    assert data["meetings"]["invited"] == len(came) + len(call["absent"]) == 3
    assert data["meetings"]["attendance"] == 0.667
    assert data["meetings"]["by_month"]["2026-11"] == 1

    staff = api_session(council_helpers.STAFF, PASSWORD)
    warnings = staff.get(f"{portal.absolute_url()}/@council-compliance").json()["items"]
    codes = {}
    for session in warnings:
        for warning in session["warnings"]:
            codes[warning["code"]] = codes.get(warning["code"], 0) + 1
    council = data["council"]
    assert council["warnings"] == codes == {"no-livestream": 1}
    assert (council["sessions"], council["held"], council["decisions"]) == (2, 1, 1)
    assert (council["compliant"], council["share_compliant"]) == (1, 0.5)
