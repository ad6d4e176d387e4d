"""The registry's rules as tables: numbers, deadlines with Bulgarian holidays, chains, СЕОС."""

import datetime
import pathlib
import pytest
from ratusha.registry import chain
from ratusha.registry import seos
from ratusha.registry.deadlines import DEFAULT_TERMS
from ratusha.registry.deadlines import parse_days
from ratusha.registry.deadlines import parse_term
from ratusha.registry.deadlines import reminder
from ratusha.registry.deadlines import status
from ratusha.registry.deadlines import TermError
from ratusha.registry.deadlines import WorkCalendar
from ratusha.registry.numbering import check_format
from ratusha.registry.numbering import DEFAULT_FORMAT
from ratusha.registry.numbering import format_number
from ratusha.registry.numbering import FormatError
from ratusha.registry.numbering import sequence_year
import re


D = datetime.date
ROOT = pathlib.Path(__file__).resolve().parents[2]


# registration numbers


@pytest.mark.parametrize(
    "fmt, index, seq, day, expected",
    [
        (DEFAULT_FORMAT, "94-00", 123, D(2026, 11, 22), "94-00-00123/22.11.2026"),
        (DEFAULT_FORMAT, "94-00", 1, D(2027, 1, 4), "94-00-00001/04.01.2027"),
        (DEFAULT_FORMAT, "ИЗХ", 99999, D(2026, 2, 28), "ИЗХ-99999/28.02.2026"),
        (DEFAULT_FORMAT, "94-00", 123456, D(2026, 11, 22), "94-00-123456/22.11.2026"),
        (
            "{index}-{seq}/{date:%d.%m.%Y} г.",
            "410-01",
            176,
            D(2017, 11, 8),
            "410-01-176/08.11.2017 г.",
        ),
        ("{year}-{index}-{seq:04d}", "ВД", 7, D(2026, 3, 3), "2026-ВД-0007"),
        ("{seq}", "", 12, D(2026, 1, 1), "12"),
        ("№ {{{seq}}}", "x", 3, D(2026, 1, 1), "№ {3}"),
    ],
)
def test_number_format(fmt, index, seq, day, expected):
    assert format_number(fmt, index, seq, day) == expected


@pytest.mark.parametrize(
    "fmt, reason",
    [
        ("", "empty"),
        ("{index}/{date:%Y}", "{seq}"),
        ("{index}-{foo}-{seq}", "Unknown field {foo}"),
        ("{date.year}-{seq}", "Unknown field {date.year}"),
        ("{index.__class__}-{seq}", "Unknown field"),
        ("{seq[0]}", "Unknown field"),
        ("{seq!r}", "Conversions"),
        ("{seq:{index}}", "Nested"),
        ("{seq:05q}", "not valid"),
        ("{seq", "not valid"),
    ],
)
def test_bad_formats_are_refused(fmt, reason):
    with pytest.raises(FormatError, match=re.escape(reason)):
        check_format(fmt)


def test_sequence_starts_at_one():
    with pytest.raises(ValueError):
        format_number(DEFAULT_FORMAT, "94-00", 0, D(2026, 1, 1))


@pytest.mark.parametrize(
    "day, yearly, expected",
    [
        (D(2026, 12, 31), True, 2026),
        (D(2027, 1, 1), True, 2027),
        (D(2027, 1, 1), False, 0),
    ],
)
def test_numbering_period(day, yearly, expected):
    assert sequence_year(day, yearly) == expected


# deadlines

BG = WorkCalendar()


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 11, 23), True),  # Monday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 3, 3), False),  # Liberation Day, Tuesday
        (D(2026, 4, 10), False),  # Orthodox Good Friday 2026
        (D(2026, 4, 13), False),  # Orthodox Easter Monday 2026
        (D(2026, 4, 6), True),  # Western Easter Monday 2026 is a working day in Bulgaria
        (D(2025, 4, 18), False),  # Good Friday 2025 (both Easters on 20 April)
        (D(2025, 4, 21), False),  # Easter Monday 2025
        (D(2027, 4, 30), False),  # Orthodox Good Friday 2027 (Western: 26 March)
        (D(2027, 5, 3), False),  # Orthodox Easter Monday 2027
        (D(2027, 5, 4), False),  # 1 May 2027 is a Saturday: Labour Day moved to Tuesday
        (D(2026, 5, 25), False),  # 24 May 2026 is a Sunday: moved to Monday
        (D(2026, 9, 7), False),  # 6 September 2026 is a Sunday: moved to Monday
        (D(2026, 12, 24), False),  # Christmas Eve
        (D(2026, 12, 28), False),  # 26 December 2026 is a Saturday: moved to Monday
        (D(2026, 12, 29), True),
        (D(2026, 1, 2), False),  # declared day off between New Year and the weekend
    ],
)
def test_bulgarian_working_days(day, working):
    assert BG.is_working_day(day) is working


