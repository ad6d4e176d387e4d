"""The session's transition checks from voting: no closing while a poll is open."""

from ratusha import _
from ratusha.council.interfaces import ISessionTransitionCheck
from ratusha.council.voting.acts import open_polls
from zope.interface import implementer


POLL_OPEN = _("problem_poll_open", default="A vote is still open: close it first.")


@implementer(ISessionTransitionCheck)
class OpenPollsCheck:
    def __init__(self, session):
        self.session = session

    def problems(self, transition):
        if transition == "close" and open_polls(self.session):
            return [POLL_OPEN]
        return []
