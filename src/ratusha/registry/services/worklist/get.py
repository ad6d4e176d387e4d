"""GET @worklist/<name>: the current user's worklists.

Names: `for-approval` (documents waiting for my decision, also as a substitute),
`assigned` (my open tasks), `overdue` (open tasks past their deadline that are mine or that I
control), `drafts` (my drafts). Without a name: the counts of all four.
"""

from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.registry import worklists
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class WorklistGet(Service):
    name = None

    def publishTraverse(self, request, name):
        if self.name is not None:
            raise NotFound(self, name, request)
        self.name = name
        return self

    def reply(self):
        base = f"{self.context.absolute_url()}/@worklist"
        if self.name is None:
            return {
                "@id": base,
                "counts": {name: worklists.count(name) for name in worklists.NAMES},
            }
        if self.name not in worklists.NAMES:
            return error(
                self.request,
                _(
                    "error_unknown_worklist",
                    default="There is no worklist «${name}».",
                    mapping={"name": self.name},
                ),
                404,
            )
        items = worklists.items(self.name)
        return {"@id": f"{base}/{self.name}", "items_total": len(items), "items": items}
