"""Pure rules at the edges of days, years and the clock change, table-tested: today is the
Sofia day whatever the server's own zone, a day lasts from midnight to midnight (23 or 25
hours when the clocks change), the law's working Saturdays are working days, and meeting
times in the autumn hour that happens twice compare as instants."""

import datetime
from moments import MOMENTS
from moments import SOFIA
from moments import sofia
import pytest
from ratusha.core import dates
from ratusha.council import majority
from ratusha.meetings import booking
from ratusha.meetings import recurrence
from ratusha.registry.deadlines import WorkCalendar
import time_machine


D = datetime.date
HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    "moment, day",
    [
        (sofia(2026, 12, 31, 23, 30), D(2026, 12, 31)),
        (sofia(2027, 1, 1, 0, 10), D(2027, 1, 1)),  # UTC is still on 31 December
        (sofia(2027, 3, 28, 0, 30), D(2027, 3, 28)),  # 22:30 UTC the day before
        (sofia(2027, 3, 28, 4, 10), D(2027, 3, 28)),
        (sofia(2026, 10, 25, 0, 59), D(2026, 10, 25)),  # EEST: 21:59 UTC the day before
        (sofia(2026, 10, 25, 3, 30, fold=1), D(2026, 10, 25)),
        (sofia(2028, 2, 29, 1, 0), D(2028, 2, 29)),
        (sofia(2028, 2, 28, 23, 59), D(2028, 2, 28)),
    ],
)
def test_today_is_the_sofia_day_on_a_utc_server(moment, day):
    with time_machine.travel(moment, tick=False):  # a UTC instant: the process is on UTC too
        assert dates.today() == day


@pytest.mark.parametrize(
    "day, hours",
    [
        (D(2027, 3, 27), 24),
        (D(2027, 3, 28), 23),  # spring forward
        (D(2026, 10, 25), 25),  # fall back
        (D(2028, 2, 29), 24),
        (D(2026, 12, 31), 24),
    ],
)
def test_a_sofia_day_runs_from_midnight_to_midnight(day, hours):
    start, end = dates.day_bounds(day)
    assert (start.hour, start.minute, end.hour, end.minute) == (0, 0, 0, 0)
    assert (start.date(), end.date()) == (day, day + datetime.timedelta(days=1))
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == hours * HOUR


LAW = WorkCalendar()


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2016, 5, 14), True),  # Saturday worked for Monday 23.05.2016
        (D(2016, 5, 23), False),  # the bridge day before 24 May
        (D(2016, 3, 12), True),  # Saturday worked for Friday 4.03.2016 (after 3 March)
        (D(2016, 3, 4), False),
        (D(2012, 5, 19), True),
        (D(2016, 5, 21), False),  # an ordinary Saturday
        (D(2016, 5, 15), False),  # the Sunday after a working Saturday
    ],
)
def test_the_laws_working_saturdays_are_working_days(day, working):
    assert LAW.is_working_day(day) is working


@pytest.mark.parametrize(
    "start, term, due",
    [
        (D(2016, 5, 13), "1wd", D(2016, 5, 14)),  # Friday + 1 working day = the working Saturday
        (D(2016, 5, 20), "1wd", D(2016, 5, 25)),  # over the bridge day and 24 May
        (D(2016, 5, 7), "7d", D(2016, 5, 14)),  # ends on the working Saturday: stays there
        (D(2016, 5, 8), "7d", D(2016, 5, 16)),  # ends on the Sunday after it: Monday
    ],
)
def test_terms_count_the_laws_working_saturdays(start, term, due):
    assert LAW.due(start, term) == due


NEW_RULE = majority.Rule(
    majority.parse("ЗМСМА чл. 21 ал. 1 т. 6"), majority.TWO_THIRDS_ALL, valid_from=D(2027, 1, 1)
)


@pytest.mark.parametrize(
    "moment, base",
    [
        (MOMENTS["new-years-eve-23h30"], majority.ALL),
        (MOMENTS["new-year-00h10"], majority.TWO_THIRDS_ALL),  # in force in Sofia already
    ],
)
def test_a_majority_rule_applies_from_its_first_sofia_day(moment, base):
    rules = majority.DEFAULT_RULES + (NEW_RULE,)
    with time_machine.travel(moment, tick=False):
        assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6", rules).base == base


# 25 October 2026: 03:00–04:00 in Sofia happens twice, first in summer time (EEST), then in EET
TWICE = datetime.datetime(2026, 10, 25, 3, 40, tzinfo=SOFIA)  # 00:40 UTC
AGAIN = TWICE.replace(fold=1)  # 01:40 UTC


def utc(hour, minute):
    return datetime.datetime(2026, 10, 25, hour, minute, tzinfo=datetime.UTC)


def test_a_meeting_in_the_hour_that_happens_twice_has_a_length():
    booking.check_interval(TWICE, AGAIN)  # 03:40 summer time to 03:40 winter time: an hour
    with pytest.raises(booking.BookingError):
        booking.check_interval(AGAIN, TWICE)


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        (
            (TWICE.replace(minute=0), TWICE.replace(minute=50)),
            (AGAIN.replace(minute=10), AGAIN.replace(minute=40)),
            False,
        ),  # 00:00–00:50 / 01:10–01:40
        (
            (TWICE.replace(minute=0), AGAIN.replace(minute=20)),
            (AGAIN.replace(minute=10), AGAIN.replace(minute=40)),
            True,
        ),
    ],
)
def test_meetings_in_the_repeated_hour_clash_only_when_they_overlap(a, b, overlap):
    assert booking.overlaps(*a, *b) is overlap
    assert bool(booking.conflicts(*a, [booking.Booking("b", "B", *b)])) is overlap


@pytest.mark.parametrize(
    "now, state",
    [
        (utc(0, 35), "early"),  # 03:35 the first time: the meeting is at 03:40 the second time
        (utc(1, 31), "open"),  # 10 minutes before it
        (utc(2, 10), "over"),
    ],
)
def test_the_join_window_counts_real_minutes(now, state):
    end = datetime.datetime(2026, 10, 25, 4, 10, tzinfo=SOFIA)
    assert booking.join_window(AGAIN, end, now) == state


def test_a_series_starts_at_its_own_instant_in_the_repeated_hour():
    rule = recurrence.parse("FREQ=DAILY;COUNT=2")
    first, second = recurrence.expand(AGAIN, AGAIN + datetime.timedelta(minutes=30), rule)
    assert first.start.astimezone(datetime.UTC) == utc(1, 40)  # not the summer-time 03:40
    assert second.start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 10, 26, 1, 40, tzinfo=datetime.UTC
    )
