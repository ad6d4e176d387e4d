"""GET @council-decisions (council or site): the register of published decisions."""

from plone.base.interfaces import IPloneSiteRoot
from plone.restapi.services import Service
from ratusha.council.protocol import publication
from ratusha.council.protocol import render


class RegisterGet(Service):
    def reply(self):
        context = None if IPloneSiteRoot.providedBy(self.context) else self.context
        items = publication.register(context, render.translator(request=self.request))
        return {
            "@id": f"{self.context.absolute_url()}/@council-decisions",
            "items": items,
            "items_total": len(items),
        }
