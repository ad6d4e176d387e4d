"""Data-subject requests, the rules (no Zope): the one-month deadline (GDPR Art. 12(3), Sofia
days, Regulation 1182/71) and whether what was found may be erased, and if not why (Art. 17(3))."""

import datetime
import pytest
from ratusha.privacy.subjects import rules
from ratusha.privacy.subjects.rules import Retention


D = datetime.date


@pytest.mark.parametrize(
    "received, extended, due",
    [
        (D(2026, 12, 7), False, D(2027, 1, 7)),  # a Thursday
        (D(2026, 1, 31), False, D(2026, 3, 2)),  # 28 Feb is a Saturday: Monday 2 March
        (D(2028, 1, 31), False, D(2028, 2, 29)),  # leap year: the month's last day
        (D(2026, 11, 24), False, D(2026, 12, 29)),  # 24-26 Dec, 27 Sunday, 28 in lieu of 26th
        (D(2026, 2, 3), False, D(2026, 3, 4)),  # 3 March, Liberation Day
        (D(2026, 12, 31), False, D(2027, 2, 1)),  # 31 Jan 2027 is a Sunday
        (D(2026, 12, 7), True, D(2027, 3, 8)),  # extended: three months; 7 March a Sunday
        (D(2026, 3, 10), False, D(2026, 4, 14)),  # Orthodox Good Friday to Easter Monday
    ],
)
def test_deadline(received, extended, due):
    assert rules.deadline(received, extended) == due


def test_days_left():
    assert rules.days_left(D(2027, 1, 7), D(2026, 12, 7)) == 31
    assert rules.days_left(D(2027, 1, 7), D(2027, 1, 8)) == -1


KEPT = Retention(until=D(2031, 12, 31), held=False, may_erase=False)
HELD = Retention(until=D(2020, 12, 31), held=True, may_erase=False)
ENDED = Retention(until=D(2020, 12, 31), held=False, may_erase=True)
PERMANENT = Retention(until=None, held=False, may_erase=False)


@pytest.mark.parametrize(
    "source, role, registered, retention, may, code",
    [
        # registry documents: kept under the filing plan once registered
        ("registry", "sender", False, None, True, "erasable"),  # received, never registered
        ("registry", "recipient", False, None, True, "erasable"),  # a draft answer
        ("registry", "mentioned", False, None, False, "text"),  # named in a draft's text
        ("registry", "sender", True, None, False, "archives"),  # the registry does not say
        ("registry", "sender", True, KEPT, False, "retention"),
        ("registry", "sender", True, PERMANENT, False, "retention"),
        ("registry", "mentioned", True, HELD, False, "legal_hold"),
        ("registry", "sender", True, ENDED, False, "disposal"),  # the disposal act does it
        # meetings: an outside guest may be anonymised, an employee's part is the record
        ("meeting", "guest", False, None, True, "erasable"),
        ("meeting", "participant", False, None, False, "internal"),
        # council, accounts, audit: kept by other laws and rules
        ("council", "rapporteur", False, None, False, "council"),
        ("council", "mentioned", False, None, False, "council"),
        ("account", "account", False, None, False, "account"),
        ("audit", "read", False, None, False, "audit"),
    ],
)
def test_erasure_verdict(source, role, registered, retention, may, code):
    verdict = rules.erasure_verdict(source, role, registered, retention)
    assert (verdict.may_erase, verdict.code) == (may, code)
    msgid, default = verdict.reason
    assert msgid.startswith("subjects_") and default


def test_an_unknown_source_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown source"):
        rules.erasure_verdict("elsewhere", "sender", False)


@pytest.mark.parametrize(
    "source, role, may",
    [
        ("registry", "sender", True),
        ("meeting", "guest", True),
        ("registry", "recipient", False),
        ("registry", "mentioned", False),
        ("meeting", "participant", False),
        ("council", "rapporteur", False),
        ("account", "account", False),
    ],
)
def test_may_rectify(source, role, may):
    assert rules.may_rectify(source, role) is may


def test_rules_import_no_zope():
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(rules.__file__).read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] in ("zope", "plone", "Products", "Zope2") for name in names)
