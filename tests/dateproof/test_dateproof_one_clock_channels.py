"""One clock in Ratusha's own channels: the protocol PDF, a meeting's invitation mail and its
ICS read Sofia's wall time at moments beside a change of the clocks. Run again in other zones by
test_dateproof_one_clock.test_in_other_zones."""

import dataclasses
import datetime
import icalendar
from meetings_helpers import configure_mail
from meetings_helpers import event_of
from meetings_helpers import make_meeting
from meetings_helpers import make_room
import pytest
from ratusha.core import dates
from ratusha.council.protocol import layout
from ratusha.meetings import mail
from test_council_opendata import sample_session
from test_council_protocol_layout import bulgarian
from test_council_protocol_layout import pdf_text
from test_dateproof_one_clock import MOMENTS
import time_machine


@pytest.mark.parametrize("name", list(MOMENTS))
def test_protocol_pdf_gives_the_opening_in_sofia(name, tmp_path):
    opened = MOMENTS[name]
    session = dataclasses.replace(sample_session(), opened=opened, date=dates.local(opened).date())
    text = " ".join(pdf_text(layout.render_pdf(session, bulgarian), tmp_path).split())
    assert dates.local(opened).strftime("%d.%m.%Y %H:%M") in text


@pytest.mark.parametrize("name", list(MOMENTS))
def test_invitation_mail_and_ics_in_sofia(name, meetings_people, monkeypatch):
    """The meeting starts at the moment; it is planned a day before. What the MailHost is
    handed when the act commits is read (delivery: tests/meetings/test_meetings_mail.py)."""
    from Acquisition import aq_base
    from plone import api

    sent = []
    mailhost = api.portal.get_tool("MailHost")
    monkeypatch.setattr(
        type(aq_base(mailhost)), "send", lambda self, message, **kw: sent.append(message)
    )
    start = MOMENTS[name]
    with time_machine.travel(start - datetime.timedelta(days=1), tick=False):
        configure_mail(2525)
        mail.sync(make_meeting(make_room(), start=start, participants=["ivan"]))
    [message] = [m for m in sent if "ivan@primerna.example" in m["To"]]
    wall = dates.local(start)
    assert wall.strftime("%d.%m.%Y %H:%M") in message.get_body(("plain",)).get_content()
    [attachment] = [
        p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
    ]
    vevent = event_of(icalendar.Calendar.from_ical(attachment.get_content()))
    assert vevent.decoded("DTSTART") == start
    twice = name.endswith("fall-back")  # 03:30 comes twice: written in UTC (ics._wall)
    assert vevent["DTSTART"].params.get("TZID") == (None if twice else "Europe/Sofia")
    if not twice:
        assert vevent.decoded("DTSTART").replace(tzinfo=None) == wall.replace(tzinfo=None)
