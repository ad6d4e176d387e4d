"""Dates as Bulgarians read them: Europe/Sofia time, day.month.year."""

from DateTime import DateTime
import datetime
import pytz
from ratusha import _
import zoneinfo
from zope.i18n import translate


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
STORED_SOFIA = pytz.timezone("Europe/Sofia")

WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)


def local(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(SOFIA)


def sofia(value: datetime.datetime | None) -> datetime.datetime | None:
    """A stored or submitted time as an aware Sofia datetime (naive means UTC; None stays None).

    Its zone is pytz's, as in Plone's date fields: the ZODB can pickle a pytz zone, not a
    ZoneInfo, so whatever may be stored goes through here; SOFIA is for arithmetic and display.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = pytz.utc.localize(value)
    return STORED_SOFIA.normalize(value.astimezone(STORED_SOFIA))


def iso(moment: datetime.datetime) -> str:
    """ISO 8601 in Sofia with its offset, to the second (2026-03-29T04:30:00+03:00): what REST,
    open data and exports give people, the same instant whatever zone the server is in."""
    return local(moment).isoformat(timespec="seconds")


def from_timestamp(seconds: float) -> datetime.datetime:
    """A POSIX timestamp as an aware Sofia datetime (the server's own zone plays no part)."""
    return datetime.datetime.fromtimestamp(seconds, SOFIA)


def short_datetime(moment: datetime.datetime) -> str:
    """22.11.2026 15:59 in Sofia time."""
    return local(moment).strftime("%d.%m.%Y %H:%M")


def today() -> datetime.date:
    """Today in Sofia: a server's own clock (often UTC) is still on yesterday until 02:00/03:00."""
    return datetime.datetime.now(SOFIA).date()


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a Sofia day: from its midnight to the next one, so the days the clocks
    change last 23 and 25 hours (adding 24 hours would end them an hour off)."""
    start = datetime.datetime.combine(day, datetime.time(), SOFIA)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), SOFIA)
    return start, end


def catalog_date(value: datetime.datetime | None) -> DateTime | None:
    """The Zope DateTime that Plone's date indexes (start, end) hold."""
    return DateTime(value.isoformat()) if value is not None else None


def epoch(value) -> int:
    """Whole seconds since 1970 of a stored time (a naive one is Sofia's)."""
    return int(sofia(value).timestamp())


def long_date(day, request):
    """ "Monday, 7 December 2026" in the request's language."""
    return translate(
        _(
            "long_date",
            default="${weekday}, ${day} ${month} ${year}",
            mapping={
                "weekday": translate(WEEKDAYS[day.weekday()], context=request),
                "day": day.day,
                "month": translate(MONTHS[day.month - 1], context=request),
                "year": day.year,
            },
        ),
        context=request,
    )
