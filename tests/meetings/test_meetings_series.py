"""Recurring meetings in the site: checked rules, halls and people over every occurrence,
panels and pages showing the next dates, the catalog finding a running series, auto-end."""

import datetime
import json
from meetings_helpers import in_minutes
from meetings_helpers import make_meeting
from meetings_helpers import make_room
from meetings_helpers import now
from meetings_helpers import same_time
from meetings_helpers import SOFIA
from meetings_helpers import validate
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
import pytest
from ratusha.interfaces import IRatushaLayer
from ratusha.meetings import series
from ratusha.meetings.autoend import end_overdue
from ratusha.meetings.interfaces import IMeetingSchema
from ratusha.meetings.interfaces import RecurrenceInvalid
from ratusha.meetings.panels import TodayPanel
from ratusha.meetings.panels import UpcomingPanel
from ratusha.meetings.reports import conflict_warnings
from ratusha.meetings.scheduling import meetings_between
from zope.interface import alsoProvides
from zope.interface import Invalid


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HOUR = datetime.timedelta(hours=1)


def english(message):
    return api.portal.translate(message, lang="en")


def day(moment):
    return moment.astimezone(SOFIA).strftime("%d.%m.%Y")


def test_rules_are_checked_with_clear_messages(people):
    room = make_room()
    field = IMeetingSchema["recurrence"].bind(room)
    with pytest.raises(RecurrenceInvalid) as info:
        field.validate("FREQ=WEEKLY")  # no end
    assert "200" in english(info.value.doc()) and "2 years" in english(info.value.doc())
    with pytest.raises(RecurrenceInvalid) as info:
        field.validate("FREQ=YEARLY;COUNT=3")
    assert "weekly" in english(info.value.doc())
    field.validate("RRULE:FREQ=WEEKLY;COUNT=10\nEXDATE:20261201T000000")
    start = in_minutes(24 * 60)
    other_day = WEEKDAYS[(start.weekday() + 1) % 7]
    for rule, words in (
        (f"FREQ=WEEKLY;BYDAY={other_day};COUNT=3", "first meeting must fall"),
        (f"FREQ=MONTHLY;UNTIL={same_time(start, 3 * 365):%Y%m%d}", "at most 2 years"),
        (f"FREQ=DAILY;UNTIL={same_time(start, 300):%Y%m%d}", "at most 200 times"),
    ):
        with pytest.raises(Invalid) as info:
            validate(room, start=start, end=start + HOUR, guests=[], recurrence=rule)
        assert words in english(info.value.args[0]), rule
    validate(room, start=start, end=start + HOUR, guests=[], recurrence="FREQ=DAILY;COUNT=200")
    meeting = make_meeting(room, start=start, recurrence="FREQ=WEEKLY;INTERVAL=2;COUNT=5")
    assert english(series.describe(meeting)) == "every 2 weeks, 5 times"
    assert series.describe(make_meeting(room, title="Веднъж", start=start)) is None


def test_a_series_cannot_take_a_booked_hall(people):
    hall = make_room(title="Голяма зала", location="пл. „Централен“ 1, зала 301")
    # 10:00 the day after tomorrow: the booking half an hour later stays on the same date
    # whenever the test runs (from 23:30 it moved to the next day)
    start = same_time(in_minutes(2 * 24 * 60).replace(hour=10, minute=0), 0)
    third, fourth = same_time(start, 14), same_time(start, 21)
    make_meeting(hall, title="Бюджет 2027", start=third + datetime.timedelta(minutes=30))
    with pytest.raises(Invalid) as info:
        with api.env.adopt_user(username="maria"):
            validate(
                hall, start=start, end=start + HOUR, guests=[], recurrence="FREQ=WEEKLY;COUNT=5"
            )
    message = english(info.value.args[0])
    assert "«Бюджет 2027»" in message and day(third) in message and "Голяма зала" in message
    # skipping that date frees the series
    skipped = f"RRULE:FREQ=WEEKLY;COUNT=5\nEXDATE:{third:%Y%m%d}T000000"
    validate(hall, start=start, end=start + HOUR, guests=[], recurrence=skipped)
    standing = make_meeting(hall, title="Седмична оперативка", start=start, recurrence=skipped)
    # the series now blocks each of its dates, named with the date
    with pytest.raises(Invalid) as info:
        with api.env.adopt_user(username="maria"):  # a member: she may see its title
            validate(
                hall,
                start=fourth + datetime.timedelta(minutes=30),
                end=fourth + datetime.timedelta(minutes=90),
                guests=[],
            )
    message = english(info.value.args[0])
    assert "«Седмична оперативка»" in message and day(fourth) in message
    # another series clashing on one date only is refused too; after the last one it is fine
    with pytest.raises(Invalid):
        validate(
            hall,
            start=same_time(start, 28),
            end=same_time(start, 28) + HOUR,
            guests=[],
            recurrence="FREQ=DAILY;COUNT=3",
        )
    after = same_time(start, 29)
    validate(hall, start=after, end=after + HOUR, guests=[], recurrence="FREQ=WEEKLY;COUNT=3")
    # editing the series does not clash with itself; the guard of "reschedule" looks at all
    validate(standing, start=start, end=start + HOUR, guests=[], recurrence=skipped)
    assert standing.room_is_free()
    with api.env.adopt_user(username="host"):
        api.content.transition(obj=standing, transition="cancel")
    make_meeting(hall, title="Заела датата", start=fourth)
    assert not standing.room_is_free()


