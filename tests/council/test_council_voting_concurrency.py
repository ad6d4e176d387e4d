"""51 councillors vote at the same moment through HTTP (the functional layer's WSGI server,
several worker threads, ZPublisher's ConflictError retries): no vote is lost, none counts
twice, in a named vote and in a secret ballot. The retries are printed."""

import contextlib
from council_helpers import CHAIR
from council_helpers import PASSWORD
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import client
from council_voting_helpers import open_session
from council_voting_helpers import post
from plone import api
import pytest
from ratusha.council.voting import polls
import threading
import time
import transaction
from zope.component import getGlobalSiteManager
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
from ZPublisher.interfaces import IPubBeforeAbort


SEATS = 51
VOTERS = [f"vote{n:02d}" for n in range(1, SEATS + 1)]
CHOICES = ("yes", "no", "abstain")


def big_council():
    for user in VOTERS:
        if api.user.get(userid=user) is None:
            api.user.create(
                email=f"{user}@primerna.example",
                username=user,
                password=PASSWORD,
                properties={"fullname": f"Съветник {user[-2:]}"},
            )
        api.group.add_user(groupname="councillors", username=user)
    council = api.portal.get()["council"]
    council.seats = SEATS
    council.councillors = list(VOTERS)
    notify(ObjectModifiedEvent(council))
    return open_session(present=VOTERS)


@pytest.fixture
def retries():
    """Counts the requests ZPublisher retries after a ConflictError."""
    found = []

    def count(event):
        if getattr(event, "retry", False):
            found.append(event.request.get("PATH_INFO"))

    registry = getGlobalSiteManager()
    registry.registerHandler(count, (IPubBeforeAbort,))
    yield found
    with contextlib.suppress(KeyError):
        registry.unregisterHandler(count, (IPubBeforeAbort,))


def burst(url, bodies):
    """Every voter posts at the same moment (a barrier); returns {voter: status}."""
    clients = {user: client(user) for user in bodies}
    for session in clients.values():  # connect and authenticate before the burst
        session.get(url.rsplit("/@", 1)[0] + "/@vote")
    barrier = threading.Barrier(len(bodies))
    statuses = {}

    def run(user):
        barrier.wait()
        statuses[user] = clients[user].post(url, json=bodies[user]).status_code

    threads = [threading.Thread(target=run, args=(user,)) for user in bodies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, time.monotonic() - started


def test_51_councillors_vote_at_once(http_council, retries):
    session = big_council()
    item = budget_item(session)
    transaction.commit()
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    assert created["mode"] == "named"
    assert post(CHAIR, f"{created['@id']}/open").status_code == 200
    url = f"{item.absolute_url()}/@vote"
    report = []
    # everybody votes at once, then everybody changes the vote at once
    for shift in (0, 1):
        bodies = {
            user: {"poll": created["id"], "choice": CHOICES[(index + shift) % 3]}
            for index, user in enumerate(VOTERS)
        }
        before = len(retries)
        statuses, elapsed = burst(url, bodies)
        report.append(
            f"named, round {shift + 1}: {SEATS} votes in {elapsed:.2f}s, "
            f"{len(retries) - before} retries"
        )
        assert set(statuses.values()) == {200}, statuses
        transaction.begin()
        ballots = polls.get_poll(item, created["id"]).box.named_votes()
        assert ballots == {user: body["choice"] for user, body in bodies.items()}
    closed = post(CHAIR, f"{created['@id']}/close").json()
    assert closed["counts"] == {"yes": 17, "no": 17, "abstain": 17}
    assert closed["outcome"]["present"] == SEATS and closed["outcome"]["required"] == 26
    print("\n" + "\n".join(report))


def secret_item():
    """The budget item of the big council's session, its voting rules switched to secret."""
    session = big_council()
    item = budget_item(session)
    council = api.portal.get()["council"]
    transaction.commit()
    rules = client(STAFF).get(f"{council.absolute_url()}/@voting-rules").json()["rules"]
    secret = [dict(rule, secret=True, named_vote_required=False) for rule in rules]
    assert post(STAFF, f"{council.absolute_url()}/@voting-rules", {"rules": secret}).ok
    return item


def test_51_secret_ballots_at_once(http_council, retries):
    item = secret_item()
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    assert created["mode"] == "secret"
    assert post(CHAIR, f"{created['@id']}/open").status_code == 200
    bodies = {
        user: {"poll": created["id"], "choice": CHOICES[index % 3]}
        for index, user in enumerate(VOTERS)
    }
    statuses, elapsed = burst(f"{item.absolute_url()}/@vote", bodies)
    print(f"\nsecret: {SEATS} ballots in {elapsed:.2f}s, {len(retries)} retries")
    assert set(statuses.values()) == {200}, statuses
    closed = post(CHAIR, f"{created['@id']}/close").json()
    assert closed["counts"] == {"yes": 17, "no": 17, "abstain": 17}
    transaction.begin()
    box = polls.get_poll(item, created["id"]).box
    assert sorted(box.voted) == sorted(VOTERS) and box.anonymous is None
