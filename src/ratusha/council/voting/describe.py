"""Polls as JSON for REST and the pages: what each person may see of them.

No running tally while a poll is open (it would sway the undecided, and in a secret ballot
counts after each vote plus who voted would link voters to choices): only how many voted and,
in named modes, who has not yet. After the close: the counts, the outcome with its explanation
translated and, in named modes, every councillor's vote. A secret ballot never shows more
than totals; a councillor sees his own vote, except in a secret ballot.
"""

from plone import api
from ratusha import _
from ratusha.core import dates
from ratusha.core import permissions
from ratusha.council import ballots
from ratusha.council.councils import fullname
from ratusha.council.opendata import VOTE_LABELS
from ratusha.council.voting import decisions
from ratusha.council.voting import polls
from ratusha.council.voting.acts import me
from zope.i18n import translate


def tr(request, msgid, default, mapping=None):
    return translate(_(msgid, default=default, mapping=mapping or {}), context=request)


def explanation(outcome, request) -> str:
    found = (outcome or {}).get("explanation")
    if not found:
        return ""
    return tr(request, found["msgid"], found["default"], found["mapping"])


def iso(moment):
    return dates.iso(moment) if moment is not None else None


def option_title(option):
    if option in ballots.CHOICES:
        return None
    return fullname(option)


def progress(poll, named_detail=True) -> dict:
    box = poll.box
    tally = box.tally()
    result = {"present": tally["present"], "eligible": tally["eligible"], "voted": tally["voted"]}
    if poll.mode in ballots.PERSONAL_MODES and named_detail:
        result["not_voted"] = [
            {"id": voter, "name": fullname(voter)} for voter in tally["not_voted"]
        ]
    return result


def my_vote(poll, user_id):
    """{"eligible", "voted", "choice"} of the user in this poll (choice None if secret)."""
    box = poll.box
    eligible = user_id in box.eligible
    return {
        "eligible": eligible,
        "present": user_id in box.present,
        "conflict": user_id in box.conflicts,
        "voted": box.has_voted(user_id),
        "choice": box.ballot_of(user_id),
    }


def named_votes(item, poll, request):
    record = polls.poll_record(item, poll)
    rows = []
    for voter in sorted(set(record.present) | set(record.votes), key=fullname):
        value = record.vote_of(voter)
        rows.append(
            {
                "id": voter,
                "name": fullname(voter),
                "vote": value,
                "label": tr(request, *VOTE_LABELS[value]),
            }
        )
    return rows


def describe(item, poll, request, detail=False, names=None) -> dict:
    """A poll for REST: `detail` adds named votes (closed) and the clerk's marks (roll call);
    `names`: list who has not voted yet (default: for those who follow the session)."""
    user = me()
    follows = (
        api.user.has_permission(permissions.FollowSession, obj=item) if names is None else names
    )
    data = {
        "@id": f"{item.absolute_url()}/@polls/{poll.id}",
        "id": poll.id,
        "item": item.UID(),
        "item_url": item.absolute_url(),
        "title": poll.title,
        "kind": poll.kind,
        "mode": poll.mode,
        "state": poll.state,
        "text": poll.text,
        "rule": dict(poll.rule),
        "written": bool(poll.written),
        "election": poll.election,
        "deadline": iso(poll.deadline),
        "options": [{"value": o, "title": option_title(o)} for o in poll.options],
        "created": iso(poll.created),
        "opened": iso(poll.opened),
        "closed": iso(poll.closed),
        "opened_by": poll.opened_by,
        "closed_by": poll.closed_by,
        "progress": progress(poll, named_detail=follows) if poll.opened else None,
        "counts": None,
        "outcome": None,
        "elected": None,
    }
    if poll.state == polls.CLOSED or poll.mode == ballots.SHOW_OF_HANDS:
        counts = poll.box.tally()["counts"]
        data["counts"] = dict(counts) if counts is not None else None
    if poll.outcome:
        data["outcome"] = dict(poll.outcome, text=explanation(poll.outcome, request))
        data["elected"] = (
            {"value": poll.elected, "title": fullname(poll.elected)} if poll.elected else None
        )
    if user and poll.opened:
        data["my_vote"] = my_vote(poll, user)
    if detail and poll.mode in ballots.PERSONAL_MODES:
        if poll.state == polls.CLOSED:
            data["votes"] = named_votes(item, poll, request)
        elif poll.mode == ballots.ROLL_CALL and api.user.has_permission(
            permissions.RecordVotes, obj=item
        ):
            data["recorded"] = poll.box.named_votes()
    return data


def decision(item):
    found = decisions.decision_of(item)
    if not found:
        return None
    return {
        "number": found["number"],
        "term": found["term"],
        "poll": found["poll"],
        "at": found["at"],
        "text": found["text"],
    }


def conflicts(item):
    return [
        {
            "councillor": c.councillor,
            "name": fullname(c.councillor),
            "time": iso(c.time),
            "text": c.text,
        }
        for c in polls.conflicts_of(item)
    ]
