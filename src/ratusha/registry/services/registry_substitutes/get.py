"""GET @registry-substitutes: who stands in for whom (everyone's, for the people it concerns).

Lists the substitutions in which the current user is the absent approver or the substitute;
people who may manage the registry's settings see all of them.
"""

from plone import api
from plone.restapi.services import Service
from ratusha.core.permissions import ManageSettings
from ratusha.registry import substitutes


class SubstitutesGet(Service):
    def reply(self):
        user = api.user.get_current().getId()
        everyone = api.user.has_permission(ManageSettings, obj=self.context)
        items = [
            substitutes.serialize(s)
            for s in substitutes.all_substitutions()
            if everyone or user in (s.approver, s.substitute)
        ]
        return {"@id": f"{self.context.absolute_url()}/@registry-substitutes", "items": items}
