"""Shared by the registry's REST services: run an act, answer its errors as JSON."""

import transaction
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import error
from ratusha.core.rest import read_json


def writing(request):
    # A JSON body with credentials in a header cannot be forged by a cross-site form.
    alsoProvides(request, IDisableCSRFProtection)


def run(service, act):
    """Call act(data) with the JSON body; on InputError drop the transaction and answer 4xx."""
    writing(service.request)
    try:
        return act(read_json(service.request))
    except InputError as exc:
        transaction.doom()
        return error(service.request, exc.message, exc.status)


def find_document(uid):
    """A document by UID the current user may see; 404 (as for anything unseen) otherwise."""
    if isinstance(uid, str) and uid.strip():
        obj = api.content.get(UID=uid.strip())
        if obj is not None and api.user.has_permission("View", obj=obj):
            return obj
    raise InputError(_("error_no_document", default="There is no such document."), status=404)


def summary(obj):
    from ratusha.registry.security import review_state

    return {
        "@id": obj.absolute_url(),
        "UID": api.content.get_uuid(obj),
        "@type": obj.portal_type,
        "title": obj.Title(),
        "number": getattr(obj, "registration_number", None),
        "review_state": review_state(obj),
    }
