"""Voting over real HTTP: each refused case answers a clear 4xx JSON with a stable code; a
vote counts exactly once in every mode; rule table and decision numbers over REST."""

import concurrent.futures
from council_helpers import CHAIR
from council_helpers import convened_today
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import OUTSIDER
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import client
from council_voting_helpers import info_item
from council_voting_helpers import new_poll
from council_voting_helpers import open_session
from council_voting_helpers import post
from plone import api
from ratusha.council import attendance
from ratusha.council.voting import acts
from ratusha.council.voting import polls
import requests
import transaction


def refused(reply, status, code):
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert error["code"] == code and error["message"], error
    return error


def test_poll_lifecycle_and_every_refusal(http_council, audit_log):
    session = convened_today()
    item = budget_item(session)
    transaction.commit()
    polls_url = f"{item.absolute_url()}/@polls"
    refused(post("cllr05", polls_url, {"kind": "whole"}), 403, "forbidden")
    refused(
        post(STAFF, polls_url, {"kind": "whole", "mode": "show_of_hands"}), 400, "mode_not_allowed"
    )
    refused(post(STAFF, polls_url, {"kind": "nonsense"}), 400, "kind")
    refused(client(STAFF).post(polls_url, data="not json"), 400, "input")
    created = post(STAFF, polls_url, {"kind": "whole"})
    assert created.status_code == 201, created.text
    poll = created.json()
    assert (poll["mode"], poll["state"], poll["rule"]["base"]) == ("named", "created", "all")
    poll_url = poll["@id"]
    vote_url = f"{item.absolute_url()}/@vote"
    refused(post("cllr02", vote_url, {"poll": poll["id"], "choice": "yes"}), 409, "not_open")
    refused(post(CHAIR, f"{poll_url}/open"), 409, "session_not_open")
    refused(post(CHAIR, f"{polls_url}/nope/open"), 404, "unknown_poll")

    with api.env.adopt_user(username=STAFF):  # open the session with 12 present
        for user in COUNCILLORS[:12]:
            attendance.record_presence(session, user, True, "staff")
        attendance.record_quorum_check(session)
        api.content.transition(obj=session, transition="open")
        attendance.record_presence(session, "cllr01", False, "staff")
        attendance.record_presence(session, "cllr02", False, "staff")  # 10: no quorum
    transaction.commit()
    refused(post(CHAIR, f"{poll_url}/open"), 409, "quorum")
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, "cllr01", True, "staff")
        attendance.record_presence(session, "cllr02", True, "staff")
        attendance.record_quorum_check(session)
    transaction.commit()
    refused(post("cllr05", f"{poll_url}/open"), 403, "forbidden")
    opened = post(CHAIR, f"{poll_url}/open")
    assert opened.status_code == 200, opened.text
    assert opened.json()["progress"] == {
        "present": 12,
        "eligible": 12,
        "voted": 0,
        "not_voted": opened.json()["progress"]["not_voted"],
    }
    refused(post(CHAIR, f"{poll_url}/open"), 409, "already_open")

    refused(post(OUTSIDER, vote_url, {"poll": poll["id"], "choice": "yes"}), 403, "not_councillor")
    refused(post(STAFF, vote_url, {"poll": poll["id"], "choice": "yes"}), 403, "not_councillor")
    anonymous = requests.post(
        vote_url, json={"poll": poll["id"], "choice": "yes"}, headers={"Accept": "application/json"}
    )
    refused(anonymous, 403, "not_councillor")
    refused(post("cllr15", vote_url, {"poll": poll["id"], "choice": "yes"}), 403, "not_eligible")
    refused(
        post("cllr02", vote_url, {"poll": poll["id"], "choice": "yes", "voter": "cllr03"}),
        403,
        "no_proxy",
    )
    refused(
        post("cllr02", vote_url, {"poll": poll["id"], "choice": "maybe"}), 400, "invalid_choice"
    )
    refused(post("cllr02", vote_url, {"choice": "yes"}), 400, "input")
    refused(post("cllr02", vote_url, {"poll": "nope", "choice": "yes"}), 404, "unknown_poll")
    for user in COUNCILLORS[:11]:
        reply = post(user, vote_url, {"poll": poll["id"], "choice": "no"})
        assert reply.status_code == 200, reply.text
    changed = post("cllr02", vote_url, {"poll": poll["id"], "choice": "yes"})
    assert changed.json() == {"poll": poll["id"], "voted": True, "choice": "yes", "changed": True}
    mine = client("cllr02").get(vote_url, params={"poll": poll["id"]}).json()
    assert (mine["voted"], mine["choice"], mine["eligible"]) == (True, "yes", True)
    progress = client(CHAIR).get(poll_url).json()
    assert progress["counts"] is None  # no running tally while open
    assert progress["progress"]["voted"] == 11
    assert [p["id"] for p in progress["progress"]["not_voted"]] == ["cllr12"]
    # the session cannot be closed over an open poll
    assert client(CHAIR).post(f"{session.absolute_url()}/@workflow/close").status_code == 409

    refused(post("cllr05", f"{poll_url}/close"), 403, "forbidden")
    closed = post(CHAIR, f"{poll_url}/close")
    assert closed.status_code == 200, closed.text
    result = closed.json()
    assert result["state"] == "closed" and result["counts"] == {"yes": 1, "no": 10, "abstain": 0}
    assert result["outcome"]["adopted"] is False and result["outcome"]["required"] == 11
    assert "1" in result["outcome"]["text"] and "11" in result["outcome"]["text"]
    assert {v["id"]: v["vote"] for v in result["votes"]}["cllr12"] == "not_voted"
    refused(post("cllr12", vote_url, {"poll": poll["id"], "choice": "yes"}), 409, "closed")
    refused(post(CHAIR, f"{poll_url}/close"), 409, "closed")

    results = requests.get(
        f"{session.absolute_url()}/@results", headers={"Accept": "application/json"}
    ).json()
    [budget] = [i for i in results["items"] if i["polls"]]
    assert budget["polls"][0]["outcome"]["text"] == result["outcome"]["text"]
    actions = [r["action"] for r in audit_log.new() if r["action"].startswith("council.poll")]
    assert actions == ["council.poll-created", "council.poll-opened", "council.poll-closed"]
    votes = audit_log.new(action="council.vote")
    assert len(votes) == 12 and votes[-1]["actor_id"] == "cllr02"
    assert '"choice": "yes"' in votes[-1]["details"]


