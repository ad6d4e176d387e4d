"""GET @retention-inventory?act=<number>: the hand-over inventory as a ZIP (inventory.py).

For those who manage retention and the act's committee (404 for others, as for no act);
400 for a disposal act; recorded on the audit trail as an export."""

import json
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.registry.retention import acts
from ratusha.registry.retention import inventory
from ratusha.registry.retention.services.common import answer


class InventoryGet(Service):
    def render(self):
        """The ZIP as it is; an error as plone.restapi's JSON."""
        self.check_permission()
        found = answer(self, self.download)
        if isinstance(found, bytes):
            return found
        self.request.response.setHeader("Content-Type", self.content_type)
        return json.dumps(found)

    def download(self):
        act = acts.get(self.request.form.get("act"))
        if act["kind"] != acts.HANDOVER:
            raise InputError(
                _("error_not_inventory", default="Only a hand-over inventory is exported.")
            )
        body = inventory.export(act)
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition", content_disposition(f"inventory-{act['number']}.zip")
        )
        no_store(response)
        return body
