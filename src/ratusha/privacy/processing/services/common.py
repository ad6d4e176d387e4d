"""What the services of the record of processing share: the officer (Ratusha: Manage personal
data) only; 401 for anonymous, 403 with a message for everyone else; never cached."""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.core.rest import no_store


class OfficerService(Service):
    def reply(self):
        no_store(self.request.response)
        if api.user.is_anonymous():
            return error(self.request, _("error_login_required", default="Please log in."), 401)
        if not api.user.has_permission(permissions.ManagePersonalData, obj=self.context):
            return error(
                self.request,
                _(
                    "error_ropa_forbidden",
                    default="Only the data protection officer may read the record of processing.",
                ),
                403,
            )
        return self.act()

    def act(self):
        raise NotImplementedError
