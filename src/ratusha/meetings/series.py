"""A meeting's occurrences (its rule expanded), for content objects and catalog brains, and
the words people read about a series: errors and "every week, 10 times"."""

import functools
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.meetings import recurrence
from ratusha.meetings.recurrence import RecurrenceError


MESSAGES = {
    "syntax": _(
        "error_recurrence_syntax",
        default="The repetition rule cannot be read (${value}). Write it like "
        "FREQ=WEEKLY;COUNT=10.",
    ),
    "unsupported": _(
        "error_recurrence_unsupported",
        default="Repetition does not support ${part}. Use FREQ, INTERVAL, COUNT or "
        "UNTIL, BYDAY, BYMONTHDAY, BYMONTH and EXDATE.",
    ),
    "frequency": _(
        "error_recurrence_frequency",
        default="A meeting repeats daily, weekly or monthly (FREQ=DAILY, WEEKLY or MONTHLY).",
    ),
    "count-and-until": _(
        "error_recurrence_count_and_until",
        default="Give either a number of times (COUNT) or a last date (UNTIL), not both.",
    ),
    "unbounded": _(
        "error_recurrence_unbounded",
        default="A repeating meeting needs an end: a number of times (at most "
        "${limit}) or a last date (at most ${years} years ahead).",
    ),
    "count": _("error_recurrence_count", default="A meeting repeats at most ${limit} times."),
    "interval": _(
        "error_recurrence_interval", default="The interval is a whole number from 1 to ${limit}."
    ),
    "until": _("error_recurrence_until", default="The last date (UNTIL) cannot be read: ${value}."),
    "exdate": _(
        "error_recurrence_exdate", default="A skipped date (EXDATE) cannot be read: ${value}."
    ),
    "one-rule": _("error_recurrence_one_rule", default="Give exactly one repetition rule (RRULE)."),
    "times": _("error_meeting_times", default="The meeting must end after it starts."),
    "until-before-start": _(
        "error_recurrence_until_before_start", default="The last date is before the first meeting."
    ),
    "start-not-in-rule": _(
        "error_recurrence_start",
        default="The first meeting must fall on one of the rule's days, e.g. "
        "on a Monday for a weekly rule on Mondays.",
    ),
    "too-long": _(
        "error_recurrence_too_long",
        default="A repeating meeting may run for at most ${years} years; end it earlier.",
    ),
    "too-many": _(
        "error_recurrence_too_many",
        default="A repeating meeting may take place at most ${limit} times; end it "
        "earlier or repeat less often.",
    ),
    "overlap": _(
        "error_recurrence_overlap",
        default="The meetings of the series would overlap; make each shorter or repeat less often.",
    ),
    "all-skipped": _(
        "error_recurrence_all_skipped", default="Every date of the series is skipped."
    ),
    "not-recurring": _("error_recurrence_none", default="This meeting does not repeat."),
}
EVERY = {
    ("DAILY", True): _("repeat_daily", default="every day"),
    ("DAILY", False): _("repeat_days", default="every ${n} days"),
    ("WEEKLY", True): _("repeat_weekly", default="every week"),
    ("WEEKLY", False): _("repeat_weeks", default="every ${n} weeks"),
    ("MONTHLY", True): _("repeat_monthly", default="every month"),
    ("MONTHLY", False): _("repeat_months", default="every ${n} months"),
}


def message(error: RecurrenceError):
    template = MESSAGES.get(error.reason, MESSAGES["syntax"])
    mapping = {"value": "", "part": "", "limit": "", "years": ""}
    mapping.update({k: str(v) for k, v in error.details.items()})
    return _(str(template), default=template.default, mapping=mapping)


@functools.lru_cache(maxsize=1024)
def _expanded(start, end, text):
    return tuple(recurrence.expand(start, end, recurrence.parse(text)))


def occurrences(start, end, text) -> tuple:
    """The occurrences of a meeting from its fields (a stored rule that no longer checks out
    counts as no rule, so the meeting still shows up once)."""
    if start is None or end is None:
        return ()
    try:
        return _expanded(start, end, text or None)
    except RecurrenceError:
        return _expanded(start, end, None)


def of(meeting) -> tuple:
    return occurrences(meeting.start, meeting.end, getattr(meeting, "recurrence", None))


def of_brain(brain) -> tuple:
    text = getattr(brain, "meeting_recurrence", None)
    return occurrences(
        brain.start.asdatetime(), brain.end.asdatetime(), text if isinstance(text, str) else None
    )


def rule_of(meeting):
    try:
        return recurrence.parse(getattr(meeting, "recurrence", None))
    except RecurrenceError:
        return None


def is_recurring(meeting) -> bool:
    return rule_of(meeting) is not None


def skipped_of(meeting) -> list:
    rule = rule_of(meeting)
    try:
        return recurrence.skipped(meeting.start, meeting.end, rule)
    except RecurrenceError:
        return []


def describe(meeting):
    """ "every week, 10 times" / "every 2 weeks, until 30.06.2027"; None without a rule."""
    rule = rule_of(meeting)
    if rule is None:
        return None
    every = EVERY[(rule.frequency, rule.interval == 1)]
    every = _(str(every), default=every.default, mapping={"n": str(rule.interval)})
    if rule.count is not None:
        return _(
            "repeat_count",
            default="${every}, ${count} times",
            mapping={"every": every, "count": str(rule.count)},
        )
    last = of(meeting)[-1].start
    return _(
        "repeat_until",
        default="${every}, until ${date}",
        mapping={"every": every, "date": short_datetime(last).split(" ")[0]},
    )
