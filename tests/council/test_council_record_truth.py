"""The record tells the truth: a session opens on the day it was convened for (later only with
a reason the protocol prints), and its seats and councillors are frozen while it sits.

Attacks of issue 13: a session convened for 17.12 opened, voted and closed on 07.12; the
council's seats changed from 21 to 33 while a session was open. Also their variants: around
midnight in Sofia, REST and the page, PATCH through ++api++, the edit form, group
memberships and local roles changed mid-session.
"""

import contextlib
from council_helpers import CHAIR
from council_helpers import convened_session
from council_helpers import convened_today
from council_helpers import COUNCILLORS
from council_helpers import OUTSIDER
from council_helpers import PASSWORD
from council_helpers import SOFIA
from council_helpers import STAFF
import datetime
import io
import json
from plone import api
from plone.testing.zope import Browser
import pytest
from ratusha.council import attendance
from ratusha.council import lifecycle
from ratusha.council import opendata
from ratusha.council import opening
from ratusha.council.composition import Composition
from ratusha.council.composition import difference
from ratusha.council.composition import edits_of_frozen
from ratusha.council.councils import session_councillor_ids
from ratusha.council.protocol import layout
from ratusha.council.protocol import publication
from ratusha.council.protocol.record import session_record
import time_machine
import transaction
import zipfile
from zope.globalrequest import getRequest


UTC = datetime.UTC
REASON = "Отложено поради липса на кворум на 17.12 (чл. 40 от правилника)"


def utc(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def sofia(*args):
    return SOFIA.localize(datetime.datetime(*args))


WINTER = sofia(2026, 12, 17, 10)


@contextlib.contextmanager
def reason_given(text):
    """The reason as the REST service gives it to the guards of this request."""
    request = getRequest()
    lifecycle.give_opening_reason(request, text)
    try:
        yield
    finally:
        lifecycle.give_opening_reason(request, "")


# -- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "convened, now, reason, code",
    [
        # the attack: convened for 17.12, opened on 07.12; a reason does not help before the day
        (WINTER, utc("2026-12-07T10:00"), "", opening.TOO_EARLY),
        (WINTER, utc("2026-12-07T10:00"), REASON, opening.TOO_EARLY),
        # around midnight in Sofia (UTC+2 in winter): the server's UTC day is not the day
        (WINTER, utc("2026-12-16T21:59:59"), "", opening.TOO_EARLY),
        (WINTER, utc("2026-12-16T22:00:00"), "", opening.ON_DAY),
        (WINTER, utc("2026-12-17T08:00"), "", opening.ON_DAY),
        (WINTER, utc("2026-12-17T21:59:59"), "", opening.ON_DAY),
        (WINTER, utc("2026-12-17T22:00:00"), "", opening.NEEDS_REASON),
        (WINTER, utc("2026-12-17T22:00:00"), "   \n", opening.NEEDS_REASON),
        (WINTER, utc("2026-12-17T22:00:00"), 5, opening.NEEDS_REASON),
        (WINTER, utc("2026-12-17T22:00:00"), None, opening.NEEDS_REASON),
        (WINTER, utc("2026-12-18T09:00"), REASON, opening.LATER_WITH_REASON),
        (WINTER, utc("2027-01-05T09:00"), REASON, opening.LATER_WITH_REASON),
        # a naive moment is UTC
        (WINTER, datetime.datetime(2026, 12, 16, 22, 0), "", opening.ON_DAY),
        # summer (UTC+3)
        (sofia(2026, 7, 1, 10), utc("2026-06-30T20:59:59"), "", opening.TOO_EARLY),
        (sofia(2026, 7, 1, 10), utc("2026-06-30T21:00:00"), "", opening.ON_DAY),
        (sofia(2026, 7, 1, 10), utc("2026-07-01T20:59:59"), "", opening.ON_DAY),
        (sofia(2026, 7, 1, 10), utc("2026-07-01T21:00:00"), "", opening.NEEDS_REASON),
        # the day the clocks go back (25.10.2026 lasts 25 hours)
        (sofia(2026, 10, 25, 10), utc("2026-10-24T20:59:59"), "", opening.TOO_EARLY),
        (sofia(2026, 10, 25, 10), utc("2026-10-24T21:00:00"), "", opening.ON_DAY),
        (sofia(2026, 10, 25, 10), utc("2026-10-25T21:59:59"), "", opening.ON_DAY),
        (sofia(2026, 10, 25, 10), utc("2026-10-25T22:00:00"), "", opening.NEEDS_REASON),
        # the day the clocks go forward (29.03.2026 lasts 23 hours)
        (sofia(2026, 3, 29, 10), utc("2026-03-28T21:59:59"), "", opening.TOO_EARLY),
        (sofia(2026, 3, 29, 10), utc("2026-03-28T22:00:00"), "", opening.ON_DAY),
        (sofia(2026, 3, 29, 10), utc("2026-03-29T20:59:59"), "", opening.ON_DAY),
        (sofia(2026, 3, 29, 10), utc("2026-03-29T21:00:00"), REASON, opening.LATER_WITH_REASON),
        # a session convened for 00:30 on New Year's Day
        (sofia(2027, 1, 1, 0, 30), utc("2026-12-31T21:30"), "", opening.TOO_EARLY),
        (sofia(2027, 1, 1, 0, 30), utc("2026-12-31T22:00"), "", opening.ON_DAY),
    ],
)
def test_opening_table(convened, now, reason, code):
    verdict = opening.opening(convened, now, reason)
    assert verdict.code == code
    assert verdict.allowed is (code in (opening.ON_DAY, opening.LATER_WITH_REASON))
    assert verdict.reason == (REASON if code == opening.LATER_WITH_REASON else "")


