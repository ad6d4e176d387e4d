"""GET @council-publication (site, council staff): sessions waiting for publication, with the
deadline and whether it is overdue."""

from plone import api
from plone.restapi.services import Service
from ratusha.council.protocol import access
from ratusha.council.protocol import publication


class PublicationGet(Service):
    def reply(self):
        items = []
        for session in publication.waiting_sessions():
            if not access.may_manage(session):
                continue
            items.append(
                dict(
                    publication.status(session),
                    **{
                        "@id": session.absolute_url(),
                        "title": session.Title(),
                        "review_state": access.state_of(session),
                    },
                )
            )
        return {
            "@id": f"{api.portal.get().absolute_url()}/@council-publication",
            "items": items,
            "items_total": len(items),
        }