@pytest.mark.parametrize(
    "start, term, due",
    [
        (D(2026, 11, 20), "1wd", D(2026, 11, 23)),  # Friday + 1 working day = Monday
        (D(2026, 11, 23), "5wd", D(2026, 11, 30)),
        (D(2026, 4, 8), "2wd", D(2026, 4, 14)),  # over Orthodox Easter 2026 (10–13 April)
        (D(2026, 4, 8), "2d", D(2026, 4, 14)),  # lands on Good Friday: moves past Easter
        (D(2026, 12, 22), "3wd", D(2026, 12, 30)),  # over Christmas
        (D(2026, 12, 30), "2wd", D(2027, 1, 4)),  # year boundary: 31.12, then 1.1 is off
        (D(2026, 12, 25), "7d", D(2027, 1, 4)),  # 1 January → off, weekend → Monday 4th
        (D(2026, 11, 22), "7d", D(2026, 11, 30)),  # Sunday 29th → Monday 30th
        (D(2026, 11, 23), "14d", D(2026, 12, 7)),
        (D(2026, 2, 25), "7d", D(2026, 3, 4)),  # 3 March holiday → 4 March
        (D(2026, 1, 31), "1m", D(2026, 3, 2)),  # 28 February is a Saturday → Monday 2 March
        (D(2026, 11, 30), "2m", D(2027, 2, 1)),  # АПК чл. 118; 30.01.2027 is a Saturday
        (D(2027, 3, 3), "2m", D(2027, 5, 5)),  # 3 May 2027 = Easter Monday, 4th moved 1 May
        (D(2027, 12, 31), "2m", D(2028, 2, 29)),  # leap year: last day of February
        (D(2026, 11, 23), "0wd", D(2026, 11, 23)),
        (D(2026, 11, 22), "0d", D(2026, 11, 23)),
    ],
)
def test_due_dates(start, term, due):
    assert BG.due(start, term) == due


def test_government_days_off_and_working_saturdays():
    # e.g. a decree makes Monday 2026-12-21 a day off, worked on Saturday 2026-12-12
    work = WorkCalendar(extra_days_off=[D(2026, 12, 21)], working_saturdays=[D(2026, 12, 12)])
    assert not work.is_working_day(D(2026, 12, 21))
    assert work.is_working_day(D(2026, 12, 12))
    assert not work.is_working_day(D(2026, 12, 13))  # Sunday stays off
    assert work.due(D(2026, 12, 11), "1wd") == D(2026, 12, 12)
    assert work.due(D(2026, 12, 18), "1wd") == D(2026, 12, 22)
    assert work.due(D(2026, 12, 14), "7d") == D(2026, 12, 22)
    # a holiday is not made working by being listed as a working Saturday
    assert not WorkCalendar(working_saturdays=[D(2027, 5, 1)]).is_working_day(D(2027, 5, 1))


@pytest.mark.parametrize(
    "start, end, count",
    [
        (D(2026, 11, 20), D(2026, 11, 23), 1),
        (D(2026, 4, 9), D(2026, 4, 14), 1),
        (D(2026, 11, 23), D(2026, 11, 20), -1),
        (D(2026, 12, 23), D(2027, 1, 5), 5),  # 23 | 24-28 off | 29 30 31 | 1.1 off | 4 5
    ],
)
def test_working_days_between(start, end, count):
    assert BG.working_days_between(start, end) == count


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("14d", (14, "d")),
        ("10wd", (10, "wd")),
        (" 2 m ", (2, "m")),
        ("0wd", (0, "wd")),
    ],
)
def test_terms(text, parsed):
    assert parse_term(text) == parsed


@pytest.mark.parametrize("text", ["", "14", "d14", "2y", "-3d", "1.5m", None])
def test_bad_terms(text):
    with pytest.raises(TermError):
        parse_term(text)


def test_default_terms_are_readable():
    for term in DEFAULT_TERMS.values():
        parse_term(term)
    assert DEFAULT_TERMS["proposal"] == "2m"


def test_days_from_settings():
    assert parse_days(["2026-12-21", " ", "2027-01-02"]) == [D(2026, 12, 21), D(2027, 1, 2)]
    with pytest.raises(TermError):
        parse_days(["21.12.2026"])


