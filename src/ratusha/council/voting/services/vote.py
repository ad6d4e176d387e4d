"""@vote on an agenda item or a session: the authenticated councillor's own vote.

    POST @vote {"poll": id, "choice": "yes"|"no"|"abstain"|<candidate>}
    GET  @vote?poll=<id>      my vote in that poll (without: in every poll opened here)

There is no field naming the voter: a vote is always the caller's own (a body naming
someone else is refused with 403). In a secret ballot the answer says only that the ballot
was cast, and the request's transaction carries neither user nor path.
"""

from plone import api

from ratusha import _
from ratusha.core.rest import InputError
from ratusha.council.councils import agenda
from ratusha.council.interfaces import ISession
from ratusha.council.voting import acts
from ratusha.council.voting import describe
from ratusha.council.voting import polls
from ratusha.council.voting.services.base import VotingService

BODY = _("error_vote_body", default='Send {"poll": "<poll id>", "choice": "yes", "no" or '
                                    '"abstain" (or a candidate)}.')
NO_PROXY = _("error_vote_no_proxy",
             default="A vote is personal: you can vote only for yourself.")


def items_of(context):
    return agenda(context) if ISession.providedBy(context) else [context]


def find(context, poll_id):
    """(item, poll) for a poll id given on the item or on its session."""
    for item in items_of(context):
        poll = polls.get_poll(item, poll_id)
        if poll is not None:
            return item, poll
    raise acts.VotingError(_("error_poll_unknown", default="There is no such poll."), 404,
                           "unknown_poll")


class VotePost(VotingService):
    writes = True

    def act(self):
        body = self.body()
        me = acts.me()
        for key in ("voter", "user", "councillor", "on_behalf_of"):
            if body.get(key) not in (None, me):
                raise acts.VotingError(NO_PROXY, 403, "no_proxy")
        if not isinstance(body.get("poll"), str) or not isinstance(body.get("choice"), str):
            raise InputError(BODY)
        item, poll = find(self.context, body["poll"])
        return acts.cast_vote(item, poll, body["choice"], self.request)


class VoteGet(VotingService):
    def act(self):
        me = acts.me()
        wanted = self.request.form.get("poll")
        if wanted:
            found = [find(self.context, wanted)]
        else:
            found = [(item, poll) for item in items_of(self.context)
                     for poll in polls.polls_of(item) if poll.opened is not None]
        votes = [dict(describe.my_vote(poll, me), poll=poll.id, item=item.UID(),
                      state=poll.state, mode=poll.mode) for item, poll in found]
        if wanted:
            return dict(votes[0], **{"@id": f"{self.context.absolute_url()}/@vote"})
        return {"@id": f"{self.context.absolute_url()}/@vote", "user": me,
                "councillor": api.user.has_permission("Ratusha: Cast vote", obj=self.context),
                "items": votes}
