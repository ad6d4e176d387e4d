"""Deadlines in working or calendar days and months (plain Python, no Zope imports).

Working days are Monday to Friday, less Bulgaria's public holidays (the `holidays` package,
country BG, which knows Orthodox Easter and the days off moved by law), less the extra days
off the government declares, plus the Saturdays it declares working (those the package knows
and those set in the registry settings). A deadline that falls on a day off moves to the next
working day (ГПК чл. 60, applied through АПК).

Terms are written `14d` (calendar days), `10wd` (working days) or `2m` (months).
"""

import calendar
import datetime
from functools import lru_cache
import holidays
import re


TERM = re.compile(r"^\s*(\d{1,4})\s*(wd|d|m)\s*$")
UNITS = {"d": "days", "wd": "working days", "m": "months"}

# Default terms per kind of incoming document (configurable in the registry settings).
DEFAULT_TERMS = {
    "application": "14d",  # заявление: АПК чл. 57, general term for an individual act
    "complaint": "1m",  # жалба
    "signal": "2m",  # сигнал: decided within 2 months, communicated within 7 days (чл. 123)
    "proposal": "2m",  # предложение: АПК чл. 118
    "information": "14d",  # заявление за достъп до обществена информация (ЗДОИ)
    "letter": "14d",  # писмо
    "other": "14d",
}


class TermError(ValueError):
    """A term could not be read."""


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset:
    return frozenset(holidays.country_holidays(country, years=year))


@lru_cache(maxsize=64)
def _working_weekend_days(country: str, year: int) -> frozenset:
    """Saturdays the law made working days in exchange for a bridge day off."""
    return frozenset(holidays.country_holidays(country, years=year).weekend_workdays)


class WorkCalendar:
    """Which days are working days, for one country and the government's own changes."""

    def __init__(self, extra_days_off=(), working_saturdays=(), country="BG"):
        self.extra_days_off = frozenset(extra_days_off)
        self.working_saturdays = frozenset(working_saturdays)
        self.country = country

    def is_public_holiday(self, day: datetime.date) -> bool:
        return day in _public_holidays(self.country, day.year)

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_days_off or self.is_public_holiday(day):
            return False
        return (
            day.weekday() < 5
            or day in self.working_saturdays
            or day in _working_weekend_days(self.country, day.year)
        )

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The day itself if people work on it, else the first working day after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        """The last working day strictly before `day`."""
        day -= datetime.timedelta(days=1)
        while not self.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `start` (the start day itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return self.next_working_day(day)

    def add_days(self, start: datetime.date, count: int) -> datetime.date:
        """`count` calendar days after `start`, moved to the next working day if it is off."""
        return self.next_working_day(start + datetime.timedelta(days=count))

    def add_months(self, start: datetime.date, count: int) -> datetime.date:
        """The same date `count` months later (or that month's last day), then rolled forward."""
        month_index = start.month - 1 + count
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return self.next_working_day(datetime.date(year, month, day))

    def due(self, start: datetime.date, term: str) -> datetime.date:
        count, unit = parse_term(term)
        if unit == "wd":
            return self.add_working_days(start, count)
        if unit == "m":
            return self.add_months(start, count)
        return self.add_days(start, count)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (negative if end is earlier)."""
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count


def parse_term(term: str) -> tuple[int, str]:
    """`14d` → (14, "d"); `10wd` → (10, "wd"); `2m` → (2, "m")."""
    match = TERM.match(term or "")
    if not match:
        raise TermError(f"Cannot read the term {term!r}; write e.g. 14d, 10wd or 2m.")
    return int(match.group(1)), match.group(2)


def parse_days(lines) -> list[datetime.date]:
    """ISO dates (YYYY-MM-DD), one per item, as set in the registry settings."""
    days = []
    for line in lines or ():
        line = (line or "").strip()
        if line:
            try:
                days.append(datetime.date.fromisoformat(line))
            except ValueError:
                raise TermError(f"{line!r} is not a date written as YYYY-MM-DD.") from None
    return days


def status(
    deadline: datetime.date | None, today: datetime.date, work: WorkCalendar, done: bool = False
) -> str:
    """How a deadline stands today: none, done, overdue, today, soon (no working day left
    before it) or open."""
    if deadline is None:
        return "none"
    if done:
        return "done"
    if today > deadline:
        return "overdue"
    if today == deadline:
        return "today"
    if work.add_working_days(today, 1) >= deadline:
        return "soon"
    return "open"


def reminder(
    deadline: datetime.date | None, today: datetime.date, work: WorkCalendar
) -> str | None:
    """Which reminder is due today: "day-before" while no working day is left before the
    deadline, "due-today" on the day itself, None otherwise."""
    state = status(deadline, today, work)
    return {"soon": "day-before", "today": "due-today"}.get(state)
