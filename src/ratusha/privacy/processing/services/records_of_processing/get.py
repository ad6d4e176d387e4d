"""GET @records-of-processing: the record of processing activities (GDPR Art. 30) for the DPO,
the same as the page and the PDF, in the request's language, dated now in Sofia."""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.core.rest import no_store
from ratusha.privacy.processing.record import build


class RecordsOfProcessingGet(Service):
    def reply(self):
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
        no_store(self.request.response)
        return build(self.context, self.request)
