"""Shared by the registry's REST services: the document a request names, and its summary."""

from plone import api
from ratusha import _
from ratusha.core.rest import InputError


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
