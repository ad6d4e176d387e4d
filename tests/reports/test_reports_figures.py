"""The report's figures: plain counting over facts, as docs/reports.md explains each one."""

import datetime
import pytest
from ratusha.reports.figures import council_report
from ratusha.reports.figures import Document
from ratusha.reports.figures import documents_report
from ratusha.reports.figures import FilterError
from ratusha.reports.figures import Filters
from ratusha.reports.figures import Meeting
from ratusha.reports.figures import meetings_report
from ratusha.reports.figures import months
from ratusha.reports.figures import parse_filters
from ratusha.reports.figures import Session


D = datetime.date
TODAY = D(2026, 12, 7)
YEAR = Filters(D(2026, 1, 1), D(2026, 12, 31))
DEPARTMENTS = ("dep-budget", "dep-taxes")


def calendar_days(start, end):
    return (end - start).days


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters(D(2026, 1, 1), TODAY)),
        ({"from": "2026-11-01"}, Filters(D(2026, 11, 1), TODAY)),
        ({"from": "2026-11-01", "to": "2026-11-30"}, Filters(D(2026, 11, 1), D(2026, 11, 30))),
        ({"department": "dep-taxes"}, Filters(D(2026, 1, 1), TODAY, "dep-taxes")),
        ({"from": "2022-01-01", "to": "2026-12-31"}, Filters(D(2022, 1, 1), D(2026, 12, 31))),
    ],
)
def test_filters(params, expected):
    assert parse_filters(params, TODAY, DEPARTMENTS) == expected


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "1.11.2026"}, "bad-from"),
        ({"to": "2026-13-01"}, "bad-to"),
        ({"from": "2026-12-01", "to": "2026-11-01"}, "bad-period"),
        ({"from": "2019-01-01", "to": "2026-01-01"}, "period-too-long"),
        ({"department": "dep-nowhere"}, "bad-department"),
        # a parameter given twice arrives as a list
        ({"from": ["2026-01-01", "2026-02-01"]}, "bad-from"),
        ({"department": ["dep-budget", "dep-taxes"]}, "bad-department"),
    ],
)
def test_bad_filters(params, code):
    with pytest.raises(FilterError) as refused:
        parse_filters(params, TODAY, DEPARTMENTS)
    assert refused.value.code == code
    assert str(refused.value)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 5), D(2026, 11, 30), ["2026-11"]),
        (D(2026, 11, 30), D(2027, 2, 1), ["2026-11", "2026-12", "2027-01", "2027-02"]),
    ],
)
def test_months(start, end, expected):
    assert months(start, end) == expected


def received(registered, deadline=None, answered=None, department="dep-budget", **kw):
    finished = kw.pop("finished", answered is not None)
    return Document("received", department, registered, deadline, answered, finished)


# (documents, figure, expected) — the whole year, calendar days for the time to answer
CASES = [
    # answered the day before the deadline: due, on time, 3 days
    ([received(D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 5))], "share_on_time", 1.0),
    # answered on the deadline itself still counts as on time
    ([received(D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 6))], "on_time", 1),
    # answered a day late: due, not on time
    ([received(D(2026, 11, 2), D(2026, 11, 6), D(2026, 11, 7))], "share_on_time", 0.0),
    # open and past its deadline: due and late
    ([received(D(2026, 11, 2), D(2026, 11, 6))], "due", 1),
    # open with its deadline still ahead: not yet due
    ([received(D(2026, 12, 1), D(2026, 12, 20))], "due", 0),
    # no deadline: never due, but its answer time counts
    ([received(D(2026, 11, 2), None, D(2026, 11, 12))], "due", 0),
    ([received(D(2026, 11, 2), None, D(2026, 11, 12))], "average_working_days", 10.0),
    # the average of 3 and 6 days
    (
        [
            received(D(2026, 11, 2), None, D(2026, 11, 5)),
            received(D(2026, 11, 2), None, D(2026, 11, 8)),
        ],
        "average_working_days",
        4.5,
    ),
    # nothing answered: no average, no share (not zero)
    ([received(D(2026, 11, 2))], "average_working_days", None),
    ([received(D(2026, 11, 2))], "share_on_time", None),
    # two on time out of three due
    (
        [
            received(D(2026, 10, 1), D(2026, 10, 5), D(2026, 10, 2)),
            received(D(2026, 10, 1), D(2026, 10, 5), D(2026, 10, 5)),
            received(D(2026, 10, 1), D(2026, 10, 5)),
        ],
        "share_on_time",
        0.667,
    ),
    # sent documents are counted, never answered
    ([Document("sent", "dep-budget", D(2026, 3, 3))], "sent", 1),
    ([Document("sent", "dep-budget", D(2026, 3, 3))], "received", 0),
    # internal documents are neither
    ([Document("internal", "dep-budget", D(2026, 3, 3))], "received", 0),
    # registered last year: outside the period
    ([received(D(2025, 12, 31), None, D(2026, 1, 5))], "received", 0),
]


