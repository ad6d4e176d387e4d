"""Pure rules at the edges of days, years and the clock change, table-tested: today is the
Sofia day whatever the server's own zone, a day lasts from midnight to midnight (23 or 25
hours when the clocks change), and the law's working Saturdays are working days."""

import datetime

import pytest
import time_machine

from moments import MOMENTS
from moments import sofia
from ratusha.core import dates
from ratusha.council import majority
from ratusha.registry.deadlines import WorkCalendar

D = datetime.date
HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize("moment, day", [
    (sofia(2026, 12, 31, 23, 30), D(2026, 12, 31)),
    (sofia(2027, 1, 1, 0, 10), D(2027, 1, 1)),            # UTC is still on 31 December
    (sofia(2027, 3, 28, 0, 30), D(2027, 3, 28)),          # 22:30 UTC the day before
    (sofia(2027, 3, 28, 4, 10), D(2027, 3, 28)),
    (sofia(2026, 10, 25, 0, 59), D(2026, 10, 25)),        # EEST: 21:59 UTC the day before
    (sofia(2026, 10, 25, 3, 30, fold=1), D(2026, 10, 25)),
    (sofia(2028, 2, 29, 1, 0), D(2028, 2, 29)),
    (sofia(2028, 2, 28, 23, 59), D(2028, 2, 28)),
])
def test_today_is_the_sofia_day_on_a_utc_server(moment, day):
    with time_machine.travel(moment, tick=False):  # a UTC instant: the process is on UTC too
        assert dates.today() == day


@pytest.mark.parametrize("day, hours", [
    (D(2027, 3, 27), 24),
    (D(2027, 3, 28), 23),    # spring forward
    (D(2026, 10, 25), 25),   # fall back
    (D(2028, 2, 29), 24),
    (D(2026, 12, 31), 24),
])
def test_a_sofia_day_runs_from_midnight_to_midnight(day, hours):
    start, end = dates.day_bounds(day)
    assert (start.hour, start.minute, end.hour, end.minute) == (0, 0, 0, 0)
    assert (start.date(), end.date()) == (day, day + datetime.timedelta(days=1))
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == hours * HOUR


LAW = WorkCalendar()


@pytest.mark.parametrize("day, working", [
    (D(2016, 5, 14), True),    # Saturday worked for Monday 23.05.2016
    (D(2016, 5, 23), False),   # the bridge day before 24 May
    (D(2016, 3, 12), True),    # Saturday worked for Friday 4.03.2016 (after 3 March)
    (D(2016, 3, 4), False),
    (D(2012, 5, 19), True),
    (D(2016, 5, 21), False),   # an ordinary Saturday
    (D(2016, 5, 15), False),   # the Sunday after a working Saturday
])
def test_the_laws_working_saturdays_are_working_days(day, working):
    assert LAW.is_working_day(day) is working


@pytest.mark.parametrize("start, term, due", [
    (D(2016, 5, 13), "1wd", D(2016, 5, 14)),   # Friday + 1 working day = the working Saturday
    (D(2016, 5, 20), "1wd", D(2016, 5, 25)),   # over the bridge day and 24 May
    (D(2016, 5, 7), "7d", D(2016, 5, 14)),     # ends on the working Saturday: stays there
    (D(2016, 5, 8), "7d", D(2016, 5, 16)),     # ends on the Sunday after it: Monday
])
def test_terms_count_the_laws_working_saturdays(start, term, due):
    assert LAW.due(start, term) == due


NEW_RULE = majority.Rule(majority.parse("ЗМСМА чл. 21 ал. 1 т. 6"), majority.TWO_THIRDS_ALL,
                         valid_from=D(2027, 1, 1))


@pytest.mark.parametrize("moment, base", [
    (MOMENTS["new-years-eve-23h30"], majority.ALL),
    (MOMENTS["new-year-00h10"], majority.TWO_THIRDS_ALL),   # in force in Sofia already
])
def test_a_majority_rule_applies_from_its_first_sofia_day(moment, base):
    rules = majority.DEFAULT_RULES + (NEW_RULE,)
    with time_machine.travel(moment, tick=False):
        assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6", rules).base == base
