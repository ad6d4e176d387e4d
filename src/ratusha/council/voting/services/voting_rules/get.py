"""GET @voting-rules (council): the majority rule table and whether votes may be changed."""

from plone import api
from ratusha.core import permissions
from ratusha.council.voting import settings
from ratusha.council.voting.services.common import VotingService


def rules_reply(council):
    return {
        "@id": f"{council.absolute_url()}/@voting-rules",
        "rules": [rule.to_dict() for rule in settings.rule_table(council)],
        "allow_change": settings.allow_change(council),
        "may_edit": api.user.has_permission(permissions.ManageSession, obj=council),
    }


class RulesGet(VotingService):
    def act(self):
        return rules_reply(self.context)
