"""GET @polls on an agenda item: the item's polls with progress (and results once closed);
GET @polls/<id>: one poll, with named votes once closed."""

from ratusha.council.voting import describe
from ratusha.council.voting import polls
from ratusha.council.voting.services.common import VotingService


def listing(item, request):
    return {
        "@id": f"{item.absolute_url()}/@polls",
        "items": [describe.describe(item, poll, request) for poll in polls.polls_of(item)],
        "decision": describe.decision(item),
        "conflicts": describe.conflicts(item),
    }


class PollsGet(VotingService):
    def act(self):
        if not self.params:
            return listing(self.context, self.request)
        if len(self.params) > 1:
            self.not_found()
        poll = self.poll(self.params[0])
        return describe.describe(self.context, poll, self.request, detail=True)
