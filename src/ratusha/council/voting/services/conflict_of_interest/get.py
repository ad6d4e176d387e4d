"""GET @conflict-of-interest (item): the declarations on the item."""

from ratusha.council.voting import describe
from ratusha.council.voting.services.common import VotingService


class ConflictsGet(VotingService):
    def act(self):
        return {
            "@id": f"{self.context.absolute_url()}/@conflict-of-interest",
            "items": describe.conflicts(self.context),
        }
