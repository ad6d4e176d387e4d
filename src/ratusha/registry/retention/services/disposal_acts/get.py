"""GET @disposal-acts: the acts the user may read; GET @disposal-acts/<number>: one (404)."""

from plone.restapi.services import Service
from ratusha.registry.retention import acts
from ratusha.registry.retention.services.common import answer
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class ActsGet(Service):
    number = None

    def publishTraverse(self, request, name):
        self.number = name
        return self

    def reply(self):
        if self.number is not None:
            return answer(self, lambda: acts.serialize(acts.get(self.number)))
        return {
            "@id": f"{self.context.absolute_url()}/@disposal-acts",
            "items": acts.visible_acts(),
        }
