"""What the voting services share: refusals as 4xx JSON with a stable code, nothing of a
refused request committed, and the polls reached from an item or a session."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.core.rest import read_json
from ratusha.council.councils import agenda
from ratusha.council.interfaces import ISession
from ratusha.council.voting import acts
from ratusha.council.voting import polls
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


def refused(request, message, status, code):
    acts.doom()
    answer = error(request, message, status)
    answer["error"]["code"] = code
    return answer


@implementer(IPublishTraverse)
class VotingService(Service):
    """Runs `act()`; VotingError and InputError become answers. Path segments after the
    service name are kept in `self.params`."""

    writes = False

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def body(self):
        return read_json(self.request)

    def reply(self):
        if self.writes:
            alsoProvides(self.request, IDisableCSRFProtection)
        no_store(self.request.response)
        try:
            return self.act()
        except acts.VotingError as exc:
            return refused(self.request, exc.message, exc.status, exc.code)
        except InputError as exc:
            return refused(self.request, exc.message, exc.status, "input")

    def act(self):
        raise NotImplementedError

    def poll(self, poll_id, item=None):
        item = item if item is not None else self.context
        found = polls.get_poll(item, poll_id) if isinstance(poll_id, str) else None
        if found is None:
            raise acts.VotingError(
                _("error_poll_unknown", default="There is no such poll."), 404, "unknown_poll"
            )
        return found

    def not_found(self):
        raise NotFound(self, "/".join(self.params), self.request)


def items_of(context):
    return agenda(context) if ISession.providedBy(context) else [context]


def find(context, poll_id):
    """(item, poll) for a poll id given on the item or on its session."""
    for item in items_of(context):
        poll = polls.get_poll(item, poll_id)
        if poll is not None:
            return item, poll
    raise acts.VotingError(
        _("error_poll_unknown", default="There is no such poll."), 404, "unknown_poll"
    )


def settings_error(exc, code):
    return acts.VotingError(exc.message, 400, code)
