"""`@components.protocol` of a session: the protocol as an expandable element."""

from plone.restapi.interfaces import IExpandableElement
from ratusha.council.interfaces import ISession
from ratusha.council.protocol import access
from ratusha.council.protocol.services.protocol.get import protocol_reply
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@implementer(IExpandableElement)
@adapter(ISession, Interface)
class ProtocolExpansion:
    """`@components.protocol` of a session (`?expand=protocol` brings the whole of it)."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, expand=False):
        if not access.may_read(self.context):
            return {}
        if expand:
            return {"protocol": protocol_reply(self.context, self.request)}
        return {"protocol": {"@id": f"{self.context.absolute_url()}/@protocol"}}
