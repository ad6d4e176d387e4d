"""Polls on an agenda item through the Python API: modes from the legal basis, the snapshot of
who may vote, conflicts of interest, outcomes, elections, decision numbers and the contract
the protocol reads (polls_of, get_poll, poll_record, decision_number, decision_text)."""

from council_helpers import CHAIR
from council_helpers import convened_session
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import OUTSIDER
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import close
from council_voting_helpers import info_item
from council_voting_helpers import new_poll
from council_voting_helpers import open_session
from council_voting_helpers import opened
from council_voting_helpers import vote
from plone import api
from plone.app.textfield.value import RichTextValue
import pytest
from ratusha.council import attendance
from ratusha.council import opendata
from ratusha.council.lifecycle import problems
from ratusha.council.voting import acts
from ratusha.council.voting import decisions
from ratusha.council.voting import polls
from ratusha.council.voting import settings
from ratusha.council.voting.acts import VotingError


def refused(code, status, act, *args, **kwargs):
    with pytest.raises(VotingError) as caught:
        act(*args, **kwargs)
    assert (caught.value.code, caught.value.status) == (code, status)
    return caught.value


def test_mode_follows_the_legal_basis(council):
    session = open_session()
    budget = budget_item(session)  # ЗМСМА чл. 21 ал. 1 т. 6: all seats, named
    poll = new_poll(budget)
    assert poll.mode == "named" and poll.rule["base"] == "all"
    assert poll.rule["named_vote_required"] is True
    assert new_poll(budget, mode="roll_call").mode == "roll_call"
    refused("mode_not_allowed", 400, new_poll, budget, mode="show_of_hands")
    refused("mode_not_allowed", 400, new_poll, budget, mode="secret")
    refused("mode", 400, new_poll, budget, mode="telepathy")
    refused("kind", 400, new_poll, budget, kind="whim")
    # procedural votes follow the council's default rule, whatever the item's basis
    procedural = new_poll(budget, kind="procedural", mode="show_of_hands")
    assert procedural.rule["base"] == "simple"
    chair = make_item(
        session, title="Избор на председател", kind="election", basis=("ЗМСМА", "24", "", "")
    )
    election = new_poll(chair, kind="election", options=["cllr02", "cllr03"])
    assert election.mode == "secret" and election.options == ("cllr02", "cllr03")
    refused("candidates", 400, new_poll, chair, kind="election", options=[])
    refused("amendment_text", 400, new_poll, budget, kind="amendment")
    assert [p.id for p in polls.polls_of(budget)] == [p.id for p in polls.polls_of(budget)]
    assert polls.get_poll(budget, poll.id) is poll and polls.get_poll(budget, "nope") is None


def test_only_chair_and_staff_manage_polls(council):
    session = open_session()
    item = budget_item(session)
    refused("forbidden", 403, new_poll, item, user="cllr05")
    poll = new_poll(item, user=STAFF)
    with api.env.adopt_user(username=OUTSIDER):
        refused("forbidden", 403, acts.open_poll, item, poll)


def test_open_needs_an_open_session_and_quorum(council):
    session = convened_session()
    item = budget_item(session)
    poll = new_poll(item)
    with api.env.adopt_user(username=CHAIR):
        refused("session_not_open", 409, acts.open_poll, item, poll)
    session = open_session(present=COUNCILLORS[:11])
    item = budget_item(session)
    poll = new_poll(item)
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, "cllr01", False, "staff")  # quorum lost
    with api.env.adopt_user(username=CHAIR):
        refused("quorum", 409, acts.open_poll, item, poll)


