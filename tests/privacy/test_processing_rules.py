"""The record of processing activities as pure rules: the table of activities and how a record
is composed from the defaults, the DPO's texts and the fields found in the code (no Zope)."""

import pytest
from ratusha.privacy.interfaces import personal_data
from ratusha.privacy.processing.activities import ACTIVITIES
from ratusha.privacy.processing.activities import activity
from ratusha.privacy.processing.activities import compose
from ratusha.privacy.processing.activities import key
from ratusha.privacy.processing.activities import NO_TRANSFERS
from ratusha.privacy.processing.activities import TEXTS
from ratusha.privacy.processing.activities import UNDESCRIBED


BY_ID = {act.id: act for act in ACTIVITIES}


# activity, capability whose content feeds it, words its legal basis must name, filing plan
@pytest.mark.parametrize(
    "activity_id, capability, basis, plan",
    [
        ("registry", "registry", ("6(1)(c)", "АПК", "ЗМСМА", "ЗНАФ", "9(2)(g)"), True),
        ("council", "council", ("6(1)(c)", "ЗМСМА"), False),
        ("votes", None, ("чл. 27", "чл. 24 ЗМСМА"), False),
        ("meetings", "meetings", ("6(1)(e)",), False),
        ("attendance", None, ("чл. 28а ЗМСМА",), False),
        ("accounts", None, ("6(1)(b)", "Art. 32"), False),
        ("audit", None, ("Art. 32", "ЗКС"), False),
        ("lockouts", None, ("Art. 32",), False),
        ("notifications", None, ("6(1)(e)",), False),
        ("privacy", "privacy", ("Art. 12–22", "33", "ЗЗЛД"), False),
    ],
)
def test_the_activities_the_product_performs(activity_id, capability, basis, plan):
    act = BY_ID[activity_id]
    assert act.capability == capability
    assert all(word in act.texts["legal_basis"][1] for word in basis)
    assert act.filing_plan is plan
    assert set(act.texts) == set(TEXTS)
    assert act.texts["transfers"] == NO_TRANSFERS
    assert act.capability or act.held, "an activity keeps content or data outside it"


def test_every_activity_is_in_the_table_once():
    assert len(BY_ID) == len(ACTIVITIES) == 10


def test_an_activity_has_only_the_parts_of_article_30():
    with pytest.raises(ValueError, match="rationale"):
        activity("x", ("x", "X"), rationale=("x", "X"))


def test_the_directive_knows_the_kinds_of_personal_data():
    with pytest.raises(ValueError, match="health"):
        personal_data(notes="health")


FIELD = {"capability": "registry", "type": "IncomingDocument", "field": "sender_address"}
OTHER = {"capability": "petitions", "type": "Petition", "field": "signatory"}
PLAN = [{"key": "incoming.letter", "index": "94-00", "years": 5}]


@pytest.mark.parametrize(
    "case, overrides, language, activity_id, text, expected, edited",
    [
        ("default text", {}, "bg", "registry", "purpose", BY_ID["registry"].texts["purpose"], ()),
        (
            "the DPO's text in the page's language",
            {key("registry", "purpose", "bg"): "Деловодство"},
            "bg",
            "registry",
            "purpose",
            "Деловодство",
            ("purpose",),
        ),
        (
            "the DPO's Bulgarian text leaves English alone",
            {key("registry", "purpose", "bg"): "Деловодство"},
            "en",
            "registry",
            "purpose",
            BY_ID["registry"].texts["purpose"],
            (),
        ),
        (
            "blank is no text",
            {key("audit", "retention", "bg"): "  "},
            "bg",
            "audit",
            "retention",
            BY_ID["audit"].texts["retention"],
            (),
        ),
        ("new capability undescribed", {}, "bg", "petitions", "purpose", UNDESCRIBED, ()),
        (
            "new capability described by the DPO",
            {key("petitions", "purpose", "bg"): "Петиции"},
            "bg",
            "petitions",
            "purpose",
            "Петиции",
            ("purpose",),
        ),
    ],
)
def test_compose(case, overrides, language, activity_id, text, expected, edited):
    entries = {e.id: e for e in compose([FIELD, OTHER], overrides, language, PLAN)}
    assert entries[activity_id].texts[text] == expected, case
    assert entries[activity_id].edited == edited, case


def test_fields_go_to_their_capability_and_the_plan_to_the_registry():
    entries = {e.id: e for e in compose([FIELD, OTHER], {}, "bg", PLAN)}
    assert entries["registry"].fields == [FIELD]
    assert entries["petitions"].fields == [OTHER]
    assert not entries["petitions"].described
    assert entries["registry"].described
    assert [e.id for e in entries.values() if e.periods] == ["registry"]
    assert list(entries)[-1] == "petitions"  # after the described activities
