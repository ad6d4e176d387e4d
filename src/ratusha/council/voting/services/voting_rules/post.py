"""POST @voting-rules {"rules"?: [...], "allow_change"?: bool} (council): change them
(council staff)."""

from plone import api
from ratusha import _
from ratusha.core import permissions
from ratusha.council.voting import acts
from ratusha.council.voting import settings
from ratusha.council.voting.services.common import settings_error
from ratusha.council.voting.services.common import VotingService
from ratusha.council.voting.services.voting_rules.get import rules_reply


STAFF_ONLY = _("error_rules_forbidden", default="Only council staff change the voting rules.")


class RulesPost(VotingService):
    writes = True

    def act(self):
        if not api.user.has_permission(permissions.ManageSession, obj=self.context):
            raise acts.VotingError(STAFF_ONLY, 403, "forbidden")
        body = self.body()
        change = body.get("allow_change")
        if change is not None and not isinstance(change, bool):
            raise acts.VotingError(
                _("error_allow_change", default="allow_change is true or false."), 400, "input"
            )
        try:
            settings.set_voting_settings(self.context, body.get("rules"), change)
        except settings.SettingsError as exc:
            raise settings_error(exc, "invalid_rules") from None
        return rules_reply(self.context)
