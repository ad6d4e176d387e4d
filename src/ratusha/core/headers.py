"""Security headers on every response, and session cookies marked Secure over HTTPS.

Zope announces every response it finishes: IPubBeforeCommit (success), IPubBeforeAbort (errors,
after the error page or the login redirect is written) and IPubBeforeStreaming (files sent in
chunks). One handler completes the headers there, so pages, REST answers, files and 401/404
pages get the same policy. X-Powered-By is written by Zope after all of these, so the WSGI filter
at the end of this module (in instance/zope.ini) removes it and backs the headers up for the
answers that never reach the publication events.
"""

from Acquisition import aq_base
from plone.dexterity.browser.add import DefaultAddView
from plone.formwidget.recurrence.z3cform.widget import RecurrenceWidget
from ratusha.core.headerrules import completed_headers
from ratusha.core.headerrules import content_security_policy
from ratusha.core.headerrules import FIXED_HEADERS
from ratusha.core.headerrules import script_allowances
from ratusha.core.headerrules import served_over_https
from ratusha.core.proxies import trusted_proxies
from z3c.form.interfaces import IForm
from zope.globalrequest import getRequest
from ZPublisher.cookie import convertCookieParameter


STRICT_POLICY = content_security_policy()


def ratusha_renders(published) -> bool:
    """Whether the view (or the form it wraps) is Ratusha's own code; an add view is judged by its
    form alone (Ratusha's GuardedAddView wraps Plone's add forms too)."""
    form = getattr(published, "form", None)
    if isinstance(published, DefaultAddView):
        return type(published.form_instance).__module__.startswith("ratusha.")
    classes = type(published).__mro__ + type(form).__mro__
    return any(cls.__module__.startswith("ratusha.") for cls in classes)


def shows_recurrence_widget(published) -> bool:
    form = getattr(published, "form_instance", None)
    if not IForm.providedBy(form):
        return False
    for part in (form, *getattr(form, "groups", ())):
        widgets = getattr(part, "widgets", None) if IForm.providedBy(part) else None
        if widgets and any(isinstance(widget, RecurrenceWidget) for widget in widgets.values()):
            return True
    return False


def published_page(request) -> tuple:
    """(view name, type shown or added, whether Ratusha renders it, whether the form shows the
    recurrence widget): what `script_allowances` decides on."""
    published = request.get("PUBLISHED", None)
    if isinstance(published, DefaultAddView):
        name, type_name = "++add++", published.ti.getId()
    else:
        name = getattr(published, "__name__", "") or ""
        type_name = getattr(aq_base(getattr(published, "context", None)), "portal_type", "") or ""
    return name, type_name, ratusha_renders(published), shows_recurrence_widget(published)


def policy_for(request) -> str:
    allow = script_allowances(*published_page(request))
    return content_security_policy(allow=allow) if allow else STRICT_POLICY


def over_https(request) -> bool:
    return served_over_https(
        request.get("SERVER_URL", ""),
        request.get_header("X-Forwarded-Proto") or "",
        request.get("REMOTE_ADDR", ""),
        trusted_proxies(),
    )


def complete(request, response) -> None:
    """Add the missing security headers; over HTTPS, mark every cookie Secure."""
    for name, value in FIXED_HEADERS.items():
        if not response.getHeader(name):
            response.setHeader(name, value)
    if not response.getHeader("Content-Security-Policy"):
        # errors and redirects show none of the view's scripts
        policy = policy_for(request) if response.getStatus() < 300 else STRICT_POLICY
        response.setHeader("Content-Security-Policy", policy)
    if over_https(request):
        secure = dict([convertCookieParameter("secure", True)])
        for cookie in response.cookies.values():
            cookie.update(secure)


def on_publication_end(event) -> None:
    """IPubBeforeCommit and IPubBeforeAbort."""
    complete(event.request, event.request.response)


def on_streaming(event) -> None:
    """IPubBeforeStreaming carries only the response."""
    request = getRequest()
    if request is not None:
        complete(request, event.response)


class HeadersFilter:
    """WSGI filter: drops X-Powered-By and adds what is missing to any answer."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, completed_headers(headers, STRICT_POLICY), exc_info)

        return self.app(environ, start)


def filter_factory(global_config, **local_config):
    """PasteDeploy: `[filter:headers] use = call:ratusha.core.headers:filter_factory`."""
    return HeadersFilter
