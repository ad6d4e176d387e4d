"""Which patterns of reads and refusals of personal data look suspicious (no Zope here).

The clock hands over the acts it found in the audit trail and what already fired; each rule
answers with the alerts that are new. An alert covers its pattern and window: a burst rule
counts afresh after the read that fired it, the after-hours rule fires once per person per
stretch of time off (from the end of one working day to the start of the next).
"""

from collections import deque
from dataclasses import dataclass
from dataclasses import field
import datetime
from functools import lru_cache
import holidays
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")

READ = "read"
EXPORT = "export"
REFUSAL = "refusal"

MANY_READS = "many_reads"
BULK_EXPORT = "bulk_export"
AFTER_HOURS = "after_hours"
REFUSALS = "refusals"
RULES = (MANY_READS, BULK_EXPORT, AFTER_HOURS, REFUSALS)
BURSTS = ((MANY_READS, READ), (BULK_EXPORT, EXPORT), (REFUSALS, REFUSAL))  # rule, what it counts


@dataclass(frozen=True)
class Act:
    """One audited act: who, when (aware), what kind, how many records it touched."""

    principal: str
    when: datetime.datetime
    kind: str = READ
    count: int = 1


@dataclass(frozen=True)
class Settings:
    """Each burst rule's threshold and window (minutes) are named after the rule."""

    many_reads: int = 50
    many_reads_minutes: int = 10
    bulk_export: int = 500
    bulk_export_minutes: int = 60
    refusals: int = 5
    refusals_minutes: int = 10
    working_days: tuple = (0, 1, 2, 3, 4)  # Monday is 0
    work_start: datetime.time = datetime.time(8, 0)
    work_end: datetime.time = datetime.time(18, 0)
    days_off: frozenset = field(default_factory=frozenset)  # beyond the public holidays


@dataclass(frozen=True)
class Alert:
    rule: str
    principal: str
    start: datetime.datetime
    end: datetime.datetime
    count: int
    threshold: int = 0

    def details(self) -> dict:
        """Plain values for the audit trail and the event; never what was read."""
        return {
            "rule": self.rule,
            "principal": self.principal,
            "window_start": self.start.astimezone(datetime.UTC).isoformat(),
            "window_end": self.end.astimezone(datetime.UTC).isoformat(),
            "count": self.count,
            "threshold": self.threshold,
        }


@lru_cache(maxsize=32)
def _calendar(year: int):
    found = holidays.country_holidays("BG", years=year)
    return frozenset(found), frozenset(found.weekend_workdays)


def is_working_day(day: datetime.date, settings: Settings) -> bool:
    """The settings' weekdays, less Bulgaria's public holidays and the days off the settings
    add, plus the Saturdays the government made working days for a bridge day."""
    public, worked_weekend = _calendar(day.year)
    if day in public or day in settings.days_off:
        return False
    return day.weekday() in settings.working_days or day in worked_weekend


def off_hours_since(moment: datetime.datetime, settings: Settings):
    """When the stretch of time off that holds `moment` began (Sofia), or None at work."""
    local = moment.astimezone(SOFIA)
    day = local.date()
    if is_working_day(day, settings) and settings.work_start <= local.time() < settings.work_end:
        return None
    for _ in range(366):
        if is_working_day(day, settings):
            end = datetime.datetime.combine(day, settings.work_end, tzinfo=SOFIA)
            if end <= local:
                return end
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=SOFIA)


def bursts(acts, window: datetime.timedelta, threshold: int, after=None):
    """(start, end, count) of each run of acts whose counts within `window` reach `threshold`;
    after each the counting starts afresh, so one burst fires once. `acts` in time order."""
    found = []
    queue = deque()
    total = 0
    for act in acts:
        if after is not None and act.when <= after:
            continue
        queue.append(act)
        total += act.count
        while queue[0].when <= act.when - window:
            total -= queue.popleft().count
        if total >= threshold:
            found.append((queue[0].when, act.when, total))
            queue.clear()
            total = 0
    return found


def _burst_alerts(rule, principal, acts, window_minutes, threshold, after):
    window = datetime.timedelta(minutes=window_minutes)
    return [
        Alert(rule, principal, start, end, count, threshold)
        for start, end, count in bursts(acts, window, threshold, after)
    ]


def after_hours(principal, acts, settings: Settings, fired_since=None):
    """One alert per stretch of time off in which the person read personal data."""
    found = []
    for act in acts:
        since = off_hours_since(act.when, settings)
        if since is None or (fired_since is not None and since <= fired_since):
            continue
        found.append(Alert(AFTER_HOURS, principal, since, act.when, act.count))
        fired_since = since
    return found


def evaluate(acts, settings: Settings, fired=None):
    """New alerts for `acts` (any order). `fired` maps (rule, principal) to what the last
    alert of that rule covered: its window's end for the burst rules, the start of the stretch
    of time off for after-hours; acts already covered fire nothing again."""
    fired = fired or {}
    by_principal = {}
    for act in sorted(acts, key=lambda a: a.when):
        if act.principal:
            by_principal.setdefault(act.principal, []).append(act)
    alerts = []
    for principal, own in by_principal.items():
        for rule, kind in BURSTS:
            alerts += _burst_alerts(
                rule,
                principal,
                [a for a in own if a.kind == kind],
                getattr(settings, f"{rule}_minutes"),
                getattr(settings, rule),
                fired.get((rule, principal)),
            )
        reads = [a for a in own if a.kind in (READ, EXPORT)]
        alerts += after_hours(principal, reads, settings, fired.get((AFTER_HOURS, principal)))
    return sorted(alerts, key=lambda a: (a.end, a.rule, a.principal))


def covered(alert_details: dict):
    """What an earlier alert covered, read back from its details: ((rule, principal), moment)."""
    rule = alert_details["rule"]
    name = "window_start" if rule == AFTER_HOURS else "window_end"
    moment = datetime.datetime.fromisoformat(alert_details[name])
    return (rule, alert_details["principal"]), moment
