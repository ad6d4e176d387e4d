"""What the services of the record of processing share: the officer (Ratusha: Manage personal
data) only; 401 for anonymous, 403 with a message for everyone else; never cached."""

from plone.restapi.services import Service
from ratusha import _
from ratusha.privacy.officer import refusal


FORBIDDEN = _(
    "error_ropa_forbidden",
    default="Only the data protection officer may read the record of processing.",
)


class OfficerService(Service):
    def reply(self):
        return refusal(self, FORBIDDEN) or self.act()

    def act(self):
        raise NotImplementedError
