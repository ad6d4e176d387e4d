"""Recurring meetings over HTTP: tokens per occurrence, rules refused with 400, one date
cancelled (EXDATE, METHOD:CANCEL with RECURRENCE-ID), the feed's RRULE, the clock's auto-end."""

import datetime
import icalendar
from jitsi_verifier import verify_token
import json
from meetings_helpers import calendars
from meetings_helpers import configure_jitsi
from meetings_helpers import configure_mail
from meetings_helpers import event_of
from meetings_helpers import in_minutes
from meetings_helpers import make_meeting
from meetings_helpers import make_room
from meetings_helpers import PASSWORD
from meetings_helpers import same_time
from meetings_helpers import SECRET
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.meetings import series
from ratusha.meetings.mail import guest_expiry
import requests
import time
import transaction


MINUTE = datetime.timedelta(minutes=1)


def claims_of(reply):
    return verify_token(
        reply.json()["jwt"],
        alg="HS256",
        key=SECRET,
        accepted_issuers=("ratusha",),
        accepted_audiences=("jitsi",),
        now=time.time(),
    )


def test_tokens_follow_the_current_occurrence(http_people, api_session):
    configure_jitsi()  # overtime 30 minutes
    room = make_room()
    today = in_minutes(5)
    daily = make_meeting(
        room,
        title="Стендъп",
        start=same_time(today, -2),
        minutes=15,
        participants=["ivan"],
        recurrence="FREQ=DAILY;COUNT=5",
        guests=["Ана <ana@example.org>"],
    )
    next_week = in_minutes(3 * 24 * 60)
    weekly = make_meeting(
        room,
        title="Седмична",
        start=same_time(next_week, -7),
        participants=["ivan"],
        recurrence="FREQ=WEEKLY;COUNT=3",
    )
    transaction.commit()
    ivan = api_session("ivan", PASSWORD)
    reply = ivan.post(f"{daily.absolute_url()}/@jitsi-join")
    assert reply.status_code == 200, reply.text
    claims = claims_of(reply)
    assert claims["exp"] == int((today + 15 * MINUTE).timestamp()) + 30 * 60
    assert claims["nbf"] <= time.time() - 55
    # a host joining does not move the series to "in progress": it has more dates
    assert api_session("host", PASSWORD).post(f"{daily.absolute_url()}/@jitsi-join").ok
    transaction.begin()
    assert api.content.get_state(daily) == "scheduled"
    # between two dates: 403 naming the next one
    refused = ivan.post(f"{weekly.absolute_url()}/@jitsi-join")
    assert refused.status_code == 403 and "jwt" not in refused.json()
    assert refused.json()["reason"] == "outside-occurrence"
    assert next_week.strftime("%d.%m.%Y %H:%M") in refused.json()["error"]["message"]
    # guests' links last until the last date's end plus the overtime
    last_end = same_time(today, 2) + 15 * MINUTE
    assert guest_expiry(daily) == int(last_end.timestamp()) + 30 * 60


def test_rules_refused_with_400_and_nothing_written(http_people, api_session):
    room = make_room()
    transaction.commit()
    host = api_session("host", PASSWORD)
    start = in_minutes(2 * 24 * 60)
    body = {
        "@type": "Meeting",
        "title": "Безкрайна",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=1)).isoformat(),
        "recurrence": "FREQ=WEEKLY",
    }
    for rule, marker in (
        ("FREQ=WEEKLY", "200"),
        ("FREQ=WEEKLY;COUNT=500", "200"),
        ("FREQ=SOMETIMES;COUNT=2", "FREQ"),
        (f"FREQ=DAILY;UNTIL={start.year + 3}0101", "2"),
    ):
        reply = host.post(room.absolute_url(), json=dict(body, recurrence=rule))
        assert reply.status_code == 400, rule
        assert reply.json()["type"] == "BadRequest" and marker in reply.json()["message"], rule
    transaction.begin()
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(portal_type="Meeting", Title="Безкрайна")
    created = host.post(room.absolute_url(), json=dict(body, recurrence="FREQ=WEEKLY;COUNT=4"))
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    patched = host.patch(url, json={"recurrence": "FREQ=DAILY;COUNT=999"})
    assert patched.status_code == 400
    assert host.get(url).json()["recurrence"] == "FREQ=WEEKLY;COUNT=4"
    assert len(host.get(f"{url}/@occurrences").json()["items"]) == 4