def test_exactly_once_in_every_mode(http_council):
    session = open_session(present=COUNCILLORS[:15])
    item = info_item(session)
    council = api.portal.get()["council"]
    transaction.commit()
    polls_url = f"{item.absolute_url()}/@polls"
    vote_url = f"{item.absolute_url()}/@vote"

    def run(mode, **extra):
        reply = post(STAFF, polls_url, {"kind": "procedural", "mode": mode, **extra})
        assert reply.status_code == 201, reply.text
        poll = reply.json()
        assert post(CHAIR, f"{poll['@id']}/open").status_code == 200
        return poll

    # electronic named, changes not allowed: the second vote is refused
    reply = post(STAFF, f"{council.absolute_url()}/@voting-rules", {"allow_change": False})
    assert reply.status_code == 200 and reply.json()["allow_change"] is False
    named = run("named")
    assert post("cllr03", vote_url, {"poll": named["id"], "choice": "yes"}).status_code == 200
    refused(post("cllr03", vote_url, {"poll": named["id"], "choice": "no"}), 409, "already_voted")
    # the same vote sent by two devices at once still counts once
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        statuses = sorted(
            pool.map(
                lambda _n: (
                    post("cllr04", vote_url, {"poll": named["id"], "choice": "no"}).status_code
                ),
                range(2),
            )
        )
    assert statuses == [200, 409]
    closed = post(CHAIR, f"{named['@id']}/close").json()
    assert closed["counts"] == {"yes": 1, "no": 1, "abstain": 0}

    # roll call: the clerk records, a councillor cannot; a correction replaces
    call = run("roll_call")
    refused(
        post("cllr03", vote_url, {"poll": call["id"], "choice": "yes"}), 400, "recorded_by_staff"
    )
    refused(
        post(CHAIR, f"{call['@id']}/record", {"voter": "cllr03", "choice": "yes"}),
        403,
        "record_forbidden",
    )
    assert post(STAFF, f"{call['@id']}/record", {"voter": "cllr03", "choice": "no"}).ok
    recorded = post(STAFF, f"{call['@id']}/record", {"voter": "cllr03", "choice": "yes"})
    assert recorded.json()["recorded"] == {"cllr03": "yes"}
    refused(
        post(STAFF, f"{call['@id']}/record", {"voter": OUTSIDER, "choice": "yes"}),
        400,
        "voter_unknown",
    )
    closed = post(CHAIR, f"{call['@id']}/close").json()
    assert closed["counts"] == {"yes": 1, "no": 0, "abstain": 0}

    # show of hands: totals only, from staff
    hands = run("show_of_hands")
    refused(
        post("cllr03", vote_url, {"poll": hands["id"], "choice": "yes"}), 400, "recorded_by_staff"
    )
    refused(post(CHAIR, f"{hands['@id']}/close"), 409, "missing_totals")
    refused(
        post(STAFF, f"{hands['@id']}/totals", {"yes": 10, "no": 10, "abstain": 0}),
        400,
        "invalid_totals",
    )
    assert post(STAFF, f"{hands['@id']}/totals", {"yes": 9, "no": 4, "abstain": 2}).ok
    closed = post(CHAIR, f"{hands['@id']}/close").json()
    assert closed["outcome"]["adopted"] is True and closed["counts"]["yes"] == 9

    # secret ballot (a yes/no question the council made secret): once, never replaced
    secret_rules = [
        dict(r, secret=True) if r["basis"] is None else r
        for r in client(STAFF).get(f"{council.absolute_url()}/@voting-rules").json()["rules"]
    ]
    assert (
        post(STAFF, f"{council.absolute_url()}/@voting-rules", {"rules": secret_rules}).status_code
        == 200
    )
    secret = run("secret")
    assert post("cllr05", vote_url, {"poll": secret["id"], "choice": "yes"}).json() == {
        "poll": secret["id"],
        "voted": True,
    }
    refused(post("cllr05", vote_url, {"poll": secret["id"], "choice": "no"}), 409, "already_voted")
    closed = post(CHAIR, f"{secret['@id']}/close").json()
    assert closed["counts"] == {"yes": 1, "no": 0, "abstain": 0}


