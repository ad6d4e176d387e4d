"""A secret ballot stays secret: nothing in REST answers, the live page, the audit trail, the
stored state after the close or the transaction's metadata links a voter to a choice."""

from council_helpers import CHAIR
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_voting_helpers import client
from council_voting_helpers import open_session
from council_voting_helpers import opened
from council_voting_helpers import vote
import json
import pickle
from plone import api
from ratusha.council.voting import polls
import transaction


CANDIDATES = ["cllr20", "cllr21"]
CHOICES = {
    user: CANDIDATES[0] if index < 11 else CANDIDATES[1]
    for index, user in enumerate(COUNCILLORS[:15])
}


def election(session):
    return make_item(
        session, title="Избор на председател", kind="election", basis=("ЗМСМА", "24", "", "")
    )


def test_the_vote_request_leaves_no_name_on_the_transaction(council):
    session = open_session()
    item = election(session)
    poll = opened(item, kind="election", options=CANDIDATES)
    txn = transaction.get()
    txn.note("/plone/council/izbor/@vote")
    txn.setUser("cllr02")
    vote(item, poll, "cllr02", "cllr20")
    assert (txn.user, txn.description, txn.extension) == ("", "", {})


def test_secret_ballot_leaks_nowhere(http_council, audit_log):
    session = open_session()
    item = election(session)
    transaction.commit()
    base = item.absolute_url()
    created = (
        client(CHAIR)
        .post(f"{base}/@polls", json={"kind": "election", "options": CANDIDATES})
        .json()
    )
    poll_id = created["id"]
    assert client(CHAIR).post(f"{created['@id']}/open").status_code == 200
    answers = []
    for user, choice in CHOICES.items():
        reply = client(user).post(f"{base}/@vote", json={"poll": poll_id, "choice": choice})
        assert reply.status_code == 200, reply.text
        answers.append(reply.text)
        mine = client(user).get(f"{base}/@vote", params={"poll": poll_id}).json()
        assert mine["voted"] is True and mine["choice"] is None
        answers.append(json.dumps(mine))
    assert all(json.loads(a).get("choice") is None for a in answers)
    assert not any(candidate in answer for answer in answers for candidate in CANDIDATES)

    # while open: how many voted, never what (counts after each vote would link them)
    during = client(CHAIR).get(created["@id"]).json()
    assert during["counts"] is None and during["progress"]["voted"] == 15
    assert "not_voted" not in during["progress"] and "votes" not in during
    live = (
        client("cllr02")
        .get(f"{session.absolute_url()}/@live-state", params={"html": 1})
        .json()["sections"]["voting"]
    )
    assert live["state"]["mine"] == {
        "eligible": True,
        "present": True,
        "conflict": False,
        "voted": True,
        "choice": None,
    }
    assert "cllr20" not in json.dumps(live["state"])

    closed = client(CHAIR).post(f"{created['@id']}/close").json()
    assert (
        closed["counts"] == {"cllr20": 11, "cllr21": 4} and closed["elected"]["value"] == "cllr20"
    )
    assert "votes" not in closed and "recorded" not in closed
    results = client("cllr05").get(f"{base}/@results").json()
    assert "votes" not in results["items"][0]["polls"][0]

    # the audit trail: who cast a ballot, never the choice
    ballots = audit_log.new(action="council.secret-ballot")
    assert sorted(r["actor_id"] for r in ballots) == sorted(CHOICES)
    assert all(json.loads(r["details"]) == {"poll": poll_id} for r in ballots)
    assert not audit_log.new(action="council.vote")
    for row in audit_log.new():
        if row["actor_id"] in CHOICES and row["action"] != "council.poll-closed":  # public
            assert not any(c in (row["details"] or "") for c in CANDIDATES), (
                row["action"],
                row["details"],
                row["actor_id"],
            )

    # the stored state after the close: who voted, and totals; no ballots, no tokens
    transaction.begin()
    poll = polls.get_poll(item, poll_id)
    box = poll.box
    assert box.anonymous is None and len(box.ballots) == 0
    assert sorted(box.voted) == sorted(CHOICES) and box.totals == {"cllr20": 11, "cllr21": 4}
    state = pickle.dumps(box.__getstate__())
    assert b"cllr20" in state  # as a key of the totals, which is public
    assert len(polls.poll_record(item, poll).votes) == 0

    # the transactions of the votes carry neither the voter nor the path
    storage = api.portal.get()._p_jar.db().storage
    seen = [(txn.user, txn.description) for txn in storage.iterator()]
    assert not [entry for entry in seen if b"@vote" in (entry[1] or b"")]
    assert len([entry for entry in seen if entry == (b"", b"")]) >= len(CHOICES)
