"""Every registered view and REST service, by every path trick, refuses an unproven 2FA user.

The routes come from the component registry (so a new view or service is covered the day it is
registered), each on a context of the demo site that it is registered for, reached plainly and
through `..`, `%2e%2e`, `.`, `static/..`, `two-factor/..`, `++resource++x/..`, `logout/..`.
"""

import base64
import http.client
import itertools
from plone import api
import pytest
from ratusha.access import openings
from ratusha.access import totp
from ratusha.access import twofactor
import re
import requests
import time
import transaction
import urllib.parse
from zope.interface import Interface
from zope.publisher.interfaces.browser import IBrowserRequest


PASSWORD = "ratusha-demo"
REFUSING = re.compile(r"/@@two-factor(-setup)?\?|/require_login\?|/login\?")
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
SERVICE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)_([^_]+)_([^_]+)_(.*)$")
DETOURS = (
    "",
    "login/../",
    "login/%2e%2e/",
    "./",
    "static/../",
    "two-factor/../",
    "++resource++x/../",
    "logout/../",
    "@@login/%2E%2E/",
    "two-factor-setup/./../",
    "++plone++static/../",
    "favicon.ico/../",
)


def adapter_registrations(registry, seen=None):
    """Those of the registry and of every registry it stacks on (test layers stack them)."""
    seen = set() if seen is None else seen
    if id(registry) in seen:
        return
    seen.add(id(registry))
    yield from registry.registeredAdapters()
    for base in registry.__bases__:
        yield from adapter_registrations(base, seen)


def registered_routes(portal):
    """(context interface, name, method, is_service) of every named browser view and service."""
    routes = set()
    for registration in adapter_registrations(portal.getSiteManager()):
        required = registration.required
        if (
            len(required) != 2
            or not registration.name
            or registration.provided is not Interface
            or not required[1].isOrExtends(IBrowserRequest)
        ):
            continue
        service = SERVICE.match(registration.name)
        if service:
            if service.group(2, 3) == ("application", "json"):
                routes.add((required[0], service.group(4), service.group(1), True))
        else:
            routes.add((required[0], registration.name, "GET", False))
    return routes


def contexts(portal):
    """A context of the site for each interface a view is registered for."""
    catalog = api.portal.get_tool("portal_catalog")
    found = {}

    def context_for(interface):
        if interface not in found:
            if interface is None or interface.providedBy(portal):
                found[interface] = portal
            elif not hasattr(interface, "__identifier__"):
                found[interface] = None  # views of exception classes: no route leads there
            else:
                brains = catalog.unrestrictedSearchResults(
                    object_provides=interface.__identifier__, sort_limit=1
                )
                found[interface] = brains[0]._unrestrictedGetObject() if brains else None
        return found[interface]

    return context_for


def raw(base, method, path, headers):
    """Send the path as is: HTTP clients would resolve the dots before Zope sees them."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.request(method, path, body=b"{}" if method != "GET" else None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def form_cookie(base, login):
    """The __ac cookie of the password-only login form."""
    session = requests.Session()
    page = session.get(f"{base}/login")
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
    form = {"__ac_name": login, "__ac_password": PASSWORD, "buttons.login": "Log in"}
    if token:
        form["_authenticator"] = token.group(1)
    session.post(f"{base}/login", data=form, allow_redirects=False)
    cookie = session.cookies.get("__ac")
    assert cookie, "the login form gave no session"
    return cookie


def refused(status, location):
    """Refused, or never reached (an error of traversal: another matter, tests/fuzz)."""
    if status >= 400:
        return True
    return status in (301, 302, 303) and REFUSING.search(location) is not None


@pytest.fixture
def demo(demo_functional):
    portal = demo_functional["portal"]
    with api.env.adopt_roles(["Manager"]):  # an id starting with "static" was once open
        page = api.content.create(
            container=portal, type="Document", id="static-plan", title="Static plan"
        )
        page.manage_setLocalRoles("auditor", ["Reader"])
        page.manage_setLocalRoles("itadmin", ["Reader"])
    transaction.commit()
    return portal


def enrol(user_id):
    secret = twofactor.start_enrolment(user_id)
    assert twofactor.confirm_enrolment(user_id, totp.code_at(secret, time.time() - 30))
    transaction.commit()


def credentials(base):
    """Each way in with the password alone: Basic auth, the login form's cookie, both users."""
    for login in ("auditor", "itadmin"):
        basic = "Basic " + base64.b64encode(f"{login}:{PASSWORD}".encode()).decode()
        yield f"{login}/basic", {"Authorization": basic}
        yield f"{login}/form", {"Cookie": f'__ac="{form_cookie(base, login)}"'}


def attack(portal, ways):
    base = portal.absolute_url()
    site = urllib.parse.urlsplit(base).path
    context_for = contexts(portal)
    detours = itertools.cycle(DETOURS)
    leaks, sent, covered = [], 0, set()
    for interface, name, method, service in sorted(registered_routes(portal), key=str):
        context = context_for(interface)
        if context is None:
            continue
        path = "/".join(context.getPhysicalPath())[len(site) :].lstrip("/")
        target = f"@{name.lstrip('@')}" if service else f"@@{name}"
        open_route = (
            openings.is_open(openings.SERVICE, f"{method}_application_json_{name}")
            if service
            else name in openings.OPEN_VIEWS
        )
        if open_route:
            continue
        covered.add((interface, name, method))
        # one request per way in, each by the next detour: every way meets every detour
        for (way, headers), detour in zip(ways, detours):
            url = f"{site}/{path}/".replace("//", "/") + detour + ("++api++/" if service else "")
            status, location = raw(
                base, method, url + target, {**headers, **(JSON if service else {})}
            )
            sent += 1
            if not refused(status, location):
                leaks.append((way, method, url + target, status, location))
    return leaks, sent, covered


def test_password_alone_reaches_no_view_or_service(demo):
    ways = list(credentials(demo.absolute_url()))
    leaks, sent, covered = attack(demo, ways)
    assert len(covered) > 300 and sent > 1000, (len(covered), sent)
    assert leaks == []


def test_enrolled_users_password_alone_reaches_nothing(demo):
    for user_id in ("auditor", "itadmin"):
        enrol(api.user.get(username=user_id).getId())
    ways = list(credentials(demo.absolute_url()))
    leaks, _sent, _covered = attack(demo, ways[1:3])  # auditor's form cookie, itadmin's Basic
    assert leaks == []


def test_login_pages_and_resources_stay_open(demo):
    """What the login and two-factor pages need still answers an unproven user."""
    base = demo.absolute_url()
    session = requests.Session()
    session.cookies.set("__ac", form_cookie(base, "auditor"))
    setup = session.get(f"{base}/@@personal-room")
    assert "/@@two-factor-setup" in setup.url and setup.status_code == 200
    resources = re.findall(
        r'(?:src|href)="([^"]*\+\+(?:webresource|plone|resource|theme)\+\+[^"]+)"', setup.text
    )
    assert resources
    for url in resources + [f"{base}/favicon.ico", f"{base}/@@coat-of-arms", f"{base}/login"]:
        url = url if url.startswith("http") else base.rsplit("/", 1)[0] + url
        reply = session.get(url, allow_redirects=False)
        assert reply.status_code == 200, url
    assert session.get(f"{base}/static-plan", allow_redirects=False).status_code == 302
    logout = session.get(f"{base}/logout", allow_redirects=False)
    assert logout.status_code == 302 and "logged-out" in logout.headers["Location"]
    assert "__ac=" in logout.headers.get("Set-Cookie", "")
