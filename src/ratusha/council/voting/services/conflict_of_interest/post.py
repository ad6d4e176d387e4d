"""POST @conflict-of-interest {"text"} (item): the councillor declares a private interest."""

from ratusha.council.voting import acts
from ratusha.council.voting.services.common import VotingService


class ConflictPost(VotingService):
    writes = True

    def act(self):
        declared = acts.declare_conflict(self.context, self.body().get("text"))
        self.request.response.setStatus(201)
        return declared