@pytest.mark.parametrize(
    "deadline, today, expected, remind",
    [
        (None, D(2026, 11, 23), "none", None),
        (D(2026, 11, 27), D(2026, 11, 23), "open", None),
        (D(2026, 11, 24), D(2026, 11, 23), "soon", "day-before"),
        (D(2026, 11, 23), D(2026, 11, 20), "soon", "day-before"),  # Friday before a Monday
        (D(2026, 11, 23), D(2026, 11, 21), "soon", "day-before"),  # and over the weekend
        (D(2026, 11, 23), D(2026, 11, 19), "open", None),
        (D(2026, 4, 14), D(2026, 4, 9), "soon", "day-before"),  # over Orthodox Easter
        (D(2026, 11, 23), D(2026, 11, 23), "today", "due-today"),
        (D(2026, 11, 23), D(2026, 11, 24), "overdue", None),
    ],
)
def test_deadline_status_and_reminders(deadline, today, expected, remind):
    assert status(deadline, today, BG) == expected
    assert reminder(deadline, today, BG) == remind


def test_done_is_never_overdue():
    assert status(D(2026, 1, 5), D(2026, 11, 23), BG, done=True) == "done"


# approval chains

T = datetime.datetime(2026, 11, 23, 10, 0)


def test_chain_in_order():
    steps = chain.new_chain(["head", "director", "mayor"], author="clerk")
    assert chain.current_approver(steps) == "head" and chain.remaining(steps) == 3
    steps = chain.decide(steps, "head", chain.APPROVED, T, "ok")
    assert chain.current_approver(steps) == "director" and chain.remaining(steps) == 2
    steps = chain.decide(steps, "director", chain.APPROVED, T)
    steps = chain.decide(steps, "mayor", chain.APPROVED, T)
    assert chain.is_complete(steps) and chain.current_approver(steps) is None
    assert [s["by"] for s in steps] == ["head", "director", "mayor"]
    assert steps[0]["comment"] == "ok" and steps[0]["at"] == T.isoformat()


@pytest.mark.parametrize(
    "user, code",
    [
        ("director", "not-current"),  # not yet their turn
        ("mayor", "not-current"),
        ("clerk", "not-current"),  # the author
        ("", "not-current"),
    ],
)
def test_only_the_current_approver_decides(user, code):
    steps = chain.new_chain(["head", "director", "mayor"])
    with pytest.raises(chain.ChainError) as caught:
        chain.decide(steps, user, chain.APPROVED, T)
    assert caught.value.code == code


def test_rejection_needs_a_comment_and_ends_the_round():
    steps = chain.new_chain(["head", "director"])
    with pytest.raises(chain.ChainError) as caught:
        chain.decide(steps, "head", chain.REJECTED, T, "  ")
    assert caught.value.code == "comment"
    steps = chain.decide(steps, "head", chain.REJECTED, T, "Липсва правно основание")
    assert chain.is_rejected(steps) and chain.current_approver(steps) is None
    assert chain.remaining(steps) == 0
    with pytest.raises(chain.ChainError) as caught:
        chain.decide(steps, "director", chain.APPROVED, T)
    assert caught.value.code == "closed"
    again = chain.restart(steps)
    assert chain.current_approver(again) == "head" and not chain.is_rejected(again)


@pytest.mark.parametrize(
    "approvers, author, code",
    [
        ([], None, "empty"),
        (["  "], None, "empty"),
        (["head", "head"], None, "repeated"),
        (["head", "clerk"], "clerk", "author"),
    ],
)
def test_bad_chains(approvers, author, code):
    with pytest.raises(chain.ChainError) as caught:
        chain.new_chain(approvers, author)
    assert caught.value.code == code


SUBS = [
    chain.Substitution("director", "deputy", D(2026, 11, 20), D(2026, 11, 27)),
    chain.Substitution("mayor", "vice-mayor", D(2026, 12, 1), D(2026, 12, 5)),
]


@pytest.mark.parametrize(
    "day, user, allowed",
    [
        (D(2026, 11, 19), "deputy", False),  # before the range
        (D(2026, 11, 20), "deputy", True),  # first day
        (D(2026, 11, 27), "deputy", True),  # last day
        (D(2026, 11, 28), "deputy", False),  # after the range
        (D(2026, 11, 23), "director", True),  # the approver keeps the right
        (D(2026, 11, 23), "vice-mayor", False),  # substitutes someone else
    ],
)
def test_substitutes_for_a_date_range(day, user, allowed):
    steps = chain.decide(chain.new_chain(["head", "director", "mayor"]), "head", chain.APPROVED, T)
    assert chain.may_decide(user, steps, SUBS, day) is allowed


def test_substitute_decision_is_recorded_on_behalf():
    steps = chain.new_chain(["director", "mayor"])
    steps = chain.decide(
        steps, "deputy", chain.APPROVED, datetime.datetime(2026, 11, 23, 9), substitutions=SUBS
    )
    assert steps[0]["by"] == "deputy" and steps[0]["on_behalf_of"] == "director"
    assert chain.absent_for(SUBS, "deputy", D(2026, 11, 23)) == ["director"]
    assert chain.actors(steps, SUBS, D(2026, 12, 2)) == ["mayor", "vice-mayor"]
    assert chain.seen_by(steps, SUBS, D(2026, 12, 2)) == [
        "deputy",
        "director",
        "mayor",
        "vice-mayor",
    ]


