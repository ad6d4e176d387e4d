"""GET @council-compliance (Manage session): the warnings of every session not yet over —
live stream missing, materials late or missing (ЗМСМА 2024)."""

from plone import api
from plone.restapi.services import Service
from ratusha.council import lifecycle
from ratusha.council.councils import SESSION
from zope.i18n import translate


WATCHED = ("draft", "convened", "open")


class ComplianceGet(Service):
    def reply(self):
        catalog = api.portal.get_tool("portal_catalog")
        items = []
        for brain in catalog.searchResults(
            portal_type=SESSION, review_state=WATCHED, sort_on="start"
        ):
            session = brain.getObject()
            warnings = lifecycle.compliance(session)
            if warnings:
                items.append(
                    {
                        "@id": brain.getURL(),
                        "title": brain.Title,
                        "state": brain.review_state,
                        "warnings": [
                            {
                                "code": w["code"],
                                "message": translate(w["message"], context=self.request),
                            }
                            for w in warnings
                        ],
                    }
                )
        return {
            "@id": f"{api.portal.get().absolute_url()}/@council-compliance",
            "items": items,
            "items_total": len(items),
        }
