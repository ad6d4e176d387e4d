"""Voting settings over REST.

    GET  @voting-rules (council)   the majority rule table and whether votes may be changed
    POST @voting-rules {"rules"?: [...], "allow_change"?: bool}   change them (council staff)
    GET  @conflict-of-interest (item)          the declarations on the item
    POST @conflict-of-interest {"text"} (item) the councillor declares a private interest
    GET  @remote-basis (session)               the чл. 28а precondition and whether it holds
    POST @remote-basis {"ground", "act", "number", "date"} (session)   record it (chair, staff)
"""

from plone import api

from ratusha import _
from ratusha.core import permissions
from ratusha.council.voting import acts
from ratusha.council.voting import describe
from ratusha.council.voting import settings
from ratusha.council.voting.services.base import VotingService

STAFF_ONLY = _("error_rules_forbidden", default="Only council staff change the voting rules.")


def rules_reply(council):
    return {"@id": f"{council.absolute_url()}/@voting-rules",
            "rules": [rule.to_dict() for rule in settings.rule_table(council)],
            "allow_change": settings.allow_change(council),
            "may_edit": api.user.has_permission(permissions.ManageSession, obj=council)}


def _settings_error(exc, code):
    return acts.VotingError(exc.message, 400, code)


class RulesGet(VotingService):
    def act(self):
        return rules_reply(self.context)


class RulesPost(VotingService):
    writes = True

    def act(self):
        if not api.user.has_permission(permissions.ManageSession, obj=self.context):
            raise acts.VotingError(STAFF_ONLY, 403, "forbidden")
        body = self.body()
        change = body.get("allow_change")
        if change is not None and not isinstance(change, bool):
            raise acts.VotingError(_("error_allow_change", default="allow_change is true or "
                                                                   "false."), 400, "input")
        try:
            settings.set_voting_settings(self.context, body.get("rules"), change)
        except settings.SettingsError as exc:
            raise _settings_error(exc, "invalid_rules") from None
        return rules_reply(self.context)


class ConflictsGet(VotingService):
    def act(self):
        return {"@id": f"{self.context.absolute_url()}/@conflict-of-interest",
                "items": describe.conflicts(self.context)}


class ConflictPost(VotingService):
    writes = True

    def act(self):
        declared = acts.declare_conflict(self.context, self.body().get("text"))
        self.request.response.setStatus(201)
        return declared


def basis_reply(session):
    return {"@id": f"{session.absolute_url()}/@remote-basis",
            "mode": session.mode, "basis": settings.remote_basis(session),
            "regime": settings.remote_regime(session)}


class RemoteBasisGet(VotingService):
    def act(self):
        return basis_reply(self.context)


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
            raise _settings_error(exc, "invalid_basis") from None
        return basis_reply(self.context)