def test_default_chain_from_the_org_chart():
    people = {
        ("Department Head", "dep-budget"): {"head.budget"},
        ("Department Head", "dep-taxes"): set(),
        ("Director", "dep-budget"): set(),
        ("Director", "dep-taxes"): set(),
        ("Director", "dir-finance"): {"director.finance"},
        ("Secretary", None): {"secretary"},
        ("Mayor", None): {"mayor"},
    }

    def holders(role, group):
        return people.get((role, group), set())

    parents = {"dep-budget": "dir-finance", "dep-taxes": "dir-finance"}
    assert chain.default_chain(chain.LEVELS, "employee", ["dep-budget"], parents, holders) == [
        "head.budget",
        "director.finance",
        "secretary",
        "mayor",
    ]
    # no head in the taxes department: that level is skipped
    assert chain.default_chain(chain.LEVELS, "employee", ["dep-taxes"], parents, holders) == [
        "director.finance",
        "secretary",
        "mayor",
    ]
    # the head writing herself starts at the director
    assert chain.default_chain(chain.LEVELS, "head.budget", ["dep-budget"], parents, holders) == [
        "director.finance",
        "secretary",
        "mayor",
    ]
    assert chain.default_chain(("Mayor",), "x", [], parents, holders) == ["mayor"]


# the demo's municipality: an employee of «Местни данъци и такси» answers a complaint that
# «Строителство и контрол» is responsible for
ORG = {
    ("Department Head", "dep-taxes"): {"head.taxes"},
    ("Department Head", "dep-construction"): {"head.construction"},
    ("Director", "dir-finance"): {"director.finance"},
    ("Secretary", None): {"secretary"},
    ("Mayor", None): {"mayor"},
}
ORG_PARENTS = {"dep-taxes": "dir-finance", "dep-construction": "dir-territory"}


@pytest.mark.parametrize(
    "author, author_departments, department, expected",
    [
        # the chain starts at the head of the department responsible for the document
        (
            "employee",
            ["dep-taxes"],
            "dep-construction",
            ["head.construction", "secretary", "mayor"],
        ),
        (
            "employee",
            ["dep-taxes"],
            "dep-taxes",
            ["head.taxes", "director.finance", "secretary", "mayor"],
        ),
        # a draft that names no department starts at its author's
        ("employee", ["dep-taxes"], None, ["head.taxes", "director.finance", "secretary", "mayor"]),
        ("employee", [], None, ["secretary", "mayor"]),
        # the responsible head writing herself: her level is skipped
        ("head.construction", ["dep-construction"], "dep-construction", ["secretary", "mayor"]),
        # another department's head writing for taxes goes through the taxes head
        (
            "head.construction",
            ["dep-construction"],
            "dep-taxes",
            ["head.taxes", "director.finance", "secretary", "mayor"],
        ),
    ],
)
def test_default_chain_starts_at_the_responsible_department(
    author, author_departments, department, expected
):
    departments = chain.chain_departments(department, author_departments)
    holders = lambda role, group: ORG.get((role, group), set())  # noqa: E731
    assert chain.default_chain(chain.LEVELS, author, departments, ORG_PARENTS, holders) == expected


# СЕОС


def _workflow_states():
    states = set()
    for name in ("ratusha_incoming_workflow", "ratusha_outgoing_workflow"):
        text = (ROOT / "workflows" / name / "definition.xml").read_text(encoding="utf-8")
        states |= set(re.findall(r'<state state_id="([^"]+)"', text))
    return states


def test_every_document_state_has_one_seos_code():
    states = _workflow_states()
    assert states, "registry workflows not found"
    assert states == set(seos.STATE_CODES)
    assert set(seos.STATE_CODES.values()) == set(seos.CODES)


@pytest.mark.parametrize(
    "state, code",
    [
        ("received", "DS_WAIT_REGISTRATION"),
        ("registered", "DS_REGISTERED"),
        ("in_progress", "DS_REGISTERED"),
        ("returned", "DS_REJECTED"),
        ("left_without_consideration", "DS_STOPPED"),
        ("closed", "DS_CLOSED"),
        ("draft", "DS_WAIT_REGISTRATION"),
        ("dispatched", "DS_REGISTERED"),
        ("archived", "DS_CLOSED"),
        ("cancelled", "DS_STOPPED"),
    ],
)
def test_seos_codes(state, code):
    assert seos.status_code(state) == code


def test_unknown_state_has_no_code():
    with pytest.raises(KeyError):
        seos.status_code("published")