def test_snapshot_and_conflicts_decide_who_votes(council):
    session = open_session(present=COUNCILLORS[:15])
    item = budget_item(session)
    with api.env.adopt_user(username="cllr03"):
        acts.declare_conflict(item, "Съпругата ми е управител на дружеството.")
        refused("conflict_twice", 409, acts.declare_conflict, item, "пак")
    with api.env.adopt_user(username=OUTSIDER):
        refused("not_councillor", 403, acts.declare_conflict, item, "нямам")
    poll = opened(item)
    assert len(poll.box.present) == 15 and len(poll.box.eligible) == 14
    with api.env.adopt_user(username=STAFF):  # arrives after the opening: not in this poll
        attendance.record_presence(session, "cllr20", True, "staff")
    refused("not_eligible", 403, vote, item, poll, "cllr20", "yes")
    refused("conflict_of_interest", 403, vote, item, poll, "cllr03", "yes")
    refused("not_councillor", 403, vote, item, poll, OUTSIDER, "yes")
    refused("not_councillor", 403, vote, item, poll, STAFF, "yes")
    vote(item, poll, "cllr04", "yes")
    with api.env.adopt_user(username="cllr04"):  # too late to declare: already voted
        refused("late_declaration", 409, acts.declare_conflict, item, "късно")
    with api.env.adopt_user(username="cllr05"):  # declared during the poll, before voting
        acts.declare_conflict(item, "Роднина на кандидата.")
    refused("conflict_of_interest", 403, vote, item, poll, "cllr05", "yes")
    record = polls.poll_record(item, poll)
    assert record.vote_of("cllr03") == "conflict" and record.vote_of("cllr20") == "absent"
    assert record.vote_of("cllr04") == "yes" and record.vote_of("cllr06") == "not_voted"
    conflicts = polls.conflicts_of(item)
    assert [c.councillor for c in conflicts] == ["cllr03", "cllr05"]
    assert isinstance(conflicts[0], opendata.ConflictDeclaration)


def test_named_votes_change_until_close_when_allowed(council):
    session = open_session()
    item = info_item(session)
    poll = opened(item, kind="procedural")
    assert vote(item, poll, "cllr02", "no")["changed"] is False
    assert vote(item, poll, "cllr02", "yes")["changed"] is True
    assert poll.box.tally()["counts"] == {"yes": 1, "no": 0, "abstain": 0}
    settings.set_voting_settings(api.portal.get()["council"], change=False)
    refused("already_voted", 409, vote, item, poll, "cllr02", "abstain")
    refused("invalid_choice", 400, vote, item, poll, "cllr03", "maybe")
    close(item, poll)
    refused("closed", 409, vote, item, poll, "cllr04", "yes")
    with api.env.adopt_user(username=CHAIR):
        refused("closed", 409, acts.close_poll, item, poll)
        refused("closed", 409, acts.open_poll, item, poll)


def test_outcome_of_a_budget_decision_by_all_seats(council):
    session = open_session()
    item = budget_item(session)
    item.draft_decision = RichTextValue(
        "<p>Приема бюджета за 2027 г.</p>", "text/html", "text/html"
    )
    amendment = opened(item, kind="amendment", text="В т. 1 сумата става 5 млн. лв.")
    for user in COUNCILLORS[:12]:
        vote(item, amendment, user, "yes")
    close(item, amendment)
    assert amendment.outcome["adopted"] is True and decisions.decision_of(item) is None
    rejected = opened(item, kind="amendment", text="Т. 2 отпада.")
    vote(item, rejected, "cllr02", "yes")
    close(item, rejected)
    whole = opened(item)
    for user in COUNCILLORS[:11]:
        vote(item, whole, user, "yes")
    for user in COUNCILLORS[11:15]:
        vote(item, whole, user, "abstain")
    close(item, whole)
    outcome = whole.outcome
    assert (
        outcome["adopted"],
        outcome["required"],
        outcome["yes"],
        outcome["abstain"],
        outcome["not_voted"],
        outcome["present"],
    ) == (True, 11, 11, 4, 6, 21)
    assert outcome["explanation"]["msgid"] == "council_majority_adopted_all"
    assert outcome["citation"] == "чл. 27 ал. 4 и ал. 5 ЗМСМА"
    assert polls.decision_number(item) == 1
    text = polls.decision_text(item)
    assert text.startswith("Приема бюджета за 2027 г.")
    assert "1. В т. 1 сумата става 5 млн. лв." in text and "Т. 2 отпада" not in text
    # a second adoption of the same item keeps its number
    again = opened(item)
    for user in COUNCILLORS[:11]:
        vote(item, again, user, "yes")
    close(item, again)
    assert polls.decision_number(item) == 1
    record = polls.poll_record(item, whole)
    assert record.mode == "named" and record.counts()["yes"] == 11
    assert record.outcome["adopted"] and record.closed is not None


def test_decision_numbers_run_through_the_term(council):
    numbers = []
    for number in range(2):
        session = open_session(days=10 + number)
        item = budget_item(session)
        poll = opened(item)
        for user in COUNCILLORS[:11]:
            vote(item, poll, user, "yes")
        close(item, poll)
        with api.env.adopt_user(username=CHAIR):
            api.content.transition(obj=session, transition="close")
        numbers.append(polls.decision_number(item))
    assert numbers == [1, 2]
    council_obj = api.portal.get()["council"]
    book = decisions.book_of(council_obj)
    assert sorted(book.issued.keys()) == [("2023–2027", 1), ("2023–2027", 2)]


