"""GET @remote-basis (session): the чл. 28а precondition and whether it holds."""

from ratusha.council.voting import settings
from ratusha.council.voting.services.common import VotingService


def basis_reply(session):
    return {
        "@id": f"{session.absolute_url()}/@remote-basis",
        "mode": session.mode,
        "basis": settings.remote_basis(session),
        "regime": settings.remote_regime(session),
    }


class RemoteBasisGet(VotingService):
    def act(self):
        return basis_reply(self.context)