def test_opening_days_are_sofia_days():
    verdict = opening.opening(WINTER, utc("2026-12-16T22:30"))
    assert (verdict.convened, verdict.day) == (datetime.date(2026, 12, 17),) * 2


@pytest.mark.parametrize(
    "seats, named, changed",
    [
        (21, COUNCILLORS, ()),
        (None, COUNCILLORS, ()),
        (21, list(reversed(COUNCILLORS)) + [COUNCILLORS[0], ""], ()),
        (33, COUNCILLORS, ("seats",)),
        (20, COUNCILLORS[:20], ("seats", "councillors")),
        (21, COUNCILLORS + [OUTSIDER], ("councillors",)),
        (21, [], ("councillors",)),
    ],
)
def test_edits_of_a_frozen_composition(seats, named, changed):
    frozen = Composition.of(21, COUNCILLORS, COUNCILLORS)
    assert edits_of_frozen(frozen, seats, named) == changed


@pytest.mark.parametrize(
    "before, seats, named, found",
    [
        ((21, ("a", "b")), 21, ["b", "a"], {}),
        ((21, ("a", "b")), 33, ["a", "b"], {"seats": [21, 33]}),
        ((21, ("a", "b")), 21, ["a", "c"], {"added": ["c"], "removed": ["b"]}),
        (None, 21, ["a"], {"seats": [None, 21], "added": ["a"]}),
    ],
)
def test_composition_difference(before, seats, named, found):
    assert difference(before, seats, named) == found


# -- opening in the product -------------------------------------------------------------------


def quorate(session, users=COUNCILLORS[:11]):
    with api.env.adopt_user(username=STAFF):
        for user in users:
            attendance.record_presence(session, user, True, "staff")
        attendance.record_quorum_check(session)


def open_it(session, user=CHAIR):
    with api.env.adopt_user(username=user):
        api.content.transition(obj=session, transition="open")


def test_a_session_cannot_open_before_its_day(council):
    session = convened_session()  # convened for ten days ahead, 10:00
    quorate(session)
    convened = session.start.date()
    eve = sofia(convened.year, convened.month, convened.day) - datetime.timedelta(seconds=1)
    for moment in (datetime.datetime.now(UTC), eve):
        with time_machine.travel(moment, tick=False):
            [problem] = lifecycle.problems(session, "open")
            assert problem.default.startswith("The session is convened for")
            assert problem.mapping["convened"] == convened.strftime("%d.%m.%Y")
            with reason_given(REASON), pytest.raises(api.exc.InvalidParameterError):
                assert lifecycle.problems(session, "open")  # no reason opens it early
                open_it(session)
    assert api.content.get_state(session) == "convened" and session.opened_at is None
    with time_machine.travel(eve + datetime.timedelta(seconds=2), tick=False):
        open_it(session)
    assert api.content.get_state(session) == "open" and session.opening_reason is None
    record = session_record(session)
    assert record.date == convened == record.convened_date and record.opening_reason == ""


