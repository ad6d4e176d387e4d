"""Outcomes of polls and the text of decisions, as plain Python tables (no Plone)."""

import pytest
from ratusha.council import majority
from ratusha.council.voting.outcomes import poll_outcome
from ratusha.council.voting.text import final_text
from ratusha.council.voting.text import html_to_text


SIMPLE = majority.DEFAULT_RULE
ALL = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 8")
CHAIR = majority.rule_for("ЗМСМА чл. 24")
TWO_THIRDS = majority.rule_for("ЗОС чл. 6 ал. 1")


@pytest.mark.parametrize(
    "rule, seats, present, counts, adopted, required",
    [
        # simple majority of those deciding (present less declared conflicts)
        (SIMPLE, 21, 15, {"yes": 8, "no": 7}, True, 8),
        (SIMPLE, 21, 15, {"yes": 7, "no": 2, "abstain": 6}, False, 8),
        (SIMPLE, 21, 14, {"yes": 7, "no": 7}, False, 8),
        (SIMPLE, 21, 11, {"yes": 6}, True, 6),
        # all seats: absences and abstentions both count against
        (ALL, 33, 33, {"yes": 17, "no": 16}, True, 17),
        (ALL, 33, 20, {"yes": 16, "abstain": 4}, False, 17),
        (ALL, 21, 21, {"yes": 11, "abstain": 10}, True, 11),
        # two thirds of all seats
        (TWO_THIRDS, 33, 30, {"yes": 22, "no": 8}, True, 22),
        (TWO_THIRDS, 33, 30, {"yes": 21, "no": 9}, False, 22),
        (TWO_THIRDS, 51, 51, {"yes": 34}, True, 34),
    ],
)
def test_outcome_table(rule, seats, present, counts, adopted, required):
    outcome, elected = poll_outcome(rule, seats, present, counts)
    assert (outcome.adopted, outcome.required, elected) == (adopted, required, None)
    assert outcome.not_voted == present - sum(counts.values())


@pytest.mark.parametrize(
    "returned, counts, adopted, msgid",
    [
        (10, {"yes": 10}, False, "council_written_no_quorum"),  # 10 of 21 is no quorum
        (11, {"yes": 6, "no": 5}, True, "council_majority_adopted_simple"),
        (11, {"yes": 5, "no": 3, "abstain": 3}, False, "council_majority_rejected_simple"),
    ],
)
def test_written_ballots_count_the_quorum_on_returned_ballots(returned, counts, adopted, msgid):
    outcome, _elected = poll_outcome(SIMPLE, 21, returned, counts, written=True)
    assert outcome.adopted is adopted and outcome.explanation[0] == msgid
    assert outcome.present == returned


@pytest.mark.parametrize(
    "seats, counts, elected",
    [
        (21, {"a": 11, "b": 10}, "a"),
        (21, {"a": 10, "b": 9, "c": 2}, None),  # nobody reached 11 of 21 seats
        (33, {"a": 17, "b": 16}, "a"),
        (33, {"a": 16, "b": 16}, None),  # a tie
    ],
)
def test_elections(seats, counts, elected):
    outcome, found = poll_outcome(
        CHAIR,
        seats,
        sum(counts.values()),
        counts,
        election=True,
        names={"a": "Антон", "b": "Борис"},
    )
    assert found == elected and outcome.adopted is (elected is not None)
    msgid, _default, mapping = outcome.explanation
    if elected:
        assert msgid == "council_election_elected" and mapping["name"] == "Антон"
    else:
        assert msgid == "council_election_not_elected"


def test_explanation_reads_like_the_protocol():
    outcome, _elected = poll_outcome(ALL, 33, 30, {"yes": 17, "no": 10, "abstain": 3})
    assert majority.explain(outcome.explanation) == (
        "adopted: 17 for, of required 17 = more than half of 33 councillors, "
        "чл. 27 ал. 4 и ал. 5 ЗМСМА"
    )


def test_impossible_counts_are_refused():
    with pytest.raises(majority.MajorityError):
        poll_outcome(SIMPLE, 21, 5, {"yes": 6})


@pytest.mark.parametrize(
    "markup, text",
    [
        ("", ""),
        ("<p>Приема бюджета.</p>", "Приема бюджета."),
        (
            "<p>Общинският съвет:</p><ol><li>Приема &amp; одобрява</li><li>Възлага</li></ol>",
            "Общинският съвет:\n1. Приема & одобрява\n2. Възлага",
        ),
        ("<ul><li>а</li><li>б</li></ul><p>край<br>ред</p>", "– а\n– б\nкрай\nред"),
    ],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


def test_final_text_appends_adopted_amendments():
    assert final_text("Проект", [], "Изменения:") == "Проект"
    assert final_text("Проект", ["едно", " ", "две"], "Изменения:") == (
        "Проект\n\nИзменения:\n1. едно\n2. две"
    )
    assert final_text("", ["едно"], "Изменения:") == "Изменения:\n1. едно"
