"""GET @approval on an outgoing or internal document: where it is in its chain."""

from plone.restapi.services import Service
from ratusha.registry import actions
from ratusha.registry.services.common import summary


class ApprovalGet(Service):
    def reply(self):
        return dict(summary(self.context), approval=actions.approval_data(self.context))
