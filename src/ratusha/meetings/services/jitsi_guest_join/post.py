"""POST @jitsi-guest-join {"invitation": "<signed link token>"}: a member token (never a
moderator) for an invited guest, while the invitation is valid and not withdrawn."""

from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.core.rest import read_json
from ratusha.meetings.join import join_for_guest
from ratusha.meetings.join import JoinRefused


class JitsiGuestJoin(Service):
    def reply(self):
        no_store(self.request.response)
        try:
            token = read_json(self.request).get("invitation")
            return join_for_guest(token if isinstance(token, str) else "", self.request)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        except JoinRefused as exc:
            return error(self.request, exc.message, exc.status) | {"reason": exc.reason}
