"""The awkward moments the date-proof tests run at, and a working-day oracle built straight
from the law's calendar (the `holidays` package), independent of the registry's own rules."""

import datetime
import holidays
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def sofia(*wall, fold=0):
    """A Sofia wall time as a UTC instant (travelling to UTC keeps the process on UTC, as
    servers are, so a product that asks the server for "today" is caught near midnight)."""
    return datetime.datetime(*wall, tzinfo=SOFIA, fold=fold).astimezone(datetime.UTC)


MOMENTS = {
    "new-years-eve-23h30": sofia(2026, 12, 31, 23, 30),
    "new-year-00h10": sofia(2027, 1, 1, 0, 10),
    "leap-day-2028": sofia(2028, 2, 29, 9, 30),
    # 03:00 EET becomes 04:00 EEST: the day has 23 hours
    "spring-forward-04h10": sofia(2027, 3, 28, 4, 10),
    # 04:00 EEST becomes 03:00 EET: 03:30 comes twice (this is the first), the day has 25 hours
    "fall-back-03h30": sofia(2026, 10, 25, 3, 30),
    "liberation-day-3-march": sofia(2027, 3, 3, 10, 0),
    "orthodox-easter-monday": sofia(2027, 5, 3, 10, 0),
    "24-may": sofia(2027, 5, 24, 10, 0),
    # worked instead of Monday 23.05.2016, the bridge between the weekend and 24 May
    "working-saturday": sofia(2016, 5, 14, 10, 0),
}


def today() -> datetime.date:
    return datetime.datetime.now(SOFIA).date()


def wall(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SOFIA)


def is_working_day(day: datetime.date) -> bool:
    law = holidays.country_holidays("BG", years=day.year)
    if day in law:
        return False
    return day.weekday() < 5 or day in law.weekend_workdays


def days_after(start: datetime.date, end: datetime.date):
    """The days after `start` up to and including `end`."""
    return [start + datetime.timedelta(days=n) for n in range(1, (end - start).days + 1)]


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