def test_editing_the_start_after_convening_does_not_move_the_day(council):
    """Moving the start to today after convening does not let the session open today."""
    session = convened_session()
    quorate(session)
    with api.env.adopt_user(username=STAFF):
        session.start = datetime.datetime.now(UTC)
    assert lifecycle.problems(session, "open")
    with pytest.raises(api.exc.InvalidParameterError):
        open_it(session)


def test_a_postponed_session_opens_with_a_reason_the_record_states(council, tmp_path):
    session = convened_session()
    quorate(session)
    convened = session.start.date()
    later = sofia(convened.year, convened.month, convened.day, 9) + datetime.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        [problem] = lifecycle.problems(session, "open")
        assert problem.default.startswith("The session was convened for")
        with pytest.raises(api.exc.InvalidParameterError):
            open_it(session)
        with reason_given(f"  {REASON}  "):
            open_it(session)
        with api.env.adopt_user(username=CHAIR):
            attendance.record_quorum_check(session)
            api.content.transition(obj=session, transition="close")
    assert session.opening_reason == REASON
    record = session_record(session)
    assert record.date == later.date() and record.convened_date == convened
    assert record.opening_reason == REASON and record.opened == later.astimezone(UTC)
    # the protocol (the same blocks make the PDF, the ODT and the page) and the open data
    fields = {b.label: b.text for b in layout.blocks(record) if b.kind == "field"}
    assert fields["Opened"] == later.strftime("%d.%m.%Y %H:%M")
    assert fields["Convened for"] == convened.strftime("%d.%m.%Y")
    assert fields["Reason for opening on another day"] == REASON
    subtitle = [b.text for b in layout.blocks(record) if b.kind == "subtitle"][0]
    assert later.strftime("%d.%m.%Y") in subtitle and convened.strftime("%d.%m.%Y") not in subtitle
    odt = zipfile.ZipFile(io.BytesIO(layout.render_odt(record)))
    assert REASON in odt.read("content.xml").decode("utf-8")
    assert layout.render_pdf(record).startswith(b"%PDF")
    data = opendata.session_json(record)
    assert (data["date"], data["convened_date"], data["opening_reason"]) == (
        later.date().isoformat(),
        convened.isoformat(),
        REASON,
    )
    assert opendata.Session.from_dict(record.to_dict()).opening_reason == REASON
    # the publication deadline counts from the day it was actually held
    assert (
        publication.status(session)["deadline"]
        == (later.date() + datetime.timedelta(days=7)).isoformat()
    )


def staff_client(api_session, user=STAFF):
    """A client that opens a new connection per request: the server drops kept-alive ones
    that look idle for days when the clock travels."""
    client = api_session(user, PASSWORD)
    client.headers["Connection"] = "close"
    return client


