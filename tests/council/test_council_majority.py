"""Majority rules from the legal basis: thresholds, boundaries, rule selection, storage (no Zope)."""

import datetime
import math
import pytest
from ratusha.council import ballots
from ratusha.council import majority
from ratusha.council.legalbasis import parse
from ratusha.council.majority import ALL
from ratusha.council.majority import DEFAULT_RULES
from ratusha.council.majority import MajorityError
from ratusha.council.majority import Rule
from ratusha.council.majority import SIMPLE
from ratusha.council.majority import TWO_THIRDS_ALL


SIZES = (11, 21, 33, 41, 51, 61)
# Required "yes" votes: more than half of all seats, and at least two thirds of all seats.
ALL_REQUIRED = {11: 6, 21: 11, 33: 17, 41: 21, 51: 26, 61: 31}
TWO_THIRDS_REQUIRED = {11: 8, 21: 14, 33: 22, 41: 28, 51: 34, 61: 41}


@pytest.mark.parametrize("seats", SIZES)
def test_all_seats_boundary(seats):
    need = ALL_REQUIRED[seats]
    rule = Rule(parse("ЗМСМА чл. 21 ал. 1 т. 6"), ALL, True, citation="чл. 27 ал. 4 ЗМСМА")
    present = seats - 2
    assert majority.required_votes(ALL, seats, present) == need
    adopted = majority.evaluate(rule, seats, present, yes=need, no=present - need)
    assert adopted.adopted and adopted.required == need
    rejected = majority.evaluate(rule, seats, present, yes=need - 1, abstain=present - need + 1)
    assert not rejected.adopted


@pytest.mark.parametrize("seats", SIZES)
def test_two_thirds_boundary(seats):
    need = TWO_THIRDS_REQUIRED[seats]
    assert need == math.ceil(2 * seats / 3) and 3 * need >= 2 * seats > 3 * (need - 1)
    rule = Rule(parse("ЗОС чл. 6 ал. 1"), TWO_THIRDS_ALL)
    assert majority.evaluate(rule, seats, seats, yes=need).adopted
    assert not majority.evaluate(rule, seats, seats, yes=need - 1, no=1).adopted


