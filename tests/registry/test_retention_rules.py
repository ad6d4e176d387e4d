"""The filing plan's rules read like the instruction: periods, the list, holds (no Zope)."""

import datetime
import pytest
from ratusha.registry.retention import rules


D = datetime.date
COMPLAINTS = rules.PlanEntry("incoming.complaint", "94-02", "Жалби", 5, "dispose", "closing")
LETTERS = rules.PlanEntry("incoming.letter", "94-06", "Писма", 3, "dispose", "registration")
REPORTS = rules.PlanEntry("internal.report", "94-11", "Докладни", None, "state", "closing")
CASES = rules.PlanEntry("case.file", "94-13", "Преписки", 10, "state", "closing")


@pytest.mark.parametrize(
    "years, event, until",
    [
        (5, D(2020, 5, 10), D(2025, 12, 31)),  # from 1 January 2021, five whole years
        (5, D(2020, 1, 1), D(2025, 12, 31)),
        (5, D(2020, 12, 31), D(2025, 12, 31)),
        (1, D(2024, 2, 29), D(2025, 12, 31)),
        (3, None, None),  # not started: still open
        (None, D(2020, 5, 10), None),  # permanent
    ],
)
def test_period_end(years, event, until):
    assert rules.period_end(years, event) == until


def day(text):
    return datetime.date.fromisoformat(text) if text else None


# entry, registered, closed, held, today -> "until may_erase due reason"
CASES_TABLE = [
    # the day after the last day: on the disposal list; the last day itself: kept
    (COMPLAINTS, "2019-03-01", "2020-05-10", 0, "2026-01-01", "2025-12-31 1 dispose years_closing"),
    (COMPLAINTS, "2019-03-01", "2020-05-10", 0, "2025-12-31", "2025-12-31 0 - years_closing"),
    # the clock runs from the closing, not the registration
    (COMPLAINTS, "2010-03-01", "", 0, "2026-01-01", "- 0 - not_started"),
    # a legal hold stops the clock: never on the list
    (COMPLAINTS, "2010-03-01", "2010-05-01", 1, "2026-01-01", "2015-12-31 0 - held"),
    # letters: from the registration
    (LETTERS, "2021-06-01", "", 0, "2025-01-01", "2024-12-31 1 dispose years_registration"),
    (LETTERS, "2021-06-01", "", 0, "2024-12-31", "2024-12-31 0 - years_registration"),
    # to the State Archive: on the hand-over list, never erased
    (CASES, "2010-01-05", "2012-04-04", 0, "2023-01-01", "2022-12-31 0 state years_closing"),
    # permanent: kept; handed over after the setting's 10 years, unless held
    (REPORTS, "2010-01-05", "2012-04-04", 0, "2023-01-01", "- 0 state permanent"),
    (REPORTS, "2010-01-05", "2012-04-04", 0, "2022-12-31", "- 0 - permanent"),
    (REPORTS, "2010-01-05", "2012-04-04", 1, "2030-01-01", "- 0 - held"),
    # no entry in the plan: kept until someone makes one
    (None, "2000-01-01", "2000-01-02", 0, "2026-01-01", "- 0 - no_entry"),
]


@pytest.mark.parametrize("entry, registered, closed, held, today, expected", CASES_TABLE)
def test_status(entry, registered, closed, held, today, expected):
    found = rules.status(
        entry, registered=day(registered), closed=day(closed), held=bool(held), today=day(today)
    )
    until, may_erase, due, reason = expected.split()
    assert found.until == day(until.strip("-"))
    assert (found.may_erase, found.due or "-") == (may_erase == "1", due)
    assert found.reason[0] == f"retention_{reason}" and len(found.reason) == 3
    assert found.held is bool(held)


@pytest.mark.parametrize(
    "years, archive, start, error",
    [
        ("5", "dispose", "closing", None),
        ("permanent", "state", "closing", None),
        ("постоянен", "state", "registration", None),
        ("", "dispose", "closing", "error_plan_permanent"),
        ("0", "dispose", "closing", "error_plan_years"),
        ("201", "dispose", "closing", "error_plan_years"),
        ("five", "dispose", "closing", "error_plan_years"),
        (5, "burn", "closing", "error_plan_archive"),
        (5, "dispose", "opening", "error_plan_start"),
    ],
)
def test_check_entry(years, archive, start, error):
    if error is None:
        entry = rules.check_entry("incoming.complaint", " 94-02 ", "Жалби", years, archive, start)
        assert entry.index == "94-02"
        return
    with pytest.raises(rules.PlanError) as raised:
        rules.check_entry("incoming.complaint", "94-02", "Жалби", years, archive, start)
    assert raised.value.message[0] == error


@pytest.mark.parametrize("index, title", [("", "Жалби"), ("94-02", "  ")])
def test_check_entry_needs_index_and_title(index, title):
    with pytest.raises(rules.PlanError):
        rules.check_entry("incoming.complaint", index, title, 5, "dispose", "closing")