def test_opening_through_rest_and_the_live_page(http_council, api_session, audit_log):
    session = convened_session()
    quorate(session)
    transaction.commit()
    url = session.absolute_url()
    staff = staff_client(api_session)
    convened = session.start.date()

    # today (ten days early) and on the eve, late in the evening: refused, reason or not
    for moment in (
        None,
        sofia(convened.year, convened.month, convened.day) - datetime.timedelta(minutes=1),
    ):
        with time_machine.travel(moment or datetime.datetime.now(UTC)):
            for body in ({}, {"reason": REASON}):
                reply = staff.post(f"{url}/@workflow/open", json=body)
                assert reply.status_code == 409, reply.text
                assert convened.strftime("%d.%m.%Y") in reply.json()["error"]["message"]
            live = staff.get(f"{url}/@live-state?html=1").json()
            controls = live["sections"]["controls"]
            assert controls["state"]["transitions"][0]["reason"] is False
            assert controls["state"]["transitions"][0]["problems"]
            assert "data-live-reason" not in controls["html"]

    later = sofia(convened.year, convened.month, convened.day, 11) + datetime.timedelta(days=1)
    with time_machine.travel(later):
        # the page asks for the reason and lets the button be pressed
        live = staff.get(f"{url}/@live-state?html=1").json()
        controls = live["sections"]["controls"]
        assert controls["state"]["transitions"][0] == {"id": "open", "problems": [], "reason": True}
        assert 'data-live-reason="open"' in controls["html"]
        # no reason, an empty one, or a wrong one: refused, nothing written
        for body in ({}, {"reason": "  "}, {"reason": None}):
            reply = staff.post(f"{url}/@workflow/open", json=body)
            assert reply.status_code == 409, reply.text
            assert (
                "reason" in reply.json()["error"]["message"]
                or "причината" in reply.json()["error"]["message"]
            )
        for body in (
            {"reason": 5},
            {"reason": ["a"]},
            {"reason": {"a": 1}},
            {"reason": "x" * (opening.REASON_LIMIT + 1)},
            ["reason"],
        ):
            reply = staff.post(f"{url}/@workflow/open", json=body)
            assert reply.status_code == 400, reply.text
            assert reply.json()["error"]["message"]
        assert staff.get(url).json()["review_state"] == "convened"
        reply = staff.post(f"{url}/@workflow/open", json={"reason": REASON})
        assert reply.status_code == 200, reply.text
    transaction.begin()
    assert api.content.get_state(session) == "open" and session.opening_reason == REASON
    [entry] = audit_log.new(action="council.session-open")
    details = json.loads(entry["details"])
    assert (details["convened_for"], details["opened_on"], details["reason"]) == (
        convened.isoformat(),
        later.date().isoformat(),
        REASON,
    )
    assert details["seats"] == 21 and len(details["councillors"]) == 21


# -- the composition is frozen while the session sits ------------------------------------------


def patch(client, url, body):
    return client.patch(url, json=body)


def edit_form(app, council, seats):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {STAFF}:{PASSWORD}")
    browser.open(f"{council.absolute_url()}/@@edit")
    browser.getControl(name="form.widgets.seats").value = str(seats)
    browser.getControl(name="form.buttons.save").click()
    return browser.contents


def test_seats_and_councillors_are_frozen_while_a_session_sits(
    http_council, functional, api_session, audit_log
):
    council = http_council
    session = convened_today()
    quorate(session)
    open_it(session)
    transaction.commit()
    staff = staff_client(api_session)
    council_url = council.absolute_url()
    api_url = council_url.replace("/council", "/++api++/council")
    assert session.composition["seats"] == 21

    # PATCH seats or councillors (plain and through ++api++): refused with the reason
    for url in (council_url, api_url):
        for body in (
            {"seats": 33},
            {"seats": 11},
            {"councillors": COUNCILLORS[:20]},
            {"councillors": COUNCILLORS + [OUTSIDER]},
            {"seats": 33, "title": "Нов"},
        ):
            reply = patch(staff, url, body)
            assert reply.status_code == 409, (body, reply.text)
            message = reply.json()["error"]["message"]
            assert session.Title() in message and ("в ход" in message or "progress" in message)
    # wrong types are refused as such, never a 500
    for body in (
        {"seats": "много"},
        {"seats": [33]},
        {"councillors": [{"id": 1}]},
        {"councillors": "cllr01"},
        {"seats": None},
        {"seats": 10**400},
    ):
        assert patch(staff, council_url, body).status_code in (400, 409), body
    # other edits, and the same values, go through
    assert patch(staff, council_url, {"seats": 21, "notice_days": 8}).status_code == 204
    # the edit form says why and keeps the seats
    page = edit_form(functional["app"], council, 33)
    assert "в ход" in page or "in progress" in page
    transaction.begin()
    assert (council.seats, council.notice_days, council.Title()) == (21, 8, council.Title())
    assert not audit_log.new(action="council.composition-changed")

    # seats changed underneath anyway (e.g. by a script): the session counts from 21
    council.seats = 33
    transaction.commit()
    status = attendance.quorum_status(session)
    assert (status["seats"], status["required"], status["quorate"]) == (21, 11, True)
    with api.env.adopt_user(username=STAFF):
        check = attendance.record_quorum_check(session)
    assert (check["seats"], check["required"], check["quorate"]) == (21, 11, True)
    attendance.require_quorum(session)
    live = staff.get(f"{session.absolute_url()}/@live-state").json()
    assert live["sections"]["quorum"]["state"]["seats"] == 21
    council.seats = 21
    transaction.commit()