@pytest.mark.parametrize(("docs", "figure", "expected"), CASES)
def test_document_figures(docs, figure, expected):
    report = documents_report(docs, YEAR, TODAY, calendar_days)
    assert report["total"][figure] == expected


def test_rows_per_department_and_month():
    docs = [
        received(D(2026, 11, 2)),
        received(D(2026, 11, 20)),
        received(D(2026, 12, 1), department="dep-taxes"),
        Document("sent", "dep-budget", D(2026, 12, 3)),
        received(D(2026, 12, 2), department=""),
    ]
    rows = documents_report(docs, YEAR, TODAY, calendar_days)["rows"]
    assert [(r["department"], r["month"], r["received"], r["sent"]) for r in rows] == [
        ("", "2026-12", 1, 0),
        ("dep-budget", "2026-11", 2, 0),
        ("dep-budget", "2026-12", 0, 1),
        ("dep-taxes", "2026-12", 1, 0),
    ]


@pytest.mark.parametrize(
    ("docs", "department", "expected"),
    [
        # overdue is today's snapshot: an old open document counts whatever the period
        ([received(D(2025, 6, 1), D(2025, 6, 20))], "", {"dep-budget": 1}),
        # deadline today: not overdue yet
        ([received(D(2026, 12, 1), TODAY)], "", {}),
        # finished (e.g. left without consideration) past its deadline: not overdue
        ([received(D(2026, 11, 1), D(2026, 11, 5), finished=True)], "", {}),
        # the department filter applies
        (
            [
                received(D(2026, 11, 1), D(2026, 11, 5)),
                received(D(2026, 11, 1), D(2026, 11, 5), department="dep-taxes"),
            ],
            "dep-taxes",
            {"dep-taxes": 1},
        ),
        # an outgoing document waiting past its deadline is overdue too (the register says so)
        ([Document("sent", "dep-taxes", D(2026, 11, 1), D(2026, 11, 5))], "", {"dep-taxes": 1}),
    ],
)
def test_overdue_now(docs, department, expected):
    filters = Filters(D(2026, 11, 1), D(2026, 11, 30), department)
    report = documents_report(docs, filters, TODAY, calendar_days)
    assert report["overdue_by_department"] == expected
    assert report["overdue_now"] == sum(expected.values())


@pytest.mark.parametrize(
    ("meetings", "expected"),
    [
        ([], {"held": 0, "invited": 0, "attended": 0, "attendance": None}),
        ([Meeting(D(2026, 11, 3), 4, 3)], {"held": 1, "attendance": 0.75}),
        (
            [Meeting(D(2026, 11, 3), 4, 3), Meeting(D(2026, 12, 1), 6, 6)],
            {"held": 2, "invited": 10, "attended": 9, "attendance": 0.9},
        ),
        ([Meeting(D(2025, 11, 3), 4, 3)], {"held": 0}),
    ],
)
def test_meetings(meetings, expected):
    report = meetings_report(meetings, YEAR)
    assert {key: report[key] for key in expected} == expected
    assert len(report["by_month"]) == 12


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        ([], {"sessions": 0, "held": 0, "decisions": 0, "share_compliant": None}),
        (
            [Session(D(2026, 10, 29), True, 12), Session(D(2026, 11, 26), True, 9)],
            {"held": 2, "decisions": 21, "share_compliant": 1.0},
        ),
        # a convened session counts as a session, not as held; its warnings count
        (
            [
                Session(D(2026, 11, 26), True, 9),
                Session(D(2026, 12, 17), False, 0, ("no-livestream", "materials-late")),
            ],
            {
                "sessions": 2,
                "held": 1,
                "compliant": 1,
                "share_compliant": 0.5,
                "warnings": {"materials-late": 1, "no-livestream": 1},
            },
        ),
        ([Session(D(2025, 11, 26), True, 9)], {"sessions": 0, "decisions": 0}),
    ],
)
def test_council(sessions, expected):
    report = council_report(sessions, YEAR)
    assert {key: report[key] for key in expected} == expected
