"""Shared REST helpers: errors a person can act on, in plone.restapi's JSON shape."""

from plone.restapi.deserializer import DeserializationError
from plone.restapi.deserializer import json_body
from zope.i18n import translate

from ratusha import _


class InputError(Exception):
    """Bad input; the service answers with `status` and a translated message."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def read_json(request) -> dict:
    try:
        return json_body(request)
    except DeserializationError:
        raise InputError(_("error_json", default="The request body must be a JSON object."))


def error(request, message, status=400):
    request.response.setStatus(status)
    kinds = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict"}
    return {
        "error": {
            "type": kinds.get(status, "BadRequest"),
            "message": translate(message, context=request),
        }
    }