@pytest.mark.smtp
def test_cancel_one_date_of_a_series(http_people, api_session, smtp_server, audit_log):
    controller, collector = smtp_server
    configure_mail(controller.port)
    configure_jitsi()
    room = make_room()
    start = in_minutes(2 * 24 * 60)
    meeting = make_meeting(
        room,
        title="Седмична оперативка",
        start=start,
        participants=["ivan", "maria"],
        guests=["Ана <ana@example.org>"],
        recurrence="FREQ=WEEKLY;COUNT=4",
    )
    transaction.commit()
    invitation = event_of(calendars(collector)["ivan@primerna.example"][1])
    assert invitation["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=4"
    assert invitation["DTSTART"].params["TZID"] == "Europe/Sofia"
    assert invitation.decoded("DTSTART") == start

    host = api_session("host", PASSWORD)
    url = meeting.absolute_url()
    dates = [i["start"] for i in host.get(f"{url}/@occurrences").json()["items"]]
    assert dates[1] == same_time(start, 7).isoformat()
    # refusals first: nothing is written, nothing is sent
    for payload, status in (
        ({"occurrence": "next tuesday"}, 400),
        ({"occurrence": same_time(start, 8).isoformat()}, 400),
        ({}, 400),
    ):
        reply = host.post(f"{url}/@cancel-occurrence", json=payload)
        assert reply.status_code == status and reply.json()["error"]["message"], payload
    assert api_session("ivan", PASSWORD).post(
        f"{url}/@cancel-occurrence", json={"occurrence": dates[1]}
    ).status_code in (401, 403)
    assert collector.messages == []

    reply = host.post(f"{url}/@cancel-occurrence", json={"occurrence": dates[1]})
    assert reply.status_code == 200, reply.text
    assert reply.json()["cancelled"]["start"] == dates[1]
    sent = calendars(collector)
    assert set(sent) == {"ivan@primerna.example", "maria@primerna.example", "ana@example.org"}
    cancel = sent["maria@primerna.example"][1]
    assert cancel["METHOD"] == "CANCEL"
    vevent = event_of(cancel)
    assert vevent.decoded("RECURRENCE-ID") == same_time(start, 7)
    assert vevent["RECURRENCE-ID"].params["TZID"] == "Europe/Sofia"
    assert str(vevent["UID"]) == f"{meeting.UID()}@ratusha" and int(vevent["SEQUENCE"]) == 1
    assert "RRULE" not in vevent
    transaction.begin()
    assert "EXDATE:" in meeting.recurrence
    left = host.get(f"{url}/@occurrences").json()
    assert [i["start"] for i in left["items"]] == [dates[0], dates[2], dates[3]]
    assert [i["start"] for i in left["skipped"]] == [dates[1]]
    assert (
        host.post(f"{url}/@cancel-occurrence", json={"occurrence": dates[1]}).status_code == 400
    )  # already cancelled
    [row] = audit_log.new(action="meetings.occurrence-cancelled")
    assert json.loads(row["details"])["occurrence"] == dates[1]

    # the next change of the series carries the EXDATE
    meeting.title = "Оперативка на отдела"
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    notify(ObjectModifiedEvent(meeting))
    transaction.commit()
    update = event_of(calendars(collector)["ivan@primerna.example"][1])
    assert int(update["SEQUENCE"]) == 2
    assert [d.dt for d in update["EXDATE"].dts] == [same_time(start, 7)]

    # the personal calendar feed has the rule and the skipped date
    ivan = api_session("ivan", PASSWORD)
    feed = requests.get(ivan.post(f"{http_people.absolute_url()}/@calendar-feed").json()["url"])
    calendar = icalendar.Calendar.from_ical(feed.content)
    [vevent] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(meeting.UID())]
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=4"
    assert [d.dt for d in vevent["EXDATE"].dts] == [same_time(start, 7)]
    assert calendar.walk("VTIMEZONE")


def test_the_clock_ends_overdue_meetings(http_people, audit_log):
    api.portal.set_registry_record("ratusha.jitsi.margin_minutes", 30)
    room = make_room()
    overdue = make_meeting(room, title="Забравена", start=in_minutes(-180))
    with api.env.adopt_user(username="host"):
        api.content.transition(obj=overdue, transition="start")
    finished = make_meeting(
        room,
        title="Минала серия",
        start=same_time(in_minutes(-180), -7),
        recurrence="FREQ=WEEKLY;COUNT=2",
    )
    transaction.commit()
    url = f"{http_people.absolute_url()}/@@meetings-housekeeping"
    refused = requests.get(url, auth=("host", PASSWORD), allow_redirects=False)
    assert refused.status_code in (302, 401, 403), refused.status_code  # Manage portal only
    reply = requests.get(url, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
    assert reply.status_code == 200 and reply.json()["ended"] == 2
    transaction.begin()
    assert {api.content.get_state(m) for m in (overdue, finished)} == {"ended"}
    assert len(audit_log.new(action="meetings.meeting-auto-ended")) == 2
    assert requests.get(url, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)).json()["ended"] == 0
    assert series.is_recurring(finished)
