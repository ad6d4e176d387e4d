"""Remote sessions (чл. 28а ЗМСМА) over real HTTP: votes from outside the hall only under the
recorded precondition, with a two-factor login and presence in the video room at that moment;
written ballots (неприсъствено гласуване) with a deadline and the quorum counted on the ballots
returned; outside that regime remote voting is refused."""

from council_helpers import CHAIR
from council_helpers import COUNCILLORS
from council_helpers import PASSWORD
from council_helpers import STAFF
from council_voting_helpers import budget_item
from council_voting_helpers import client
from council_voting_helpers import open_session
from council_voting_helpers import post
import datetime
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.access import totp
from ratusha.access import twofactor
from ratusha.council import attendance
from ratusha.council.voting import polls
from ratusha.council.voting import settings
import requests
from test_council_presence import occupant_event
from test_council_presence import starting_now
from test_council_presence import video
import time
import transaction


BASIS = {
    "ground": "epidemic",
    "act": "Заповед на министъра на здравеопазването",
    "number": "РД-01-173",
    "date": "2026-03-13",
}


def refused(reply, status, code):
    assert reply.status_code == status, reply.text
    assert reply.json()["error"]["code"] == code, reply.text


def enrol(user):
    """Two-factor enrolment as the setup page does it; returns the TOTP secret."""
    secret = twofactor.start_enrolment(user)
    assert twofactor.confirm_enrolment(user, totp.code_at(secret, time.time() - 30))
    return secret


def token_client(base, user, secret):
    """A client with a JWT from @login with the second factor (the proof remote votes need)."""
    reply = requests.post(
        f"{base}/@login",
        headers={"Accept": "application/json"},
        json={"login": user, "password": PASSWORD, "otp": totp.code_at(secret, time.time())},
    )
    assert reply.status_code == 200, reply.text
    session = client(None)
    session.headers["Authorization"] = f"Bearer {reply.json()['token']}"
    return session


def in_video(session, user, left=None):
    """The video room's event: `user` joined 29 minutes into the session (a minute before
    starting_now was called; not a time read when the module was imported, which a long run
    or a frozen clock leaves behind), and left at `left`."""
    room = api.content.get(UID=session.video_room)
    name = f"council-{IUUID(session)[:8]}"
    kind = "joined" if left is None else "left"
    joined = session.start.timestamp() + 29 * 60
    video(room, occupant_event(name, user, kind, joined, left=left))


def remote_session(mode, in_hall, by_video, left_video=()):
    """An open session held now: `in_hall` recorded by staff, `by_video` in the video room."""
    session = starting_now(
        open_session(present=in_hall, mode=mode, remote_basis="Извънредна епидемична обстановка")
    )
    for user in by_video:
        in_video(session, user)
    for user in left_video:
        in_video(session, user, left=time.time() - 5)
    attendance.sync_video(session)
    return session


def open_named_poll(item):
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    reply = post(CHAIR, f"{created['@id']}/open")
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_hybrid_session_votes_from_the_video_room(http_council):
    portal_url = api.portal.get().absolute_url()
    hall, remote = COUNCILLORS[:11], ["cllr12", "cllr13", "cllr14"]
    session = remote_session("hybrid", hall, remote + ["cllr15"], left_video=["cllr15"])
    item = budget_item(session)
    secrets = {user: enrol(user) for user in ("cllr13", "cllr14")}
    transaction.commit()
    poll = open_named_poll(item)
    assert poll["progress"]["present"] == 14  # the hall and the video room
    vote_url = f"{item.absolute_url()}/@vote"
    body = {"poll": poll["id"], "choice": "yes"}
    # in the hall of a hybrid session: an ordinary vote
    assert post("cllr02", vote_url, body).status_code == 200
    # from the video room, no precondition recorded yet: refused
    refused(post("cllr12", vote_url, body), 403, "remote_regime")

    basis_url = f"{session.absolute_url()}/@remote-basis"
    refused(post("cllr05", basis_url, BASIS), 403, "forbidden")
    refused(post(STAFF, basis_url, dict(BASIS, ground="whim")), 400, "invalid_basis")
    refused(post(STAFF, basis_url, dict(BASIS, date="2999-01-01")), 400, "invalid_basis")
    recorded = post(STAFF, basis_url, BASIS)
    assert recorded.status_code == 200 and recorded.json()["regime"] is True
    assert recorded.json()["basis"]["number"] == "РД-01-173"

    refused(post("cllr12", vote_url, body), 403, "two_factor")  # a password alone
    voter = token_client(portal_url, "cllr13", secrets["cllr13"])
    reply = voter.post(vote_url, json=body)
    assert reply.status_code == 200, reply.text
    # cllr14 leaves the video room after the poll opened: no vote from outside any more
    in_video(session, "cllr14", left=time.time() - 1)
    transaction.commit()
    leaver = token_client(portal_url, "cllr14", secrets["cllr14"])
    refused(leaver.post(vote_url, json=body), 403, "not_in_video")
    transaction.begin()
    votes = polls.get_poll(item, poll["id"]).box.named_votes()
    assert votes == {"cllr02": "yes", "cllr13": "yes"}


