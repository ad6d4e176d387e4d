"""What the incident services share: the path after @incidents, the incident it names."""

from ratusha import _
from ratusha.core.rest import InputError
from ratusha.privacy.incidents import register
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class Traversing:
    """`@incidents`, `@incidents/<id>` and `@incidents/<id>/<what>`."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.names = []

    def publishTraverse(self, request, name):
        if len(self.names) >= 2:
            raise NotFound(self, name, request)
        self.names.append(name)
        return self

    def incident(self):
        """The incident the path names, as the current user may see it; 404 otherwise."""
        container = register.folder()
        found = container.get(self.names[0]) if container is not None else None
        if found is None or getattr(found, "portal_type", None) != "DataIncident":
            raise InputError(
                _(
                    "error_incident_unknown",
                    default="There is no incident «${id}».",
                    mapping={"id": self.names[0]},
                ),
                status=404,
            )
        return found