def test_conflict_warnings_look_at_every_occurrence(people):
    start = in_minutes(2 * 24 * 60)
    standing = make_meeting(
        make_room(),
        title="Седмична",
        start=start,
        participants=["ivan"],
        recurrence="FREQ=WEEKLY;COUNT=4",
    )
    once = make_meeting(
        make_room(title="Друга"),
        title="Еднократна",
        start=same_time(start, 14) + datetime.timedelta(minutes=15),
        participants=["ivan"],
    )
    with api.env.adopt_user(username="host"):
        warnings = conflict_warnings(once)
        from_the_series = conflict_warnings(standing)
    found = {(w[0], w[2], w[3]) for w in warnings}
    assert ("ivan", "Седмична", same_time(start, 14)) in found
    assert ("ivan", "Еднократна") in {(w[0], w[2]) for w in from_the_series}


def panel(portal, panel_class, user_id):
    alsoProvides(portal.REQUEST, IRatushaLayer)
    with api.env.adopt_user(username=user_id):
        return panel_class(portal, portal.REQUEST).items()


def test_a_running_series_is_found_and_shown_by_its_next_date(people):
    portal = people
    room = make_room()
    slot = in_minutes(9)
    if slot.date() != now().date() or in_minutes(24 * 60 + 30).date() == slot.date():
        pytest.skip("too close to midnight for a 'today' table")
    daily = make_meeting(
        room,
        title="Стендъп",
        start=same_time(slot, -3),
        minutes=15,
        participants=["ivan"],
        recurrence="FREQ=DAILY;COUNT=10",
    )
    tomorrow = in_minutes(24 * 60 + 30)
    weekly = make_meeting(
        room,
        title="Седмична",
        start=same_time(tomorrow, -21),
        participants=["ivan"],
        recurrence="FREQ=WEEKLY;COUNT=6",
    )
    # the catalog: start/end are the first occurrence, meeting_last_end the last one's end
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog.unrestrictedSearchResults(UID=weekly.UID())
    assert brain.start.asdatetime() == same_time(tomorrow, -21)
    assert brain.meeting_recurrence == "FREQ=WEEKLY;COUNT=6"
    assert catalog.unrestrictedSearchResults(
        UID=weekly.UID(), meeting_last_end={"query": same_time(tomorrow, 14), "range": "min"}
    )
    found = meetings_between(tomorrow, tomorrow + HOUR, unrestricted=True)
    assert {b.Title for b in found} >= {"Седмична", "Стендъп"}
    # today's panel: today's occurrence, open 9 minutes before it
    [item] = [i for i in panel(portal, TodayPanel, "ivan") if i["title"] == "Стендъп"]
    assert item["start"] == slot.isoformat() and item["join_open"] and item["recurring"]
    # upcoming: each series once, with its next date
    upcoming = {i["title"]: i for i in panel(portal, UpcomingPanel, "ivan")}
    assert upcoming["Седмична"]["start"] == tomorrow.isoformat()
    assert upcoming["Стендъп"]["start"] == same_time(slot, 1).isoformat()
    assert upcoming["Седмична"]["join_open"] is False
    assert panel(portal, TodayPanel, "outsider") == []
    # the room page lists them by their next dates too
    alsoProvides(portal.REQUEST, IRatushaLayer)
    with api.env.adopt_user(username="host"):
        listed = room.restrictedTraverse("@@room-view").upcoming()
    assert [i["title"] for i in listed][:2] == ["Стендъп", "Седмична"]
    assert daily and listed[1]["when"].startswith(tomorrow.strftime("%d.%m.%Y"))


