"""POST @remote-basis {"ground", "act", "number", "date"} (session): record the чл. 28а
precondition (chair, staff)."""

from plone import api
from ratusha.core import permissions
from ratusha.council.voting import acts
from ratusha.council.voting import settings
from ratusha.council.voting.services.common import settings_error
from ratusha.council.voting.services.common import VotingService
from ratusha.council.voting.services.remote_basis.get import basis_reply


class RemoteBasisPost(VotingService):
    writes = True

    def act(self):
        if not api.user.has_permission(permissions.ManageSession, obj=self.context):
            acts.refuse("forbidden", 403)
        data = self.body()
        if not isinstance(data.get("ground"), (str, type(None))):
            data = dict(data, ground=None)  # a list or an object is no ground: refused below
        try:
            settings.set_remote_basis(self.context, data, acts.me())
        except settings.SettingsError as exc:
            raise settings_error(exc, "invalid_basis") from None
        return basis_reply(self.context)
