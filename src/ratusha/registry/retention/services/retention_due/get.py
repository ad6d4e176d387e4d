"""GET @retention-due: what has reached the end of its period, and what is on legal hold.

`?list=dispose` (for a disposal act) or `?list=state` (for a hand-over inventory) gives one
list; `?day=YYYY-MM-DD` looks at another Sofia day. Held items are never on the lists."""

from plone.restapi.services import Service
from ratusha.registry.retention import listing
from ratusha.registry.retention.services.common import answer
from ratusha.registry.retention.services.common import day_parameter
from ratusha.registry.retention.services.common import list_kind


class DueGet(Service):
    def reply(self):
        return answer(self, self.lists)

    def lists(self):
        kind = list_kind(self.request.form.get("list"))
        day = day_parameter(self.request.form.get("day"))
        items = listing.due(kind, day)
        return {
            "@id": f"{self.context.absolute_url()}/@retention-due",
            "dispose": [i for i in items if i["due"] == "dispose"],
            "state": [i for i in items if i["due"] == "state"],
            "held": listing.held(),
        }