def test_voting_rules_are_edited_by_staff_with_effective_dates(http_council):
    council = api.portal.get()["council"]
    session = open_session()
    item = budget_item(session)
    transaction.commit()
    url = f"{council.absolute_url()}/@voting-rules"
    rules = client("cllr05").get(url).json()
    assert rules["may_edit"] is False and len(rules["rules"]) == 6
    refused(post("cllr05", url, {"rules": rules["rules"]}), 403, "forbidden")
    refused(post(STAFF, url, {"rules": [{"basis": "не е основание"}]}), 400, "invalid_rules")
    refused(
        post(STAFF, url, {"rules": [{"basis": "ЗОС чл. 6", "base": "two_thirds_all"}]}),
        400,
        "invalid_rules",
    )  # no default rule left
    refused(
        post(STAFF, url, {"rules": [{"base": "simple", "valid_from": "2026-13-01"}]}),
        400,
        "invalid_rules",
    )
    # the council's rulebook: budget decisions by two thirds, from a date before the session
    day = session.start.date().isoformat()
    amended = rules["rules"] + [
        {
            "basis": "ЗМСМА чл. 21 ал. 1 т. 6",
            "base": "two_thirds_all",
            "named_vote_required": True,
            "citation": "Правилник, чл. 80",
            "valid_from": day,
        }
    ]
    reply = post(STAFF, url, {"rules": amended})
    assert reply.status_code == 200 and len(reply.json()["rules"]) == 7
    transaction.begin()
    poll = new_poll(item)
    assert poll.rule["base"] == "two_thirds_all" and poll.rule["citation"] == "Правилник, чл. 80"
    page = client(STAFF).get(
        f"{council.absolute_url()}/@@voting-rules", headers={"Accept": "text/html"}
    )
    assert page.status_code == 200 and 'name="rule.6.basis"' in page.text