def test_memberships_changed_mid_session_do_not_change_it(http_council, api_session):
    council = http_council
    council.councillors = []  # everyone in the Councillor group
    transaction.commit()
    session = convened_today()
    quorate(session)
    open_it(session)
    transaction.commit()
    url = session.absolute_url()
    staff = staff_client(api_session)
    assert session_councillor_ids(session) == sorted(COUNCILLORS)
    # the group gains an outsider and loses a councillor; a local role is granted
    api.group.add_user(groupname="councillors", username=OUTSIDER)
    api.group.remove_user(groupname="councillors", username=COUNCILLORS[20])
    api.user.grant_roles(username=OUTSIDER, obj=council, roles=["Councillor"])
    transaction.commit()
    try:
        reply = staff.post(f"{url}/@presence", json={"user": OUTSIDER, "present": True})
        assert reply.status_code == 400, reply.text
        reply = staff.post(f"{url}/@presence", json={"user": COUNCILLORS[20], "present": True})
        assert reply.status_code == 200, reply.text
        outsider = api_session(OUTSIDER, PASSWORD)
        reply = outsider.post(
            f"{url}/@presence", json={"user": OUTSIDER, "present": True, "source": "self"}
        )
        assert reply.status_code in (400, 403), reply.text
        transaction.begin()
        assert OUTSIDER not in attendance.present_councillors(session)
        assert COUNCILLORS[20] in attendance.present_councillors(session)
        assert attendance.quorum_status(session)["seats"] == 21
        names = [c.id for c in session_record(session).councillors]
        assert names == sorted(COUNCILLORS, key=lambda u: f"Съветник {u[-2:]}")
    finally:
        api.group.remove_user(groupname="councillors", username=OUTSIDER)
        api.group.add_user(groupname="councillors", username=COUNCILLORS[20])
        transaction.commit()


def test_changes_between_sessions_count_from_the_next_one_and_are_audited(
    http_council, api_session, audit_log
):
    council = http_council
    first = convened_today(title="Заседание 1")
    quorate(first)
    open_it(first)
    with api.env.adopt_user(username=CHAIR):
        api.content.transition(obj=first, transition="close")
    transaction.commit()
    staff = staff_client(api_session)
    reply = patch(staff, council.absolute_url(), {"seats": 33})
    assert reply.status_code == 204, reply.text
    reply = patch(staff, council.absolute_url(), {"councillors": COUNCILLORS[:20]})
    assert reply.status_code == 204, reply.text
    transaction.begin()
    changes = [
        json.loads(e["details"]) for e in audit_log.new(action="council.composition-changed")
    ]
    assert changes == [{"seats": [21, 33]}, {"removed": [COUNCILLORS[20]]}]
    # the closed session keeps its 21; the next one counts from 33
    assert attendance.seats(first) == 21 and session_record(first).seats == 21
    assert len(session_record(first).councillors) == 21
    second = convened_today(title="Заседание 2")
    assert attendance.seats(second) == 33
    quorate(second, COUNCILLORS[:17])
    open_it(second)
    assert second.composition["seats"] == 33
    assert attendance.quorum_status(second)["required"] == 17
    assert len(session_councillor_ids(second)) == 20


def test_the_demo_session_is_held_today(demo):
    """The demo's session was convened ten days ago for today: it can be opened and tried."""
    session = demo["portal"]["council"]["zasedanie-12"]
    assert lifecycle.opening_verdict(session).code == opening.ON_DAY
    assert (datetime.datetime.now(UTC) - session.published_on).days == 10
    assert lifecycle.compliance(session) == []
