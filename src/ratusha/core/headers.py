"""Security headers on every response, and session cookies marked Secure over HTTPS.

Zope announces every response it finishes: IPubBeforeCommit (success), IPubBeforeAbort (errors,
after the error page or the login redirect is written) and IPubBeforeStreaming (files sent in
chunks). One handler completes the headers there, so pages, REST answers, files and 401/404
pages get the same policy. X-Powered-By is written by Zope after all of these, so the WSGI filter
at the end of this module (in instance/zope.ini) removes it and backs the headers up for the
answers that never reach the publication events.
"""

import os

from zope.globalrequest import getRequest
from ZPublisher.cookie import convertCookieParameter

from ratusha.core.headerrules import FIXED_HEADERS
from ratusha.core.headerrules import completed_headers
from ratusha.core.headerrules import content_security_policy
from ratusha.core.headerrules import served_over_https

# Plone core views that run inline or eval'd scripts Ratusha does not control; only these get
# the relaxed script policy (docs/security.md, "Headers").
RELAXED_VIEWS = frozenset()

STRICT_POLICY = content_security_policy()
RELAXED_POLICY = content_security_policy(relaxed=True)


def trusted_proxies() -> list[str]:
    """The proxies whose X-Forwarded-* headers are believed; the audit trail reads the same."""
    return [p for p in os.environ.get("RATUSHA_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p]


def published_name(request) -> str:
    published = request.get("PUBLISHED", None)
    return getattr(published, "__name__", "") or ""


def policy_for(request) -> str:
    return RELAXED_POLICY if published_name(request) in RELAXED_VIEWS else STRICT_POLICY


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
        response.setHeader("Content-Security-Policy", policy_for(request))
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
