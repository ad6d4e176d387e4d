"""GET <document or case file>/@retention: its period, hold and end, for whoever sees it."""

from plone.restapi.services import Service
from ratusha.registry.interfaces import retention_status
from ratusha.registry.retention.status import marks
from zope.i18n import translate


class RetentionGet(Service):
    def reply(self):
        found = retention_status(self.context)
        stored = marks(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@retention",
            "until": found.until.isoformat() if found.until else None,
            "held": found.held,
            "may_erase": found.may_erase,
            "due": found.due,
            "plan": found.entry,
            "reason": translate(found.reason, context=self.request),
            "hold": dict(stored["hold"]) if stored.get("hold") else None,
            "disposed": dict(stored["disposed"]) if stored.get("disposed") else None,
            "handed_over": dict(stored["handed_over"]) if stored.get("handed_over") else None,
        }
