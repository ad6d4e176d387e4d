"""PATCH @retention-plan: change one entry (or add one for a new kind of document).

Body: `{"key": "incoming.complaint", "index": "94-02", "title": "Жалби", "years": 5,
"archive": "dispose", "start": "closing"}`; `"years": "permanent"` for a permanent entry.
Missing fields keep their values. 400 with the reason when the entry cannot decide a period.
"""

from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.registry.retention import plan
from ratusha.registry.retention.services.common import plan_json


FIELDS = ("index", "title", "years", "archive", "start")


class PlanPatch(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        key = data.get("key")
        if not isinstance(key, str):
            raise InputError(
                _("error_plan_key", default="No such kind of document in the registry.")
            )
        current = plan.entries().get(key)
        values = {name: data.get(name, getattr(current, name, None)) for name in FIELDS}
        if "years" not in data and current is not None and current.years is None:
            values["years"] = "permanent"
        if data.get("permanent") is True:
            values["years"] = "permanent"
        entry = plan.change(key, **values)
        return plan_json({key: entry})[0]
