"""Recurring meetings: an RFC 5545 rule (RRULE, EXDATE) checked and expanded in Sofia time.

Pure (no Zope): parse, validate, expand, skip a date, and the rule as a calendar writes it.

- Occurrences keep the first start's wall-clock time in Europe/Sofia: a weekly 10:00 meeting
  stays at 10:00 when summer time ends. Each lasts as long as the first one.
- The first start is the first occurrence and must be one of the rule's dates.
- Only DAILY, WEEKLY and MONTHLY, with COUNT or UNTIL; at most MAX_OCCURRENCES occurrences
  within MAX_YEARS of the first start. No BYHOUR/BYMINUTE: at most one occurrence a day.
- An EXDATE skips the occurrence on that day (Sofia date), whatever its time says, so skipped
  dates survive moving the meeting to another hour. UNTIL and EXDATE at T000000 mean a whole
  day, as plone.formwidget.recurrence writes them.
"""

from dataclasses import dataclass
import datetime
from dateutil import rrule as du
from dateutil.relativedelta import relativedelta
import re
import zoneinfo


ZONE = zoneinfo.ZoneInfo("Europe/Sofia")
UTC = datetime.UTC
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST")
MAX_OCCURRENCES = 200
MAX_YEARS = 2
MAX_INTERVAL = 99
MAX_TEXT = 4000
STAMP = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")


class RecurrenceError(ValueError):
    """`reason` names the problem (a message key); `details` fill its message."""

    def __init__(self, reason, **details):
        super().__init__(reason)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class Rule:
    rrule: str  # the RRULE value as written (upper case)
    parts: tuple  # ((name, value), ...) of the RRULE, without UNTIL
    until: object = None  # a date (the whole Sofia day) or an aware datetime
    skipped: tuple = ()  # Sofia dates without a meeting (EXDATE)

    def get(self, name, default=None):
        return dict(self.parts).get(name, default)

    @property
    def frequency(self) -> str:
        return self.get("FREQ")

    @property
    def interval(self) -> int:
        return int(self.get("INTERVAL", 1))

    @property
    def count(self):
        value = self.get("COUNT")
        return int(value) if value is not None else None


@dataclass(frozen=True)
class Occurrence:
    start: datetime.datetime  # aware, Europe/Sofia
    end: datetime.datetime

    @property
    def day(self) -> datetime.date:
        return self.start.date()


def _stamp(value, reason):
    """A date, a naive local datetime, or an aware UTC datetime ("Z")."""
    found = STAMP.match(value.strip())
    if not found:
        raise RecurrenceError(reason, value=value)
    day, time, zulu = found.groups()
    try:
        date = datetime.datetime.strptime(day, "%Y%m%d").date()
        if time is None:
            return date
        moment = datetime.datetime.combine(date, datetime.datetime.strptime(time, "%H%M%S").time())
    except ValueError:
        raise RecurrenceError(reason, value=value)
    return moment.replace(tzinfo=UTC) if zulu else moment


def _until(value):
    stamp = _stamp(value, "until")
    if isinstance(stamp, datetime.datetime) and stamp.time() == datetime.time(0):
        return stamp.date()  # the recurrence widget's way of writing a last day
    if isinstance(stamp, datetime.datetime) and stamp.tzinfo is None:
        return stamp.replace(tzinfo=ZONE)
    return stamp


