"""POST @vote {"poll": id, "choice": "yes"|"no"|"abstain"|<candidate>} on an agenda item or a
session: the authenticated councillor's own vote.

There is no field naming the voter: a vote is always the caller's own (a body naming
someone else is refused with 403). In a secret ballot the answer says only that the ballot
was cast, and the request's transaction carries neither user nor path.
"""

from ratusha import _
from ratusha.core.rest import InputError
from ratusha.council.voting import acts
from ratusha.council.voting.services.common import find
from ratusha.council.voting.services.common import VotingService


BODY = _(
    "error_vote_body",
    default='Send {"poll": "<poll id>", "choice": "yes", "no" or "abstain" (or a candidate)}.',
)


NO_PROXY = _("error_vote_no_proxy", default="A vote is personal: you can vote only for yourself.")


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
