"""GET @vote?poll=<id> on an agenda item or a session: my vote in that poll (without: in
every poll opened here)."""

from plone import api
from ratusha.council.voting import acts
from ratusha.council.voting import describe
from ratusha.council.voting import polls
from ratusha.council.voting.services.common import find
from ratusha.council.voting.services.common import items_of
from ratusha.council.voting.services.common import VotingService


class VoteGet(VotingService):
    def act(self):
        me = acts.me()
        wanted = self.request.form.get("poll")
        if wanted:
            found = [find(self.context, wanted)]
        else:
            found = [
                (item, poll)
                for item in items_of(self.context)
                for poll in polls.polls_of(item)
                if poll.opened is not None
            ]
        votes = [
            dict(
                describe.my_vote(poll, me),
                poll=poll.id,
                item=item.UID(),
                state=poll.state,
                mode=poll.mode,
            )
            for item, poll in found
        ]
        if wanted:
            return dict(votes[0], **{"@id": f"{self.context.absolute_url()}/@vote"})
        return {
            "@id": f"{self.context.absolute_url()}/@vote",
            "user": me,
            "councillor": api.user.has_permission("Ratusha: Cast vote", obj=self.context),
            "items": votes,
        }
