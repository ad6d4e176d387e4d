"""Shared REST helpers: errors a person can act on, in plone.restapi's JSON shape.

Every JSON body is measured before it is parsed (`ratusha.core.bodies`): too big, too deeply
nested, not UTF-8, a lone surrogate or an overlong text is a 400/413 with a message, never a
crash in the parser or later where the text is stored.
"""

from DateTime.interfaces import DateTimeError
import json
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.errors import ErrorHandling
from plone.rest.events import mark_as_api_request
from plone.rest.interfaces import IAPIRequest
from ratusha import _
from ratusha.core import bodies
import transaction
from zExceptions import BadRequest
from zExceptions import HTTPRequestEntityTooLarge
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine


BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# read by Plone and PAS as text on every page: `?came_from:list=x` or a lone surrogate in it
# (invalid UTF-8) crashed the login challenge
TEXT_ONLY_PARAMETERS = ("came_from",)


class InputError(Exception):
    """Bad input; the service answers with `status` and a translated message."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def _body(request) -> bytes:
    raw = request.get("BODY") or b""
    return raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw


def body_error(problem, max_bytes=bodies.MAX_JSON_BYTES):
    """The InputError for a bodies.* problem code."""
    if problem == "too_large":
        return InputError(
            _(
                "error_body_too_large",
                default="The request is too large (at most ${size} kB).",
                mapping={"size": max_bytes // 1000},
            ),
            status=413,
        )
    if problem == "too_deep":
        return InputError(
            _(
                "error_json_too_deep",
                default="The JSON is nested too deeply (at most ${depth} levels).",
                mapping={"depth": bodies.MAX_DEPTH},
            )
        )
    return InputError(_("error_json", default="The request body must be a JSON object."))


def text_error(problem):
    code, key = problem
    field = key.encode("utf-8", "replace").decode("utf-8")[:60]  # the name may be the culprit
    if code == "surrogate":
        return InputError(
            _(
                "error_text_unicode",
                default="«${field}» is not valid Unicode text.",
                mapping={"field": field},
            )
        )
    return InputError(
        _(
            "error_text_too_long",
            default="«${field}» is too long (at most ${size} characters).",
            mapping={"field": field, "size": bodies.TEXT_LIMITS.get(key, bodies.MAX_TEXT)},
        )
    )


def read_json(request) -> dict:
    """The JSON object of the body, checked (size, depth, UTF-8, text); InputError otherwise."""
    raw = _body(request)
    problem = bodies.body_problem(raw)
    if problem:
        raise body_error(problem)
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, RecursionError):
        raise body_error("invalid")
    if not isinstance(data, dict):
        raise body_error("invalid")
    problem = bodies.text_problem(data)
    if problem:
        raise text_error(problem)
    return data


def check_field_types(schema, data) -> None:
    """InputError unless each value of `data` for a field of `schema` has the field's JSON type
    (text, true/false, integer, list of those): plone.restapi's field deserializers crash
    (TypeError, unhashable list) on a value of the wrong type."""
    for name, value in data.items():
        field = schema.get(name)
        if field is not None and value is not None and not _json_type_ok(field, value):
            raise InputError(
                _(
                    "error_field_type",
                    default="«${field}» has a value of the wrong type.",
                    mapping={"field": name},
                )
            )


def _json_type_ok(field, value) -> bool:
    if IBool.providedBy(field):
        return isinstance(value, bool)
    if IInt.providedBy(field):
        return isinstance(value, int) and not isinstance(value, bool)
    if ICollection.providedBy(field):
        return isinstance(value, list) and all(
            _json_type_ok(field.value_type, item) for item in value if item is not None
        )
    if ITextLine.providedBy(field) or IText.providedBy(field) or IChoice.providedBy(field):
        return isinstance(value, str)
    return True


def _json_request(request) -> bool:
    content_type = (request.getHeader("Content-Type") or "").split(";")[0].strip().lower()
    return content_type == "application/json" or IAPIRequest.providedBy(request)


def guard_json_body(site, event):
    """Every JSON request (plone.restapi's own services too) has its body checked once when
    it enters the site, before PAS and any service parse it: a deeply nested body crashed
    plone.restapi's credential extraction on every endpoint, whatever the service."""
    request = event.request
    if request.get("REQUEST_METHOD") not in BODY_METHODS or not _json_request(request):
        return
    raw = _body(request)
    if not raw:
        return
    problem = bodies.body_problem(raw, bodies.MAX_API_BYTES)
    if problem is None:
        try:
            problem = bodies.text_problem(json.loads(raw))
        except (ValueError, RecursionError):
            return  # not JSON: the service itself says so
        exc = text_error(problem) if problem else None
    else:
        exc = body_error(problem, bodies.MAX_API_BYTES)
    if exc is None:
        return
    message = translate(exc.message, context=request)
    raise (HTTPRequestEntityTooLarge if exc.status == 413 else BadRequest)(message)


def process_inputs(self, *args, **kwargs):
    """HTTPRequest.processInputs: a value its converters refuse (`?limit:int=x`, `:date`,
    `:record`…) or undecodable form data is the client's error (400), not the server's."""
    try:
        result = self._old_processInputs(*args, **kwargs)
    except (ValueError, TypeError, DateTimeError) as exc:
        raise BadRequest(
            translate(
                _(
                    "error_form_value",
                    default="A parameter of the request is not understood: ${detail}",
                    mapping={"detail": str(exc)[:200]},
                ),
                context=self,
            )
        )
    for name in TEXT_ONLY_PARAMETERS:
        value = self.form.get(name, "")
        if not isinstance(value, str) or bodies.has_surrogate(value):
            del self.form[name]
            self.other.pop(name, None)
    return result


def mark_api_path(event):
    """`++api++` means JSON whatever the Accept header says; plone.rest only notices it during
    traversal, too late for PATCH/PUT/DELETE: Zope has already taken the request for a WebDAV
    client, and `PATCH ++api++/<object>` without an Accept header crashed (AttributeError)."""
    request = event.request
    if not IAPIRequest.providedBy(request) and "++api++" in request.get("PATH_INFO", "").split("/"):
        mark_as_api_request(request, "application/json")


class BadJSONView(ErrorHandling):
    """plone.restapi's DeserializationError (a body that is not a JSON object, e.g. on
    `@controlpanels/<name>`) is the client's error: 400 with its message, not 500."""

    def render_exception(self, exception):
        result = super().render_exception(exception)
        result["message"] = translate(body_error("invalid").message, context=self.request)
        return result

    def __call__(self):
        self.request.response.setStatus(400, lock=1)  # before the parent locks its 500
        return super().__call__()


def error(request, message, status=400):
    request.response.setStatus(status)
    kinds = {
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        409: "Conflict",
        413: "RequestEntityTooLarge",
    }
    return {
        "error": {
            "type": kinds.get(status, "BadRequest"),
            "message": translate(message, context=request),
        }
    }


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


def no_store(response):
    """Answers with tokens or personal data: no browser or proxy may keep a copy."""
    response.setHeader("Cache-Control", "no-store, max-age=0")
    response.setHeader("Pragma", "no-cache")