def _skipped_day(value, params):
    zone = ZONE
    if "TZID" in params:
        try:
            zone = zoneinfo.ZoneInfo(params["TZID"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise RecurrenceError("exdate", value=value)
    stamp = _stamp(value, "exdate")
    if not isinstance(stamp, datetime.datetime):
        return stamp
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone)
    return stamp.astimezone(ZONE).date()


def _lines(text):
    """Content lines, unfolded; a bare "FREQ=…" counts as an RRULE line."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text.strip())
    for line in unfolded.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.upper().startswith("FREQ="):
            line = "RRULE:" + line
        head, sep, value = line.partition(":")
        if not sep:
            raise RecurrenceError("syntax", value=line)
        name, *params = head.split(";")
        params = dict(p.split("=", 1) for p in params if "=" in p)
        yield name.strip().upper(), {k.upper(): v for k, v in params.items()}, value.strip()


def _rrule_parts(value):
    parts = []
    for part in value.upper().split(";"):
        if not part:
            continue
        name, sep, setting = part.partition("=")
        if not sep or not setting:
            raise RecurrenceError("syntax", value=part)
        if name not in PARTS:
            raise RecurrenceError("unsupported", part=name)
        if name in dict(parts):
            raise RecurrenceError("syntax", value=part)
        parts.append((name, setting))
    return parts


def _check_numbers(parts):
    values = dict(parts)
    if values.get("FREQ") not in FREQUENCIES:
        raise RecurrenceError("frequency", value=values.get("FREQ", ""))
    if "COUNT" in values and "UNTIL" in values:
        raise RecurrenceError("count-and-until")
    if "COUNT" not in values and "UNTIL" not in values:
        raise RecurrenceError("unbounded", limit=MAX_OCCURRENCES, years=MAX_YEARS)
    for name, low, high in (("COUNT", 1, MAX_OCCURRENCES), ("INTERVAL", 1, MAX_INTERVAL)):
        if name in values:
            if not values[name].isdigit() or not low <= int(values[name]) <= high:
                raise RecurrenceError(name.lower(), value=values[name], limit=high)


def parse(text) -> Rule | None:
    """The rule in `text` (RRULE and EXDATE lines), or None for an empty text."""
    if text is None or not str(text).strip():
        return None
    if len(text) > MAX_TEXT:
        raise RecurrenceError("syntax", value=text[:40])
    rrules, skipped = [], set()
    for name, params, value in _lines(str(text)):
        if name == "RRULE":
            rrules.append(value)
        elif name == "EXDATE":
            skipped |= {_skipped_day(v, params) for v in value.split(",") if v.strip()}
        else:
            raise RecurrenceError("unsupported", part=name)
    if len(rrules) != 1:
        raise RecurrenceError("one-rule")
    parts = _rrule_parts(rrules[0])
    _check_numbers(parts)
    until = _until(dict(parts)["UNTIL"]) if "UNTIL" in dict(parts) else None
    rule = Rule(
        rrules[0].upper(), tuple(p for p in parts if p[0] != "UNTIL"), until, tuple(sorted(skipped))
    )
    try:  # BYDAY and the other lists: dateutil knows their grammar
        _base(rule, datetime.datetime(2000, 1, 3, 12))
    except (ValueError, TypeError, KeyError):
        raise RecurrenceError("syntax", value=rrules[0])
    return rule


def _base(rule: Rule, dtstart: datetime.datetime):
    """The endless rule from a naive Sofia wall time (COUNT and UNTIL are applied by expand)."""
    text = ";".join(f"{k}={v}" for k, v in rule.parts if k != "COUNT")
    return du.rrulestr(f"RRULE:{text}", dtstart=dtstart)


def _wall(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(ZONE).replace(tzinfo=None)


def _aware(wall: datetime.datetime) -> datetime.datetime:
    """A Sofia wall time as an instant: in the autumn hour that happens twice, the first; in
    the spring gap, the same time after it (RFC 5545 3.3.5)."""
    return wall.replace(tzinfo=ZONE, fold=0).astimezone(UTC).astimezone(ZONE)


def _until_wall(until):
    if until is None:
        return None
    if isinstance(until, datetime.date) and not isinstance(until, datetime.datetime):
        return datetime.datetime.combine(until, datetime.time(23, 59, 59))
    return _wall(until)


def series(start, end, rule: Rule) -> list[Occurrence]:
    """Every occurrence the rule makes, skipped ones included; RecurrenceError past the limits."""
    if start.tzinfo is None or end.tzinfo is None:
        raise RecurrenceError("times")
    duration = end.astimezone(UTC) - start.astimezone(UTC)  # same-zone subtraction is wall time
    if duration <= datetime.timedelta(0):
        raise RecurrenceError("times")
    first = _wall(start).replace(microsecond=0)
    bound = first + relativedelta(years=MAX_YEARS)
    until = _until_wall(rule.until)
    base = _base(rule, first)
    if until is not None and until < first:
        raise RecurrenceError("until-before-start")
    walls = list(base.replace(until=min(bound, until) if until else bound))
    if not walls or walls[0] != first:
        raise RecurrenceError("start-not-in-rule")
    if rule.count is not None:
        if len(walls) < rule.count:
            raise RecurrenceError("too-long", years=MAX_YEARS)
        walls = walls[: rule.count]
    elif until > bound:
        beyond = base.after(bound)
        if beyond is not None and beyond <= until:
            raise RecurrenceError("too-long", years=MAX_YEARS)
    if len(walls) > MAX_OCCURRENCES:
        raise RecurrenceError("too-many", limit=MAX_OCCURRENCES)
    result = []
    for wall in walls:
        # the first is the start itself, even in the autumn hour that happens twice
        begin = start.astimezone(ZONE).replace(microsecond=0) if wall == first else _aware(wall)
        result.append(Occurrence(begin, (begin.astimezone(UTC) + duration).astimezone(ZONE)))
    for earlier, later in zip(result, result[1:]):
        if earlier.end.astimezone(UTC) > later.start.astimezone(UTC):
            raise RecurrenceError("overlap")
    return result


def expand(start, end, rule: Rule | None) -> list[Occurrence]:
    """The occurrences that take place (EXDATE left out); one for a meeting without a rule."""
    if rule is None:
        return [Occurrence(start.astimezone(ZONE), end.astimezone(ZONE))]
    taking_place = [o for o in series(start, end, rule) if o.day not in rule.skipped]
    if not taking_place:
        raise RecurrenceError("all-skipped")
    return taking_place


def skipped(start, end, rule: Rule | None) -> list[Occurrence]:
    """The occurrences an EXDATE cancelled (what a calendar's EXDATE lists)."""
    if rule is None:
        return []
    return [o for o in series(start, end, rule) if o.day in rule.skipped]


def check(start, end, text) -> Rule | None:
    """The parsed rule if it can be used with these times; RecurrenceError otherwise."""
    rule = parse(text)
    expand(start, end, rule)
    return rule


def to_text(rule: Rule) -> str:
    """The rule as stored: RRULE as written, then EXDATE the way the recurrence widget writes
    days."""
    lines = [f"RRULE:{rule.rrule}"]
    if rule.skipped:
        lines.append("EXDATE:" + ",".join(d.strftime("%Y%m%dT000000") for d in rule.skipped))
    return "\n".join(lines)


def skip(text, day: datetime.date) -> str:
    """The rule's text with one more day skipped."""
    rule = parse(text)
    if rule is None:
        raise RecurrenceError("not-recurring")
    return to_text(
        Rule(rule.rrule, rule.parts, rule.until, tuple(sorted(set(rule.skipped) | {day})))
    )


def ical_rule(start, end, rule: Rule) -> str:
    """The RRULE value for a calendar: COUNT as written, UNTIL as the last start in UTC (RFC
    5545 wants UTC when DTSTART has a TZID)."""
    parts = list(rule.parts)
    if rule.count is None:
        last = series(start, end, rule)[-1].start
        parts.append(("UNTIL", last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")))
    return ";".join(f"{k}={v}" for k, v in parts)


def last_end(start, end, rule: Rule | None) -> datetime.datetime:
    return expand(start, end, rule)[-1].end


def between(occurrences, start, end) -> list[Occurrence]:
    """The occurrences overlapping [start, end)."""
    return [o for o in occurrences if o.start < end and start < o.end]
