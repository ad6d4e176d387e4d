"""Rules of sessions and agenda items (no Zope): notice period, legal basis, open formats,
remote sessions, compliance warnings, overdue opinions."""

import datetime
import pytest
from ratusha.council import rules
from ratusha.council.rules import ComplianceFacts
from ratusha.council.rules import ItemFacts
from ratusha.council.rules import Material
from ratusha.council.rules import SessionFacts


D = datetime.date
PDF = Material("dokladna.pdf", "application/pdf")


def codes(problems):
    return [p.code for p in problems]


@pytest.mark.parametrize(
    "published, start, days, ok",
    [
        (D(2026, 12, 13), D(2026, 12, 20), 7, True),
        (D(2026, 12, 14), D(2026, 12, 20), 7, False),
        (D(2026, 12, 1), D(2026, 12, 20), 7, True),
        (D(2026, 12, 19), D(2026, 12, 20), 1, True),
        (D(2026, 12, 20), D(2026, 12, 20), 1, False),
        (D(2026, 12, 20), D(2026, 12, 20), 0, True),
        (D(2027, 3, 25), D(2027, 4, 1), 7, True),  # across a month (and the DST change)
    ],
)
def test_notice_period(published, start, days, ok):
    assert (rules.days_of_notice(published, start) >= days) is ok
    assert rules.notice_deadline(start, days) == start - datetime.timedelta(days=days)


def session(**values):
    base = dict(
        kind=rules.REGULAR,
        start=D(2026, 12, 20),
        today=D(2026, 12, 10),
        items=(ItemFacts("Бюджет 2027", rules.DECISION, ("ЗМСМА", "21", "1", "6"), (PDF,)),),
    )
    base.update(values)
    return SessionFacts(**base)


@pytest.mark.parametrize(
    "values, expected",
    [
        ({}, []),
        ({"today": D(2026, 12, 14)}, ["short-notice"]),
        ({"today": D(2026, 12, 13)}, []),
        # extraordinary: shorter notice, with a recorded reason
        ({"kind": rules.EXTRAORDINARY, "today": D(2026, 12, 19), "reason": "Бедствие"}, []),
        ({"kind": rules.EXTRAORDINARY, "today": D(2026, 12, 19)}, ["no-reason"]),
        (
            {"kind": rules.EXTRAORDINARY, "today": D(2026, 12, 20), "reason": "Бедствие"},
            ["short-notice"],
        ),
        (
            {
                "kind": rules.EXTRAORDINARY,
                "today": D(2026, 12, 20),
                "reason": "Бедствие",
                "extraordinary_days": 0,
            },
            [],
        ),
        # remote and hybrid sessions only under чл. 28а
        ({"mode": rules.REMOTE}, ["remote-not-allowed"]),
        ({"mode": rules.HYBRID, "remote_allowed": True}, ["no-remote-basis"]),
        ({"mode": rules.HYBRID, "remote_allowed": True, "remote_basis": "Заповед № 1"}, []),
        ({"mode": rules.HYBRID, "remote_allowed": True, "remote_needs_basis": False}, []),
        ({"items": ()}, ["no-items"]),
    ],
)
def test_convene_problems(values, expected):
    assert codes(rules.convene_problems(session(**values))) == expected


@pytest.mark.parametrize(
    "item, expected",
    [
        (ItemFacts("Бюджет", rules.DECISION, ("ЗМСМА", "21", "1", "6"), (PDF,)), []),
        (ItemFacts("Бюджет", rules.DECISION, ("", "", "", ""), (PDF,)), ["no-legal-basis"]),
        (ItemFacts("Избор", rules.ELECTION, ("", "", "", ""), (PDF,)), ["no-legal-basis"]),
        (ItemFacts("Избор", rules.ELECTION, ("ЗМСМА", "24", "", ""), (PDF,)), []),
        (ItemFacts("Имот", rules.DECISION, ("ЗОС", "6", "", "1"), (PDF,)), ["bad-legal-basis"]),
        (ItemFacts("Имот", rules.DECISION, ("ЗОС", "", "", ""), (PDF,)), ["bad-legal-basis"]),
        (ItemFacts("Информация", rules.INFORMATION, ("", "", "", ""), ()), []),
        (ItemFacts("Питания", rules.QUESTIONS, ("", "", "", ""), ()), []),
        (ItemFacts("Бюджет", rules.DECISION, ("ЗМСМА", "21", "1", "6"), ()), ["no-materials"]),
        (
            ItemFacts(
                "Бюджет",
                rules.DECISION,
                ("ЗМСМА", "21", "1", "6"),
                (PDF, Material("budget.doc", "application/msword")),
            ),
            ["closed-format"],
        ),
        (
            ItemFacts(
                "Информация",
                rules.INFORMATION,
                ("", "", "", ""),
                (Material("scan.jpg", "image/jpeg"),),
            ),
            ["closed-format"],
        ),
    ],
)
def test_item_problems(item, expected):
    found = rules.item_problems(item) + rules.material_problems(item)
    assert codes(found) == expected


@pytest.mark.parametrize(
    "name, content_type, ok",
    [
        ("a.pdf", "", True),
        ("a.PDF", "", True),
        ("a.odt", "", True),
        ("a.docx", "", True),
        ("a.ods", "", True),
        ("a.xlsx", "", True),
        ("a.csv", "", True),
        ("a.doc", "application/msword", False),
        ("a.rtf", "", False),
        ("a.jpg", "", False),
        ("", "application/pdf", True),
        ("", "application/vnd.oasis.opendocument.text", True),
        ("", "application/octet-stream", False),
    ],
)
def test_open_formats(name, content_type, ok):
    assert rules.is_open_format(name, content_type) is ok


def compliance(**values):
    base = dict(
        state="convened",
        closed_door=False,
        livestream_url="https://stream.example",
        start=D(2026, 12, 20),
        today=D(2026, 12, 10),
        notice_days=7,
        published=D(2026, 12, 10),
    )
    base.update(values)
    return codes(rules.compliance_warnings(ComplianceFacts(**base)))


def test_compliance_warnings():
    assert compliance() == []
    assert compliance(livestream_url="") == ["no-livestream"]
    assert compliance(livestream_url="", closed_door=True) == []
    assert compliance(state="open", livestream_url=" ") == ["no-livestream"]
    assert compliance(state="closed", livestream_url="") == []
    assert compliance(state="draft", published=None, today=D(2026, 12, 14)) == ["not-published"]
    assert compliance(state="draft", published=None, today=D(2026, 12, 13)) == []
    assert compliance(published=D(2026, 12, 15)) == ["published-late"]
    assert compliance(materials_published=(D(2026, 12, 12), D(2026, 12, 16))) == ["materials-late"]
    assert compliance(decision_items_without_materials=2) == ["materials-missing"]


@pytest.mark.parametrize(
    "deadline, given, today, overdue",
    [
        (D(2026, 12, 18), False, D(2026, 12, 18), False),
        (D(2026, 12, 18), False, D(2026, 12, 19), True),
        (D(2026, 12, 18), True, D(2026, 12, 19), False),
        (None, False, D(2026, 12, 19), False),
    ],
)
def test_overdue_opinions(deadline, given, today, overdue):
    assert rules.is_overdue(deadline, given, today) is overdue
