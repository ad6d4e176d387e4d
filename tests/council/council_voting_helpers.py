"""Open sessions, polls and HTTP clients for the voting tests (on top of council_helpers)."""

from council_helpers import CHAIR
from council_helpers import convened_today
from council_helpers import COUNCILLORS
from council_helpers import PASSWORD
from council_helpers import STAFF
from plone import api
from ratusha.council import attendance
from ratusha.council.councils import agenda
from ratusha.council.voting import acts
import requests
import transaction


def open_session(present=COUNCILLORS, **fields):
    """A session convened for today, opened with `present` councillors in the hall (quorum
    checked)."""
    session = convened_today(**fields)
    with api.env.adopt_user(username=STAFF):
        for user in present:
            attendance.record_presence(session, user, True, "staff")
        attendance.record_quorum_check(session)
        api.content.transition(obj=session, transition="open")
    return session


def budget_item(session):
    """The decision item of council_helpers.convened_session: ЗМСМА чл. 21 ал. 1 т. 6."""
    return agenda(session)[0]


def info_item(session):
    return agenda(session)[1]


def new_poll(item, kind="whole", user=CHAIR, **fields):
    with api.env.adopt_user(username=user):
        return acts.create_poll(item, kind, **fields)


def opened(item, kind="whole", **fields):
    poll = new_poll(item, kind, **fields)
    with api.env.adopt_user(username=CHAIR):
        acts.open_poll(item, poll)
    return poll


def close(item, poll, user=CHAIR):
    with api.env.adopt_user(username=user):
        acts.close_poll(item, poll)
    return poll


def vote(item, poll, user, choice, request=None):
    with api.env.adopt_user(username=user):
        return acts.cast_vote(item, poll, choice, request)


def client(user, password=PASSWORD):
    session = requests.Session()
    session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
    if user:
        session.auth = (user, password)
    return session


def post(user, url, body=None):
    return client(user).post(url, json=body if body is not None else {})


def commit():
    transaction.commit()


def sync():
    """See what the HTTP server's threads committed."""
    transaction.begin()
