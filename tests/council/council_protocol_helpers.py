"""A session that met, voted and closed, and the steps of its protocol, for the protocol tests
(on top of council_helpers and council_voting_helpers)."""

from council_helpers import COUNCILLORS
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import close
from council_voting_helpers import open_session
from council_voting_helpers import opened
from council_voting_helpers import vote
import datetime
from plone import api
from plone.app.textfield.value import RichTextValue
from ratusha.council import attendance
from ratusha.council.protocol import storage


PRESENT = COUNCILLORS[:19]  # cllr20 and cllr21 stay away
DRAFT = "Приема бюджета на общината за 2027 г."
YES, NO, ABSTAIN = PRESENT[:15], PRESENT[15:17], PRESENT[17:18]  # PRESENT[18] does not vote


def met_session(poll_mode="named", **fields):
    """An open session that voted the budget by name and closed: 15 за, 2 против,
    1 въздържал се, 1 не гласува, 2 absent; cllr19 left after the vote."""
    session = open_session(present=PRESENT, **fields)
    item = budget_item(session)
    with api.env.adopt_user(username=STAFF):
        item.draft_decision = RichTextValue(f"<p>{DRAFT}</p>", "text/html", "text/x-html-safe")
    poll = opened(item, mode=poll_mode)
    for voters, choice in ((YES, "yes"), (NO, "no"), (ABSTAIN, "abstain")):
        for user in voters:
            vote(item, poll, user, choice)
    close(item, poll)
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, PRESENT[18], False, "staff")
        api.content.transition(obj=session, transition="close")
    return session


def step(session, transition, user=STAFF):
    with api.env.adopt_user(username=user):
        api.content.transition(obj=session, transition=transition)
    return session


def age_period(session, days):
    """Move the start of the correction period `days` into the past."""
    data = storage.info(session)
    data["correction_started"] = data["correction_started"] - datetime.timedelta(days=days)


def approved(session):
    """closed → corrections (period over) → approved."""
    step(session, "start_correction")
    age_period(session, 30)
    return step(session, "approve_protocol")
