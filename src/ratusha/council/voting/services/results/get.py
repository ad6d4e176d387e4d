"""GET @results on an agenda item or a session: the closed polls with their outcome, the
explanation in the reader's language, named votes, and the numbered decisions."""

from plone import api
from ratusha.council.voting import describe
from ratusha.council.voting import polls
from ratusha.council.voting.services.common import items_of
from ratusha.council.voting.services.common import VotingService


def item_results(item, request):
    return {
        "@id": item.absolute_url(),
        "UID": item.UID(),
        "title": item.Title(),
        "number": getattr(item, "number", None),
        "legal_basis": item.legal_basis_text(),
        "polls": [
            describe.describe(item, poll, request, detail=True)
            for poll in polls.polls_of(item)
            if poll.state == polls.CLOSED
        ],
        "decision": describe.decision(item),
        "conflicts": describe.conflicts(item),
    }


class ResultsGet(VotingService):
    def act(self):
        items = [
            item for item in items_of(self.context) if api.user.has_permission("View", obj=item)
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@results",
            "items": [item_results(item, self.request) for item in items],
        }