def test_remote_session_needs_the_video_room_even_for_the_hall(http_council):
    session = remote_session("remote", COUNCILLORS[:11], ["cllr12"])
    settings.set_remote_basis(session, BASIS, STAFF)
    item = budget_item(session)
    secret = enrol("cllr03")
    transaction.commit()
    poll = open_named_poll(item)
    body = {"poll": poll["id"], "choice": "no"}
    vote_url = f"{item.absolute_url()}/@vote"
    refused(post("cllr02", vote_url, body), 403, "two_factor")
    portal_url = api.portal.get().absolute_url()
    refused(
        token_client(portal_url, "cllr03", secret).post(vote_url, json=body), 403, "not_in_video"
    )


def test_outside_the_regime_there_is_no_written_ballot(http_council):
    session = open_session()
    item = budget_item(session)
    transaction.commit()
    deadline = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    refused(
        post(
            STAFF,
            f"{item.absolute_url()}/@polls",
            {"kind": "whole", "written": True, "deadline": deadline.isoformat()},
        ),
        403,
        "remote_regime",
    )


def test_written_ballots_count_the_quorum_on_the_ballots_returned(http_council):
    session = remote_session("remote", COUNCILLORS[:11], [])
    settings.set_remote_basis(session, BASIS, STAFF)
    item = budget_item(session)
    secrets = {user: enrol(user) for user in ("cllr02", "cllr03")}
    transaction.commit()
    polls_url = f"{item.absolute_url()}/@polls"
    refused(post(STAFF, polls_url, {"kind": "whole", "written": True}), 400, "deadline")
    refused(
        post(
            STAFF,
            polls_url,
            {
                "kind": "whole",
                "written": True,
                "mode": "roll_call",
                "deadline": "2999-01-01T12:00:00",
            },
        ),
        400,
        "written_mode",
    )
    created = post(
        STAFF, polls_url, {"kind": "whole", "written": True, "deadline": "2999-01-01T12:00:00"}
    )
    assert created.status_code == 201, created.text
    poll = created.json()
    assert poll["written"] is True and poll["deadline"] == "2999-01-01T12:00:00+02:00"  # Sofia
    assert post(CHAIR, f"{poll['@id']}/open").json()["progress"]["eligible"] == 21
    portal_url = api.portal.get().absolute_url()
    vote_url = f"{item.absolute_url()}/@vote"
    refused(post("cllr04", vote_url, {"poll": poll["id"], "choice": "yes"}), 403, "two_factor")
    voters = {user: token_client(portal_url, user, secret) for user, secret in secrets.items()}
    for voter in voters.values():
        reply = voter.post(vote_url, json={"poll": poll["id"], "choice": "yes"})
        assert reply.status_code == 200, reply.text
    refused(post(CHAIR, f"{poll['@id']}/close"), 409, "outstanding")
    transaction.begin()
    stored = polls.get_poll(item, poll["id"])
    stored.deadline = polls.now() - datetime.timedelta(minutes=1)
    transaction.commit()
    refused(
        voters["cllr02"].post(vote_url, json={"poll": poll["id"], "choice": "no"}),
        409,
        "deadline_passed",
    )
    closed = post(CHAIR, f"{poll['@id']}/close").json()
    assert closed["outcome"]["adopted"] is False and closed["outcome"]["present"] == 2
    assert closed["outcome"]["explanation"]["msgid"] == "council_written_no_quorum"
    transaction.begin()
    record = polls.poll_record(item, polls.get_poll(item, poll["id"]))
    assert record.present == ("cllr02", "cllr03") and record.vote_of("cllr09") == "absent"
