"""Notice refused logins, which PAS does not announce, and announce them as an event.

Three ways in: the login form (credentials in the form, still anonymous after traversal),
HTTP Basic auth with a wrong password (same), and plone.restapi's @login answering 401.
"""

import base64
import json
from plone import api
from ratusha.interfaces import ILoginFailedEvent
from zope.event import notify
from zope.interface import implementer


@implementer(ILoginFailedEvent)
class LoginFailed:
    def __init__(self, login, reason, request):
        self.login = login
        self.reason = reason
        self.request = request


def in_site():
    try:
        api.portal.get()
    except api.exc.CannotGetPortalError:
        return False
    return True


def _reason(login):
    acl_users = api.portal.get_tool("acl_users")
    exists = bool(acl_users.searchUsers(login=login, exact_match=True))
    return "bad-credentials" if exists else "unknown-user"


def authorization_header(request) -> str:
    """Zope moves the Authorization header out of the environment into request._auth."""
    return getattr(request, "_auth", None) or request.get_header("Authorization") or ""


def basic_credentials(request):
    header = authorization_header(request)
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1]).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return "", ""
    login, _sep, password = decoded.partition(":")
    return login, password


def attempted_credentials(request):
    """(login, password) typed in the form or sent as Basic auth, or None."""
    if request.form.get("__ac_name") and "__ac_password" in request.form:
        return request.form["__ac_name"], request.form["__ac_password"]
    return basic_credentials(request)


def attempted_login(request):
    credentials = attempted_credentials(request)
    return credentials[0] if credentials else None


def authenticate(login, password, request):
    """The user these credentials belong to, in the site or the Zope root, or None."""
    site_users = api.portal.get_tool("acl_users")
    user = site_users.authenticate(login, password, request)
    if user is None:
        root_users = site_users.getPhysicalRoot().acl_users
        user = root_users.authenticate(login, password, request)
    return user


def announce_failure(login, request, reason=None):
    """Announce once per request; the reason is worked out unless given (e.g. "locked")."""
    if request.environ.get("ratusha.login_failed"):
        return
    request.environ["ratusha.login_failed"] = True
    notify(LoginFailed(login, reason or _reason(login), request))


def after_traversal(event):
    """Credentials were sent but the request is still anonymous: they were refused."""
    request = event.request
    login = attempted_login(request)
    if login is None or not in_site():
        return
    if api.user.is_anonymous():
        announce_failure(login, request)


def publication_failed(event):
    """Traversal was refused: a wrong password, or a right one without the permission.

    Zope does not say which; checking the credentials once more tells, and lets the audit
    trail name the person who was refused. A directory account is not bound a second time:
    the directory plugin answers again from what it found earlier in this request.
    """
    request = event.request
    credentials = attempted_credentials(request)
    if event.retry or not credentials or not in_site() or "ratusha.login_failed" in request.environ:
        return
    user = authenticate(*credentials, request)
    if user is None:
        announce_failure(credentials[0], request)
    else:
        request.environ["ratusha.actor"] = (user.getId(), user.getUserName())


def before_commit(event):
    """plone.restapi's @login checks the password itself and answers 401."""
    request = event.request
    published = request.get("PUBLISHED")
    name = getattr(published, "__name__", "") or ""
    if not name.endswith("@login") or request.response.getStatus() != 401:
        return
    try:
        login = json.loads(request.get("BODY") or b"{}").get("login", "")
    except (ValueError, AttributeError):
        login = ""
    announce_failure(login, request)
