"""Meetings at awkward moments: the personal room's "today" is the Sofia day (23 or 25 hours
when the clocks change), a daily series keeps its wall time and its length across the change,
and a series may run two years from any first day (29 February, 31 December)."""

import datetime
from dateutil.relativedelta import relativedelta
from meetings_helpers import in_minutes
from meetings_helpers import make_meeting
from meetings_helpers import make_room
from meetings_helpers import SOFIA
from meetings_helpers import validate
from moments import sofia as sofia_utc
from moments import today
from plone import api
import pytest
from ratusha.core.dates import sofia
from ratusha.interfaces import IRatushaLayer
from ratusha.meetings import series
from ratusha.meetings.panels import TodayPanel
from ratusha.meetings.panels import UpcomingPanel
import time_machine
from zope.interface import alsoProvides
from zope.interface import Invalid


def at(day, hour, minute):
    return SOFIA.localize(datetime.datetime(day.year, day.month, day.day, hour, minute))


def titles(portal, panel_class):
    alsoProvides(portal.REQUEST, IRatushaLayer)
    with api.env.adopt_user(username="ivan"):
        return {i["title"]: i["time"] for i in panel_class(portal, portal.REQUEST).items()}


def test_today_in_the_personal_room_is_the_sofia_day(meetings_people, moment):
    day = today()
    room = make_room()
    make_meeting(room, title="Късно вечерта", start=at(day, 23, 40), minutes=15)
    make_meeting(
        room, title="Рано утре", start=at(day + datetime.timedelta(days=1), 0, 20), minutes=15
    )
    assert titles(meetings_people, TodayPanel) == {"Късно вечерта": "23:40–23:55"}
    assert titles(meetings_people, UpcomingPanel) == {"Рано утре": "00:20–00:35"}


def test_a_daily_series_keeps_its_wall_time_and_length(meetings_people, moment):
    start = in_minutes(60)  # in the autumn, 03:30 summer time + 1 hour is 03:30 winter time
    meeting = make_meeting(make_room(), start=start, minutes=45, recurrence="FREQ=DAILY;COUNT=3")
    occurrences = series.of(meeting)
    assert occurrences[0].start.astimezone(datetime.UTC) == start.astimezone(datetime.UTC)
    assert [sofia(o.start).replace(tzinfo=None) for o in occurrences] == [
        start.replace(tzinfo=None) + datetime.timedelta(days=n) for n in range(3)
    ]
    assert {
        o.end.astimezone(datetime.UTC) - o.start.astimezone(datetime.UTC) for o in occurrences
    } == {datetime.timedelta(minutes=45)}


def test_a_series_may_run_two_years_from_any_first_day(meetings_people, moment):
    room = make_room()
    start = in_minutes(60)
    end = start + datetime.timedelta(hours=1)
    last = start.date() + relativedelta(years=2) - datetime.timedelta(days=1)
    validate(room, start=start, end=end, guests=[], recurrence=f"FREQ=WEEKLY;UNTIL={last:%Y%m%d}")
    beyond = last + datetime.timedelta(days=9)
    with pytest.raises(Invalid):
        validate(
            room, start=start, end=end, guests=[], recurrence=f"FREQ=WEEKLY;UNTIL={beyond:%Y%m%d}"
        )


def test_the_join_button_opens_ten_real_minutes_before_over_the_spring_jump(meetings_people):
    with time_machine.travel(sofia_utc(2027, 3, 28, 2, 50), tick=False):  # 02:50 winter time
        make_meeting(make_room(), title="След смяната", start=at(today(), 4, 5), minutes=30)
        alsoProvides(meetings_people.REQUEST, IRatushaLayer)
        with api.env.adopt_user(username="ivan"):
            [item] = TodayPanel(meetings_people, meetings_people.REQUEST).items()
    assert item["time"] == "04:05–04:35" and "02:55" in item["opens"]  # 03:55 never happens
