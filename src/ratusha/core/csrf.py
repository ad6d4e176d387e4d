"""Cross-site request forgery: one check for every write that plone.protect does not guard.

Ratusha's REST services (and plone.restapi's) turn plone.protect off, because their clients send
no form token. A cookie is sent by the browser whatever site made the request, so a write signed
in by cookie must prove it came from our own pages (ratusha.core.crosssite decides how) or carry
plone.protect's token. Credentials in the Authorization header are never sent by another site's
page, so header-authenticated requests pass.

- REST requests are checked after traversal, before the service runs: nothing is written.
- Browser views that turn plone.protect off are checked before commit, where plone.protect
  itself would have checked them; the transaction is aborted.
"""

import json
from plone import api
from plone.protect.authenticator import check as check_token
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.interfaces import IAPIRequest
from ratusha import _
from ratusha.core import crosssite
from ratusha.core.login import authorization_header
from ratusha.core.rest import error
from zExceptions import Forbidden
from zope.component import adapter
from zope.interface import Interface


MESSAGES = {
    crosssite.CONTENT_TYPE: _(
        "csrf_json_required",
        default="Send this request with the header Content-Type: application/json.",
    ),
    crosssite.NO_ORIGIN: _(
        "csrf_cross_site",
        default="This request did not come from this site's own pages and was refused to "
        "protect your account. Reload the page and try again.",
    ),
}
MESSAGES[crosssite.CROSS_ORIGIN] = MESSAGES[crosssite.NO_ORIGIN]


class CrossSiteRequestRefused(Forbidden):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


# Zope's status table and the audit trail go by the class name: this is a Forbidden (403, denied)
CrossSiteRequestRefused.__name__ = "Forbidden"


SIGNED_IN = "ratusha.csrf.signed_in_by_cookie"
# plone.session's ticket and plone.restapi's JWT cookie; plone.session's name is configurable
SESSION_COOKIES = ("__ac", "auth_token")


def _session_cookies() -> set:
    session = getattr(api.portal.get_tool("acl_users"), "session", None)
    return set(SESSION_COOKIES) | {getattr(session, "cookie_name", SESSION_COOKIES[0])}


def _signed_in_by_cookie(request) -> bool:
    """Is the request signed in while carrying a session cookie, the credential a browser
    attaches by itself? Header credentials are never attached by another site's page; the
    login form's own POST (and curl) carry no session cookie. Decided once, after traversal.
    Form fields such as `__ac_name` decide nothing: another site can send those too."""
    if SIGNED_IN not in request.environ:
        try:
            signed_in = not api.user.is_anonymous()
            cookies = signed_in and any(request.cookies.get(n) for n in _session_cookies())
        except api.exc.CannotGetPortalError:
            cookies = False
        request.environ[SIGNED_IN] = bool(cookies) and not authorization_header(request)
    return request.environ[SIGNED_IN]


def _has_token(request) -> bool:
    try:
        check_token(request)
    except Exception:  # Forbidden, or no key manager outside a site
        return False
    return True


def check(request, *, rest) -> None:
    """Raise CrossSiteRequestRefused unless this request may write."""
    code = crosssite.refusal(
        method=request.get("REQUEST_METHOD", "GET"),
        api=rest,
        content_type=request.getHeader("Content-Type"),
        origin=request.getHeader("Origin"),
        referer=request.getHeader("Referer"),
        own_url=request.get("SERVER_URL", ""),
    )
    if code is None or not _signed_in_by_cookie(request) or _has_token(request):
        return
    raise CrossSiteRequestRefused(code)


def after_traversal(event):
    request = event.request
    if IAPIRequest.providedBy(request):
        check(request, rest=True)
    elif request.get("REQUEST_METHOD", "GET").upper() in crosssite.WRITE_METHODS:
        _signed_in_by_cookie(request)  # decided on the user the request arrived as


def before_commit(event):
    request = event.request
    if IDisableCSRFProtection.providedBy(request) and not IAPIRequest.providedBy(request):
        check(request, rest=False)


@adapter(CrossSiteRequestRefused, Interface)
class RefusalView:
    """The 403 answer, as JSON in the shape of every other Ratusha REST error."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        response.headers.pop("location", None)
        response.cookies.clear()  # nothing the refused request did may stick
        body = error(self.request, MESSAGES[self.context.code], 403)
        return json.dumps(body)