def test_rejected_and_information_items_get_no_number(council):
    session = open_session()
    item = budget_item(session)
    poll = opened(item)
    for user in COUNCILLORS[:10]:
        vote(item, poll, user, "yes")
    close(item, poll)
    assert poll.outcome["adopted"] is False and polls.decision_number(item) is None
    info = info_item(session)
    noted = opened(info, kind="procedural")
    for user in COUNCILLORS[:11]:
        vote(info, noted, user, "yes")
    close(info, noted)
    assert noted.outcome["adopted"] is True and polls.decision_number(info) is None


def test_show_of_hands_and_roll_call(council):
    session = open_session(present=COUNCILLORS[:15])
    item = info_item(session)
    hands = opened(item, kind="procedural", mode="show_of_hands")
    refused("recorded_by_staff", 400, vote, item, hands, "cllr02", "yes")
    with api.env.adopt_user(username=CHAIR):
        refused("record_forbidden", 403, acts.record_totals, item, hands, 9, 2, 1)
        refused("missing_totals", 409, acts.close_poll, item, hands)
    with api.env.adopt_user(username=STAFF):
        refused("invalid_totals", 400, acts.record_totals, item, hands, 10, 5, 1)
        refused("totals", 400, acts.record_totals, item, hands, "9", 2, 1)
        acts.record_totals(item, hands, 9, 2, 1)
        acts.record_totals(item, hands, 8, 2, 1)  # corrected before the close
    close(item, hands)
    assert (hands.outcome["yes"], hands.outcome["required"], hands.outcome["adopted"]) == (
        8,
        8,
        True,
    )
    assert polls.poll_record(item, hands).totals == {"yes": 8, "no": 2, "abstain": 1}
    call = opened(budget_item(session), mode="roll_call")
    budget = budget_item(session)
    refused("recorded_by_staff", 400, vote, budget, call, "cllr02", "yes")
    with api.env.adopt_user(username=STAFF):
        acts.record_vote(budget, call, "cllr02", "no")
        acts.record_vote(budget, call, "cllr02", "yes")  # the clerk corrects a mishearing
        refused("voter_unknown", 400, acts.record_vote, budget, call, OUTSIDER, "yes")
        refused("not_eligible", 403, acts.record_vote, budget, call, "cllr20", "yes")
    close(budget, call)
    assert call.box.ballots["cllr02"][2] == STAFF
    assert polls.poll_record(budget, call).votes == {"cllr02": "yes"}


def test_secret_election_of_the_chair(council):
    session = open_session()
    item = make_item(
        session, title="Избор на председател", kind="election", basis=("ЗМСМА", "24", "", "")
    )
    poll = opened(item, kind="election", options=["cllr02", "cllr03"])
    for user in COUNCILLORS[:12]:
        vote(item, poll, user, "cllr02")
    for user in COUNCILLORS[12:18]:
        result = vote(item, poll, user, "cllr03")
        assert result == {"poll": poll.id, "voted": True}
    refused("already_voted", 409, vote, item, poll, "cllr02", "cllr03")
    refused("invalid_choice", 400, vote, item, poll, "cllr19", "yes")
    close(item, poll)
    assert poll.elected == "cllr02" and poll.outcome["adopted"] is True
    assert poll.outcome["explanation"]["msgid"] == "council_election_elected"
    assert poll.box.anonymous is None and poll.box.totals == {"cllr02": 12, "cllr03": 6}
    record = polls.poll_record(item, poll)
    assert record.votes == {} and record.totals == {"cllr02": 12, "cllr03": 6}
    assert record.election and record.elected == "cllr02"
    assert polls.decision_number(item) == 1


def test_session_does_not_close_with_an_open_poll(council):
    session = open_session()
    item = budget_item(session)
    poll = opened(item)
    assert problems(session, "close")
    close(item, poll)
    assert not problems(session, "close")
    other = new_poll(item)
    with api.env.adopt_user(username=CHAIR):
        acts.open_poll(item, other)
        refused(
            "another_open",
            409,
            acts.open_poll,
            info_item(session),
            new_poll(info_item(session), kind="procedural"),
        )
