"""The alert rules on reads of personal data, as tables of cases (no Zope)."""

import datetime
import pytest
from ratusha.privacy.reads import rules
from ratusha.privacy.reads.rules import Act
from ratusha.privacy.reads.rules import Settings


SOFIA = rules.SOFIA
SETTINGS = Settings()  # 50 reads / 10 min, 500 exported / 60 min, 5 refusals / 10 min, 8-18


def at(text):
    """A Sofia wall-clock time, e.g. "2026-12-07 10:00" (a Monday)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SOFIA)


def reads(start, n, every_seconds=10, kind=rules.READ, count=1, who="clerk"):
    first = at(start)
    return [
        Act(who, first + datetime.timedelta(seconds=i * every_seconds), kind, count)
        for i in range(n)
    ]


def rule_counts(alerts):
    found = {}
    for alert in alerts:
        found[alert.rule] = found.get(alert.rule, 0) + 1
    return found


@pytest.mark.parametrize(
    ("case", "acts", "expected"),
    [
        ("49 reads in 10 minutes, working hours", reads("2026-12-07 10:00", 49), {}),
        ("50 reads in 10 minutes", reads("2026-12-07 10:00", 50), {rules.MANY_READS: 1}),
        ("60 reads in 10 minutes fire once", reads("2026-12-07 10:00", 60), {rules.MANY_READS: 1}),
        (
            "100 reads in 16 minutes: two bursts",
            reads("2026-12-07 10:00", 100),
            {rules.MANY_READS: 2},
        ),
        ("60 reads over an hour", reads("2026-12-07 10:00", 60, every_seconds=60), {}),
        (
            "two people, 30 reads each",
            reads("2026-12-07 10:00", 30) + reads("2026-12-07 10:00", 30, who="other"),
            {},
        ),
        (
            "one export of 500 records",
            reads("2026-12-07 10:00", 1, kind=rules.EXPORT, count=500),
            {rules.BULK_EXPORT: 1},
        ),
        (
            "one export of 499 records",
            reads("2026-12-07 10:00", 1, kind=rules.EXPORT, count=499),
            {},
        ),
        (
            "five exports of 100 in 50 minutes",
            reads("2026-12-07 10:00", 5, every_seconds=600, kind=rules.EXPORT, count=100),
            {rules.BULK_EXPORT: 1},
        ),
        (
            "five exports of 100 in five hours",
            reads("2026-12-07 10:00", 5, every_seconds=3600, kind=rules.EXPORT, count=100),
            {},
        ),
        (
            "5 refusals in 10 minutes",
            reads("2026-12-07 10:00", 5, kind=rules.REFUSAL),
            {rules.REFUSALS: 1},
        ),
        ("4 refusals", reads("2026-12-07 10:00", 4, kind=rules.REFUSAL), {}),
        (
            "5 refusals in an hour",
            reads("2026-12-07 10:00", 5, every_seconds=900, kind=rules.REFUSAL),
            {},
        ),
        ("a read at 07:59", reads("2026-12-07 07:59", 1), {rules.AFTER_HOURS: 1}),
        ("a read at 08:00", reads("2026-12-07 08:00", 1), {}),
        ("a read at 17:59", reads("2026-12-07 17:59", 1), {}),
        ("a read at 18:00", reads("2026-12-07 18:00", 1), {rules.AFTER_HOURS: 1}),
        (
            "reads at 20:00 and 02:00: one evening",
            reads("2026-12-07 20:00", 2, 6 * 3600),
            {rules.AFTER_HOURS: 1},
        ),
        (
            "reads at 20:00 and at 20:00 next day",
            reads("2026-12-07 20:00", 2, 24 * 3600),
            {rules.AFTER_HOURS: 2},
        ),
        ("a Saturday at noon", reads("2026-12-05 12:00", 1), {rules.AFTER_HOURS: 1}),
        (
            "Saturday and Sunday: one weekend",
            reads("2026-12-05 12:00", 2, 24 * 3600),
            {rules.AFTER_HOURS: 1},
        ),
        (
            "Christmas Day at 10:00 (a public holiday)",
            reads("2026-12-25 10:00", 1),
            {rules.AFTER_HOURS: 1},
        ),
        (
            "refusals after hours are not reads",
            reads("2026-12-07 22:00", 1, kind=rules.REFUSAL),
            {},
        ),
        (
            "an export after hours",
            reads("2026-12-07 22:00", 1, kind=rules.EXPORT),
            {rules.AFTER_HOURS: 1},
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_rules(case, acts, expected):
    assert rule_counts(rules.evaluate(acts, SETTINGS)) == expected


@pytest.mark.parametrize(
    ("moment", "since"),
    [
        ("2026-12-07 10:00", None),  # Monday at work
        ("2026-12-07 19:00", "2026-12-07 18:00"),
        ("2026-12-08 07:00", "2026-12-07 18:00"),  # before work, the evening before
        ("2026-12-07 07:00", "2026-12-04 18:00"),  # Monday morning: since Friday evening
        ("2026-12-06 12:00", "2026-12-04 18:00"),  # Sunday
        ("2026-12-28 10:00", "2026-12-23 18:00"),  # Christmas 24-26, then the weekend
        ("2026-03-29 04:10", "2026-03-27 18:00"),  # the spring clock change, a Sunday
    ],
)
def test_off_hours_since(moment, since):
    expected = at(since) if since else None
    assert rules.off_hours_since(at(moment), SETTINGS) == expected


def test_working_days_and_hours_are_settings():
    night_shift = Settings(
        working_days=(0, 1, 2, 3, 4, 5, 6),
        work_start=datetime.time(0, 0),
        work_end=datetime.time(23, 59),
    )
    assert rules.evaluate(reads("2026-12-05 12:00", 1), night_shift) == []
    day_off = Settings(days_off=frozenset({datetime.date(2026, 12, 7)}))
    assert rule_counts(rules.evaluate(reads("2026-12-07 10:00", 1), day_off)) == {
        rules.AFTER_HOURS: 1
    }


def test_what_fired_before_does_not_fire_again():
    acts = reads("2026-12-07 10:00", 60) + reads("2026-12-07 20:00", 2, 600)
    first = rules.evaluate(acts, SETTINGS)
    fired = dict(rules.covered(alert.details()) for alert in first)
    assert rules.evaluate(acts, SETTINGS, fired) == []
    later = reads("2026-12-07 10:20", 50)  # a fresh burst after the first
    assert rule_counts(rules.evaluate(acts + later, SETTINGS, fired)) == {rules.MANY_READS: 1}


def test_alert_details_hold_no_values():
    [alert] = rules.evaluate(reads("2026-12-07 10:00", 50), SETTINGS)
    assert alert.details() == {
        "rule": "many_reads",
        "principal": "clerk",
        "window_start": "2026-12-07T08:00:00+00:00",
        "window_end": "2026-12-07T08:08:10+00:00",
        "count": 50,
        "threshold": 50,
    }


def test_acts_without_a_person_are_left_out():
    assert rules.evaluate(reads("2026-12-07 22:00", 60, who=""), SETTINGS) == []
