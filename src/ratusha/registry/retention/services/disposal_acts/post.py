"""POST @disposal-acts: draft an act, approve it, execute it.

- `{"kind": "disposal" | "handover", "items": [UID, …], "committee": [user id, …]}`: a draft
  listing items due for it (201; Manage retention; 400 for items not due or already listed,
  a committee of fewer than three or unknown people);
- `{"act": 3, "action": "approve"}`: a member of its committee approves (403 for others);
- `{"act": 3, "action": "execute"}`: destroy the items of an approved disposal act, or mark
  an inventory's items handed over (Manage retention; 409 if not approved or an item has been
  held since).
"""

from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.registry.retention import acts


ACTIONS = {"approve": acts.approve, "execute": acts.execute}


class ActsPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        if "act" in data:
            name = data.get("action")
            action = ACTIONS.get(name) if isinstance(name, str) else None
            if action is None:
                raise InputError(
                    _("error_act_action", default="The action is «approve» or «execute».")
                )
            return action(data["act"])
        found = acts.draft(data.get("kind"), data.get("items"), data.get("committee"))
        self.request.response.setStatus(201)
        return found