@pytest.mark.parametrize("seats", SIZES)
@pytest.mark.parametrize("present_share", [0.55, 0.75, 1.0])
def test_simple_majority_of_present(seats, present_share):
    present = max(seats // 2 + 1, round(seats * present_share))
    need = present // 2 + 1
    assert majority.required_votes(SIMPLE, seats, present) == need
    rule = majority.DEFAULT_RULE
    assert majority.evaluate(rule, seats, present, yes=need).adopted
    # The abstentions of the others count against: exactly half is not more than half.
    outcome = majority.evaluate(rule, seats, present, yes=need - 1, abstain=present - need + 1)
    assert not outcome.adopted and outcome.abstain == present - need + 1


def test_documented_vectors():
    budget = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6")
    assert majority.evaluate(budget, 33, 20, yes=16).adopted is False  # BG-4: needs 17
    assert majority.evaluate(budget, 33, 33, yes=17, no=16).adopted is True
    assert majority.evaluate(budget, 33, 33, yes=16, no=17).adopted is False
    property_ = majority.rule_for("ЗОС чл. 6 ал. 1")
    assert majority.evaluate(property_, 33, 30, yes=22).required == 22
    assert majority.evaluate(property_, 21, 21, yes=14).adopted
    assert not majority.evaluate(property_, 21, 21, yes=13).adopted
    default = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 23")
    assert majority.evaluate(default, 21, 21, yes=11, no=10).adopted  # BG-3
    assert not majority.evaluate(default, 21, 21, yes=10, no=5, abstain=6).adopted


def test_explanation_is_translatable_and_readable():
    rule = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6")
    outcome = majority.evaluate(rule, 33, 30, yes=17, no=10, abstain=3)
    msgid, default, mapping = outcome.explanation
    assert msgid == "council_majority_adopted_all"
    assert mapping["yes"] == 17 and mapping["required"] == 17 and mapping["seats"] == 33
    assert majority.explain(outcome.explanation) == (
        "adopted: 17 for, of required 17 = more than half of 33 councillors, "
        "чл. 27 ал. 4 и ал. 5 ЗМСМА"
    )
    rejected = majority.evaluate(majority.DEFAULT_RULE, 21, 15, yes=7, no=8)
    assert rejected.explanation[0] == "council_majority_rejected_simple"
    assert "more than half of 15 councillors present" in majority.explain(rejected.explanation)
    assert rejected.to_dict()["explanation"]["mapping"]["present"] == 15


@pytest.mark.parametrize(
    "seats, present, yes, no, abstain",
    [
        (21, 22, 1, 0, 0),  # more present than seats
        (21, 11, 6, 6, 0),  # more votes than present
        (21, 11, 5, 3, 4),
        (0, 0, 0, 0, 0),  # no council
        (21, -1, 0, 0, 0),
        (21, 11, -1, 0, 0),
    ],
)
def test_impossible_inputs(seats, present, yes, no, abstain):
    with pytest.raises(MajorityError):
        majority.evaluate(majority.DEFAULT_RULE, seats, present, yes, no, abstain)
    assert issubclass(MajorityError, ValueError)


def test_rule_selection_by_specificity():
    assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 8").named_vote_required
    assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 8").base == ALL
    chair = majority.rule_for("ЗМСМА чл. 24 ал. 1")
    assert chair.secret and chair.base == ALL and not chair.named_vote_required
    assert majority.rule_for("ЗОС чл. 6 ал. 2").base == ALL
    assert majority.rule_for(None) is majority.DEFAULT_RULE
    assert majority.rule_for("ЗУТ чл. 124а ал. 1") is majority.DEFAULT_RULE
    general = Rule(parse("ЗМСМА чл. 21"), ALL, citation="local rulebook")
    rules = DEFAULT_RULES + (general,)
    assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 23", rules).citation == "local rulebook"
    assert majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6", rules).named_vote_required


def test_allowed_modes_follow_the_rule():
    assert majority.allowed_modes(majority.rule_for("ЗМСМА чл. 24")) == (ballots.SECRET,)
    assert (
        majority.allowed_modes(majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6"))
        == ballots.PERSONAL_MODES
    )
    assert set(majority.allowed_modes(majority.DEFAULT_RULE)) == set(ballots.MODES) - {"secret"}


def test_rule_selection_by_effective_dates():
    old = Rule(
        parse("ЗМСМА чл. 21 ал. 1 т. 7"),
        ALL,
        True,
        citation="old",
        valid_to=datetime.date(2024, 1, 31),
    )
    amended = Rule(
        parse("ЗМСМА чл. 21 ал. 1 т. 7"),
        TWO_THIRDS_ALL,
        citation="new",
        valid_from=datetime.date(2024, 2, 1),
    )
    earlier = Rule(
        parse("ЗМСМА чл. 21 ал. 1 т. 7"),
        ALL,
        citation="earlier",
        valid_from=datetime.date(2000, 1, 1),
    )
    rules = DEFAULT_RULES + (old, amended, earlier)
    assert (
        majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 7", rules, datetime.date(2024, 1, 31)).citation
        == "earlier"
    )
    assert (
        majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 7", rules, datetime.date(2024, 2, 1)).citation
        == "new"
    )
    assert (
        majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 7", (old,), datetime.date(2025, 1, 1))
        is majority.DEFAULT_RULE
    )


def test_several_bases_take_the_strictest():
    rule = majority.rule_for_bases(["ЗМСМА чл. 21 ал. 1 т. 8", "ЗОС чл. 6 ал. 1"])
    assert rule.base == TWO_THIRDS_ALL and rule.named_vote_required
    assert rule.citation == "чл. 27 ал. 4 и ал. 5 ЗМСМА, чл. 6 ал. 3 ЗОС"
    assert majority.rule_for_bases([]) == majority.DEFAULT_RULE


def test_rules_round_trip_through_json():
    text = majority.rules_to_json(DEFAULT_RULES)
    assert majority.rules_from_json(text) == DEFAULT_RULES
    row = DEFAULT_RULES[1].to_dict()
    assert row == {
        "basis": "ЗМСМА чл. 21 ал. 1 т. 6",
        "base": "all",
        "named_vote_required": True,
        "secret": False,
        "citation": "чл. 27 ал. 4 и ал. 5 ЗМСМА",
        "valid_from": "1990-01-01",
        "valid_to": None,
    }
    assert Rule.from_dict(
        {"basis": {"law": "ЗОС", "article": "6", "paragraph": "1"}, "base": "two_thirds_all"}
    ).basis == parse("ЗОС чл. 6 ал. 1")


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"base": "all"}',
        '[{"basis": "ЗМСМА", "base": "all"}]',
        '[{"base": "most"}]',
        '[{"base": "all", "valid_from": "yesterday"}]',
        '[{"base": "all", "valid_from": "2024-02-01", "valid_to": "2024-01-01"}]',
        '[{"base": "all", "secret": true, "named_vote_required": true}]',
    ],
)
def test_bad_rule_tables_are_refused(text):
    with pytest.raises(ValueError):
        majority.rules_from_json(text)


@pytest.mark.parametrize(
    "seats, votes, elected",
    [
        (33, {"a": 17, "b": 16}, "a"),  # BG-7
        (33, {"a": 16, "b": 15, "c": 2}, None),
        (33, {"a": 16, "b": 16}, None),
        (21, {"a": 11}, "a"),
        (21, {"a": 10, "b": 1}, None),
        (21, {}, None),
    ],
)
def test_election(seats, votes, elected):
    assert majority.evaluate_election(seats, votes) == elected


def test_election_tie_and_impossible_counts():
    assert majority.evaluate_election(21, {"a": 5, "b": 5}, base=SIMPLE, present=11) is None
    assert majority.evaluate_election(21, {"a": 6, "b": 5}, base=SIMPLE, present=11) == "a"
    with pytest.raises(MajorityError):
        majority.evaluate_election(21, {"a": 20, "b": 2})
