"""The one guard of the officer's REST services: Ratusha: Manage personal data."""

from plone import api
from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.core.rest import no_store


def refusal(service, forbidden):
    """None for the officer; else the error reply (401 anonymous, 403 with `forbidden`).

    The answer is never cached either way: it is about personal data."""
    no_store(service.request.response)
    if api.user.is_anonymous():
        return error(service.request, _("error_login_required", default="Please log in."), 401)
    if not api.user.has_permission(permissions.ManagePersonalData, obj=service.context):
        return error(service.request, forbidden, 403)
    return None