def test_decisions_adopted_at_the_same_moment_get_different_numbers(http_council):
    sessions = [open_session(days=10 + n, title=f"Заседание {n}") for n in range(3)]
    items = [budget_item(s) for s in sessions]
    found = []
    for item in items:
        poll = new_poll(item)
        with api.env.adopt_user(username=CHAIR):
            acts.open_poll(item, poll)
        for user in COUNCILLORS[:11]:
            poll.box.cast(user, "yes", polls.now())
        found.append(poll)
    transaction.commit()
    urls = [f"{poll_url(item, poll)}/close" for item, poll in zip(items, found)]
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        replies = list(pool.map(lambda url: post(CHAIR, url), urls))
    assert [r.status_code for r in replies] == [200, 200, 200]
    transaction.begin()
    assert sorted(polls.decision_number(item) for item in items) == [1, 2, 3]


def poll_url(item, poll):
    return f"{item.absolute_url()}/@polls/{poll.id}"


def test_conflict_of_interest_over_rest(http_council, audit_log):
    session = open_session()
    item = budget_item(session)
    transaction.commit()
    url = f"{item.absolute_url()}/@conflict-of-interest"
    refused(post(OUTSIDER, url, {"text": "нищо"}), 403, "not_councillor")
    refused(post("cllr03", url, {"text": "  "}), 400, "conflict_text")
    reply = post("cllr03", url, {"text": "Собственик на съседния имот."})
    assert reply.status_code == 201, reply.text
    refused(post("cllr03", url, {"text": "отново"}), 409, "conflict_twice")
    listing = requests.get(url, headers={"Accept": "application/json"}).json()
    assert [c["councillor"] for c in listing["items"]] == ["cllr03"]
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    post(CHAIR, f"{created['@id']}/open")
    refused(
        post("cllr03", f"{session.absolute_url()}/@vote", {"poll": created["id"], "choice": "yes"}),
        403,
        "conflict_of_interest",
    )
    ok = post("cllr04", f"{session.absolute_url()}/@vote", {"poll": created["id"], "choice": "yes"})
    assert ok.status_code == 200, ok.text  # the session's @vote finds the item's poll
    assert len(audit_log.new(action="council.conflict-declared")) == 1


def test_an_election_item_elects_by_secret_ballot(http_council):
    session = open_session()
    item = make_item(
        session, title="Избор на председател", kind="election", basis=("ЗМСМА", "24", "", "")
    )
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=item, transition="publish")
    transaction.commit()
    created = post(
        STAFF,
        f"{item.absolute_url()}/@polls",
        {"kind": "election", "options": ["cllr02", "cllr03"]},
    )
    assert created.status_code == 201, created.text
    poll = created.json()
    assert poll["mode"] == "secret" and [o["value"] for o in poll["options"]] == [
        "cllr02",
        "cllr03",
    ]
    refused(post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "election"}), 400, "candidates")
    post(CHAIR, f"{poll['@id']}/open")
    for user in COUNCILLORS[:11]:
        assert (
            post(
                user, f"{item.absolute_url()}/@vote", {"poll": poll["id"], "choice": "cllr03"}
            ).status_code
            == 200
        )
    closed = post(CHAIR, f"{poll['@id']}/close").json()
    assert closed["elected"]["value"] == "cllr03" and closed["outcome"]["adopted"]
    transaction.begin()
    assert polls.decision_number(item) == 1