def test_meeting_page_lists_dates_and_hosts_cancel_one(people):
    portal = people
    alsoProvides(portal.REQUEST, IRatushaLayer)
    start = in_minutes(2 * 24 * 60)
    meeting = make_meeting(
        make_room(),
        title="Седмична",
        start=start,
        participants=["ivan"],
        recurrence="FREQ=WEEKLY;COUNT=3",
    )
    with api.env.adopt_user(username="ivan"):
        html = meeting.restrictedTraverse("@@meeting-view")()
    assert 'id="meeting-repeats"' in html and 'id="meeting-dates"' in html
    assert f'data-start="{start.isoformat()}"' in html
    assert "ratusha-cancel-occurrence" not in html  # not a host
    with api.env.adopt_user(username="host"):
        html = meeting.restrictedTraverse("@@meeting-view")()
        assert html.count("ratusha-cancel-occurrence") == 3
        request = portal.REQUEST
        request.method = "POST"
        request.form.update(
            occurrence=same_time(start, 7).isoformat(), _authenticator=createToken()
        )
        meeting.restrictedTraverse("@@cancel-occurrence")()
    assert "EXDATE:" in meeting.recurrence
    assert [o.start for o in series.of(meeting)] == [start, same_time(start, 14)]
    with api.env.adopt_user(username="host"):
        html = meeting.restrictedTraverse("@@meeting-view")()
    assert html.count("ratusha-cancel-occurrence") == 2 and day(same_time(start, 7)) in html


def test_overdue_meetings_end_by_the_clock(people):
    api.portal.set_registry_record("ratusha.jitsi.margin_minutes", 30)
    room = make_room()
    past = in_minutes(-180)

    def meeting(title, start, started=False, **fields):
        made = make_meeting(room, title=title, start=start, **fields)
        if started:
            with api.env.adopt_user(username="host"):
                api.content.transition(obj=made, transition="start")
        return made

    overdue = meeting("Започната", past, started=True)
    in_grace = meeting("Току-що", in_minutes(-80), started=True)  # ended 20 minutes ago
    untouched = meeting("Непочната", in_minutes(-300))
    finished = meeting("Минала серия", same_time(past, -7), recurrence="FREQ=WEEKLY;COUNT=2")
    running = meeting("Текуща серия", same_time(past, -7), recurrence="FREQ=WEEKLY;COUNT=3")
    result = end_overdue()
    assert result["ended"] == 2
    states = {
        m.Title(): api.content.get_state(m)
        for m in (overdue, in_grace, untouched, finished, running)
    }
    assert states == {
        "Започната": "ended",
        "Току-що": "in_progress",
        "Непочната": "scheduled",
        "Минала серия": "ended",
        "Текуща серия": "scheduled",
    }
    # the clock may call again: nothing more to do
    setRoles(people, TEST_USER_ID, ["Manager"])
    alsoProvides(people.REQUEST, IRatushaLayer)
    answer = json.loads(people.restrictedTraverse("@@meetings-housekeeping")())
    assert answer["ended"] == 0


def test_demo_has_a_weekly_directorate_series(demo_functional):
    room = demo_functional["portal"]["meetings"]["administrativno-obsluzhvane"]
    [meeting] = [m for m in room.objectValues() if m.Title() == "Седмична оперативка"]
    occurrences = series.of(meeting)
    assert len(occurrences) == 26 and meeting.recurrence.startswith("RRULE:FREQ=WEEKLY")
    assert {(o.start.hour, o.start.minute, o.start.weekday()) for o in occurrences} == {
        (9, 0, occurrences[0].start.weekday())
    }
    assert occurrences[0].start.weekday() < 5


def test_meetings_from_before_the_index_get_indexed(people):
    from ratusha.meetings.setup import index_series

    meeting = make_meeting(make_room(), start=in_minutes(60), recurrence="FREQ=DAILY;COUNT=3")
    catalog = api.portal.get_tool("portal_catalog")
    catalog._catalog.getIndex("meeting_last_end").unindex_object(
        catalog.getrid("/".join(meeting.getPhysicalPath()))
    )
    assert not catalog.unrestrictedSearchResults(
        UID=meeting.UID(), meeting_last_end={"query": in_minutes(0), "range": "min"}
    )
    assert index_series() == 1 and index_series() == 0
    assert catalog.unrestrictedSearchResults(
        UID=meeting.UID(), meeting_last_end={"query": same_time(in_minutes(60), 2), "range": "min"}
    )
