"""Invitations reach a real SMTP server with iCalendar that calendar programs accept."""

import datetime
import json
from meetings_helpers import calendars
from meetings_helpers import configure_mail
from meetings_helpers import event_of
from meetings_helpers import in_minutes
from meetings_helpers import make_meeting
from meetings_helpers import make_room
from plone import api
import pytest
from ratusha.meetings import invitations
from ratusha.meetings.jitsi import links_key
from ratusha.notifications.storage import get_inbox
import transaction
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


pytestmark = pytest.mark.smtp


def test_invite_update_cancel(http_people, smtp_server, audit_log):
    controller, collector = smtp_server
    configure_mail(controller.port)
    room = make_room(location="пл. „Централен“ 1, зала 204")
    start = in_minutes(24 * 60)
    meeting = make_meeting(
        room, start=start, participants=["ivan", "maria"], guests=["Ана Иванова <ana@example.org>"]
    )
    assert collector.messages == []  # nothing leaves before the act commits
    transaction.commit()

    sent = calendars(collector)
    assert set(sent) == {"ivan@primerna.example", "maria@primerna.example", "ana@example.org"}
    message, calendar = sent["ivan@primerna.example"]
    assert calendar["METHOD"] == "REQUEST"
    assert message["Subject"].startswith("Покана") or message["Subject"].startswith("Invitation")
    assert message["Reply-To"].endswith("<host@primerna.example>")
    vevent = event_of(calendar)
    uid = str(vevent["UID"])
    assert uid == f"{meeting.UID()}@ratusha" and int(vevent["SEQUENCE"]) == 0
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == start + datetime.timedelta(minutes=60)
    assert str(vevent["ORGANIZER"]) == "mailto:host@primerna.example"
    assert vevent["ORGANIZER"].params["CN"] == "Георги Иванов"
    attendees = sorted(str(a) for a in vevent["ATTENDEE"])
    assert attendees == [
        "mailto:ana@example.org",
        "mailto:host@primerna.example",
        "mailto:ivan@primerna.example",
        "mailto:maria@primerna.example",
    ]
    assert str(vevent["URL"]) == f"{meeting.absolute_url()}/@@join"
    assert "зала 204" in str(vevent["LOCATION"])
    assert f"{meeting.absolute_url()}/@@join" in message.get_body(("plain",)).get_content()
    # the guest's copy carries a personal, signed link valid until the meeting (+ overtime)
    guest_vevent = event_of(sent["ana@example.org"][1])
    link = str(guest_vevent["URL"])
    assert "/@@meeting-guest?invitation=" in link
    invitation = invitations.verify_invitation(links_key(), link.split("invitation=")[1])
    assert invitation["email"] == "ana@example.org" and invitation["meeting"] == meeting.UID()

    # a new time and one participant fewer: SEQUENCE 1, a REQUEST to those still invited,
    # a CANCEL to the one removed
    meeting.start = start + datetime.timedelta(hours=1)
    meeting.end = start + datetime.timedelta(hours=2)
    meeting.participants = ["ivan"]
    notify(ObjectModifiedEvent(meeting))
    transaction.commit()
    sent = calendars(collector)
    assert set(sent) == {"ivan@primerna.example", "maria@primerna.example", "ana@example.org"}
    update = event_of(sent["ivan@primerna.example"][1])
    assert sent["ivan@primerna.example"][1]["METHOD"] == "REQUEST"
    assert str(update["UID"]) == uid and int(update["SEQUENCE"]) == 1
    assert update.decoded("DTSTART") == start + datetime.timedelta(hours=1)
    assert sent["maria@primerna.example"][1]["METHOD"] == "CANCEL"
    assert int(event_of(sent["maria@primerna.example"][1])["SEQUENCE"]) == 1
    assert get_inbox(http_people, "ivan").notices()[0].kind == "meetings.changed"
    [changed] = audit_log.new(action="meetings.meeting-changed")
    assert json.loads(changed["details"])["invitation"] == ["end", "start", "users"]

    # an edit of the notes sends nothing
    meeting.recording_url = "https://video.primerna.example/rec/1"
    notify(ObjectModifiedEvent(meeting))
    transaction.commit()
    assert collector.messages == []

    # cancelled: METHOD:CANCEL with a higher SEQUENCE to everyone still invited
    with api.env.adopt_user(username="host"):
        api.content.transition(obj=meeting, transition="cancel")
    transaction.commit()
    sent = calendars(collector)
    assert set(sent) == {"ivan@primerna.example", "ana@example.org"}
    cancel = sent["ivan@primerna.example"][1]
    assert cancel["METHOD"] == "CANCEL"
    assert str(event_of(cancel)["UID"]) == uid and int(event_of(cancel)["SEQUENCE"]) == 2
    assert str(event_of(cancel)["STATUS"]) == "CANCELLED"
    assert get_inbox(http_people, "ivan").notices()[0].kind == "meetings.cancelled"

    rows = audit_log.new(action="meetings.invitations-sent")
    assert [
        (json.loads(r["details"])["method"], json.loads(r["details"])["sequence"]) for r in rows
    ] == [("REQUEST", 0), ("CANCEL", 1), ("REQUEST", 1), ("CANCEL", 2)]
    assert "ana@example.org" not in json.dumps(rows, default=str)


def test_no_mail_without_mail_settings(http_people, smtp_server):
    controller, collector = smtp_server
    room = make_room()
    make_meeting(room, participants=["ivan"])
    transaction.commit()
    assert collector.messages == []
