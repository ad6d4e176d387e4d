"""A JSON error body in plone.restapi's shape, with a translated message."""

from zope.i18n import translate


def bad_request(request, message, status=400, error_type=None):
    request.response.setStatus(status)
    return {
        "error": {
            "type": error_type or ("NotFound" if status == 404 else "BadRequest"),
            "message": translate(message, context=request),
        }
    }
