"""Cross-site request forgery: a write signed in by cookie must come from the site's own pages.

Every writing REST service registered with plone.rest is attacked the ways another site's page
can (text/plain and form bodies, a foreign or `null` Origin, no Origin or Referer at all) and
must answer 403 without writing anything; the site's own JSON requests and header credentials
still work.
"""

from plone import api
from plone.rest.service import Service
import pytest
from ratusha.core import crosssite
from ratusha.core.crosssite import CONTENT_TYPE
from ratusha.core.crosssite import CROSS_ORIGIN
from ratusha.core.crosssite import NO_ORIGIN
import re
import requests
import transaction
from zope.interface import Interface


OWN = "http://localhost:55001"
JSON = "application/json"

RULE_CASES = [
    # method, api, content type, origin, referer -> refusal
    ("GET", True, None, None, None, None),
    ("HEAD", True, "text/plain", "http://evil.example", None, None),
    ("OPTIONS", True, None, "http://evil.example", None, None),
    ("POST", True, JSON, OWN, None, None),
    ("post", True, "application/json; charset=utf-8", OWN, None, None),
    ("PATCH", True, "Application/JSON", OWN + "/", None, None),
    ("POST", True, "application/merge-patch+json", OWN, None, None),
    ("DELETE", True, JSON, None, OWN + "/site/page", None),
    ("PUT", True, JSON, "HTTP://LOCALHOST:55001", None, None),
    ("POST", True, "text/plain", OWN, None, CONTENT_TYPE),
    ("POST", True, "application/x-www-form-urlencoded", OWN, None, CONTENT_TYPE),
    ("POST", True, "multipart/form-data; boundary=x", OWN, None, CONTENT_TYPE),
    ("POST", True, None, OWN, None, CONTENT_TYPE),
    ("POST", True, "text/json", OWN, None, CONTENT_TYPE),
    ("POST", True, "application/jsonp", OWN, None, CONTENT_TYPE),
    ("POST", True, JSON, "http://evil.example", None, CROSS_ORIGIN),
    ("POST", True, JSON, "null", None, CROSS_ORIGIN),
    ("POST", True, JSON, "null", OWN + "/x", CROSS_ORIGIN),  # a present Origin decides
    ("POST", True, JSON, "https://localhost:55001", None, CROSS_ORIGIN),  # other scheme
    ("POST", True, JSON, "http://localhost:55002", None, CROSS_ORIGIN),  # other port
    ("POST", True, JSON, "http://localhost:55001.evil.example", None, CROSS_ORIGIN),
    ("POST", True, JSON, "http://evil.example@localhost:55001", None, None),  # host is ours
    ("POST", True, JSON, "http://localhost:55001@evil.example", None, CROSS_ORIGIN),
    ("POST", True, JSON, "http://localhost:notaport", None, CROSS_ORIGIN),
    ("POST", True, JSON, "javascript:alert(1)", None, CROSS_ORIGIN),
    ("POST", True, JSON, "/relative", None, CROSS_ORIGIN),
    ("POST", True, JSON, None, "http://evil.example/" + OWN, CROSS_ORIGIN),
    ("POST", True, JSON, None, None, NO_ORIGIN),
    ("POST", True, JSON, "", "", NO_ORIGIN),
    ("DELETE", True, JSON, None, None, NO_ORIGIN),
    # browser views: forms are not JSON, the origin still decides
    ("POST", False, "application/x-www-form-urlencoded", OWN, None, None),
    ("POST", False, "text/plain", None, OWN + "/page", None),
    ("POST", False, "text/plain", "http://evil.example", None, CROSS_ORIGIN),
    ("POST", False, None, None, None, NO_ORIGIN),
]


@pytest.mark.parametrize("method,is_api,content_type,origin,referer,expected", RULE_CASES)
def test_refusal_rule(method, is_api, content_type, origin, referer, expected):
    assert (
        crosssite.refusal(
            method=method,
            api=is_api,
            content_type=content_type,
            origin=origin,
            referer=referer,
            own_url=OWN,
        )
        == expected
    )


@pytest.mark.parametrize(
    "url,expected",
    [
        ("http://example.org", ("http", "example.org", 80)),
        ("https://Example.ORG.:443/x?y", ("https", "example.org", 443)),
        ("https://example.org:8443", ("https", "example.org", 8443)),
        ("ftp://example.org", None),
        ("null", None),
        ("", None),
        (None, None),
        ("http://[::1", None),
    ],
)
def test_origin_of(url, expected):
    assert crosssite.origin_of(url) == expected


# --- the running site ---------------------------------------------------------------------

PASSWORD = "secret-password-1"
WRITES = ("POST", "PUT", "PATCH", "DELETE")
EVIL = "http://evil.example"


def registrations():
    """Every adapter registration of the site's registry and the registries it is built on."""
    from zope.component import getSiteManager

    seen, todo = [], [getSiteManager()]
    while todo:
        registry = todo.pop()
        if any(registry is known for known in seen):
            continue
        seen.append(registry)
        yield from registry.registeredAdapters()
        todo.extend(registry.__bases__)


def writing_services():
    """(method, name, interface) of Ratusha's writing REST services, as plone.rest registered
    them (the adapter name is the service id, e.g. POST_application_json_, then the name)."""
    found = set()
    for reg in registrations():
        factory = reg.factory
        if not (isinstance(factory, type) and issubclass(factory, Service)):
            continue
        method = getattr(factory, "method", None)
        if method not in WRITES or not factory.__bases__[0].__module__.startswith("ratusha."):
            continue
        found.add((method, reg.name.split("json_", 1)[-1], reg.required[0]))
    return sorted(found, key=lambda s: (s[1], s[0], s[2].__identifier__))


def context_url(portal, iface):
    if iface is Interface or iface.providedBy(portal):
        return portal.absolute_url()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        object_provides=iface.__identifier__, sort_on="path"
    ):
        return brain.getURL()
    return None


def browser_login(base, user_id):
    """A requests session signed in through the classic login form (the `__ac` cookie)."""
    session = requests.Session()
    page = session.get(f"{base}/login")
    form = {
        "__ac_name": user_id,
        "__ac_password": PASSWORD,
        "buttons.login": "Log in",
        "came_from": base,
    }
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
    if token:
        form["_authenticator"] = token.group(1)
    session.post(f"{base}/login", data=form)
    assert "__ac" in session.cookies
    return session


def make_manager(user_id="webmaster"):
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
    api.portal.get_tool("acl_users").portal_role_manager.assignRoleToPrincipal("Manager", user_id)


def last_write(portal):
    """The ZODB's last transaction and the audit records other than the refusals themselves."""
    from ratusha.audit.recorder import get_store

    store = get_store()
    acts = [r["seq"] for r in store.search(limit=500) if r["action"] != "access.denied"]
    return portal._p_jar.db().lastTransaction(), max(acts, default=0)


ATTACKS = {
    "text-plain": {"Content-Type": "text/plain", "Origin": EVIL},
    "form": {"Content-Type": "application/x-www-form-urlencoded", "Origin": EVIL},
    "json-wrong-origin": {"Content-Type": JSON, "Origin": EVIL},
    "json-null-origin": {"Content-Type": JSON, "Origin": "null"},
    "json-wrong-referer": {"Content-Type": JSON, "Referer": EVIL + "/page"},
    "no-origin-no-referer": {"Content-Type": JSON},
    "text-plain-same-origin": {"Content-Type": "text/plain", "Origin": None},
}


def attack(session, method, url, headers, own):
    headers = dict(headers, Accept="application/json")
    if headers.get("Origin", "") is None:
        headers["Origin"] = own
    body = (
        '{"all": true}'
        if "json" in headers["Content-Type"] or "plain" in headers["Content-Type"]
        else "all=1"
    )
    return session.request(method, url, data=body.encode(), headers=headers)


@pytest.fixture
def site(demo_functional):
    portal = demo_functional["portal"]
    make_manager()
    transaction.commit()
    base = portal.absolute_url()
    return portal, base, re.match(r"https?://[^/]+", base).group(0)


def test_every_writing_service_refuses_cross_site_cookie_writes(site):
    portal, base, own = site
    services = writing_services()
    assert len(services) >= 25  # the enumeration found Ratusha's services
    cookie = browser_login(base, "webmaster")
    before = last_write(portal)
    missing = []
    for method, name, iface in services:
        url = context_url(portal, iface)
        if url is None:
            missing.append((method, name, iface.__identifier__))
            continue
        for kind, headers in ATTACKS.items():
            reply = attack(cookie, method, f"{url}/{name}", headers, own)
            assert is_refusal(reply), (method, name, kind, reply.status_code, reply.text[:300])
            assert reply.headers["Content-Type"].startswith(JSON)
            assert reply.json()["error"]["type"] == "Forbidden"
            assert reply.json()["error"]["message"]
    assert not missing, missing
    transaction.begin()
    assert last_write(portal) == before  # not one transaction, no audit record but refusals


def test_plone_restapi_own_services_are_covered_too(site):
    portal, base, own = site
    cookie = browser_login(base, "webmaster")
    before = last_write(portal)
    for kind, headers in ATTACKS.items():
        reply = attack(cookie, "POST", f"{base}/@users", headers, own)
        assert reply.status_code == 403, (kind, reply.text[:300])
    reply = attack(
        cookie, "DELETE", f"{base}/council", {"Content-Type": "text/plain", "Origin": EVIL}, own
    )
    assert reply.status_code == 403
    transaction.begin()
    assert last_write(portal) == before


def is_refusal(reply):
    """Is this our cross-site refusal (some services answer 403 for their own reasons)?"""
    from ratusha.core.csrf import MESSAGES
    from zope.i18n import translate

    if reply.status_code != 403:
        return False
    texts = {translate(m, target_language=lang) for m in MESSAGES.values() for lang in ("bg", "en")}
    return reply.json().get("error", {}).get("message") in texts | set(MESSAGES.values())


def test_same_site_json_and_header_credentials_are_not_refused(site):
    """Each service, asked the site's own way, gets past the check (its own answer may still be
    a 4xx for the empty body)."""
    portal, base, own = site
    cookie = browser_login(base, "webmaster")
    basic = requests.Session()
    basic.auth = ("webmaster", PASSWORD)
    for method, name, iface in writing_services():
        url = f"{context_url(portal, iface)}/{name}"
        for session, headers in (
            (cookie, {"Content-Type": JSON, "Origin": own}),
            (cookie, {"Content-Type": JSON, "Referer": f"{base}/some-page"}),
            (basic, {"Content-Type": "text/plain", "Origin": EVIL}),
            (basic, {"Content-Type": JSON}),
        ):
            reply = session.request(method, url, data=b"{}", headers=dict(headers, Accept=JSON))
            assert not is_refusal(reply), (method, name, headers)


def test_the_token_of_plone_protect_is_accepted(site):
    """A client that cannot send JSON from our origin may still prove itself with the token."""
    from plone.protect.authenticator import createToken

    portal, base, own = site
    cookie = browser_login(base, "webmaster")
    with api.env.adopt_user(username="webmaster"):
        token = createToken()
    transaction.commit()
    url = f"{base}/@notifications-read"
    headers = {"Accept": JSON, "Content-Type": "text/plain", "Origin": EVIL}
    assert cookie.post(url, data=b'{"all": true}', headers=headers).status_code == 403
    assert (
        cookie.post(
            url, data=b'{"all": true}', headers=dict(headers, **{"X-CSRF-TOKEN": "0" * 40})
        ).status_code
        == 403
    )
    reply = cookie.post(
        url, data=b'{"all": true}', headers=dict(headers, **{"X-CSRF-TOKEN": token})
    )
    assert reply.status_code == 200, reply.text


# --- the attacks of the report, with what they would have written ------------------------------


def notices_of(portal, user_id):
    from ratusha.notifications.storage import get_inbox

    transaction.begin()
    inbox = get_inbox(portal, user_id)
    return inbox.unread_count() if inbox is not None else 0


def test_cross_site_mark_read_is_refused_and_same_site_works(site):
    from ratusha.notifications.api import notify

    portal, base, own = site
    notify(["webmaster"], "x", "Първо")
    notify(["webmaster"], "x", "Второ")
    transaction.commit()
    cookie = browser_login(base, "webmaster")
    for headers in ATTACKS.values():
        reply = attack(cookie, "POST", f"{base}/@notifications-read", headers, own)
        assert reply.status_code == 403
        assert notices_of(portal, "webmaster") == 2
    reply = cookie.post(
        f"{base}/@notifications-read", json={"all": True}, headers={"Accept": JSON, "Origin": own}
    )
    assert reply.status_code == 200, reply.text
    assert notices_of(portal, "webmaster") == 0


def test_login_fields_in_a_cross_site_request_do_not_skip_the_check(site):
    """Another site can add __ac_name/__ac_password to its request; the cookie still signs in."""
    from ratusha.notifications.api import notify

    portal, base, own = site
    notify(["webmaster"], "x", "Първо")
    transaction.commit()
    cookie = browser_login(base, "webmaster")
    query = "__ac_name=webmaster&__ac_password=wrong"
    reply = cookie.post(
        f"{base}/@notifications-read?{query}",
        data=b'{"all": true}',
        headers={"Accept": JSON, "Content-Type": "text/plain", "Origin": EVIL},
    )
    assert is_refusal(reply), reply.text[:300]
    reply = cookie.post(
        f"{base}/@@meetings-housekeeping",
        data=query,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": EVIL},
    )
    assert reply.status_code == 403, reply.text[:300]
    assert notices_of(portal, "webmaster") == 1


def test_cross_site_feed_rotation_is_refused(site):
    portal, base, own = site
    cookie = browser_login(base, "webmaster")
    url = f"{base}/@calendar-feed"
    first = cookie.post(url, json={}, headers={"Accept": JSON, "Origin": own})
    assert first.status_code in (200, 201), first.text
    for headers in ATTACKS.values():
        assert attack(cookie, "POST", url, headers, own).status_code == 403
        assert attack(cookie, "DELETE", url, headers, own).status_code == 403
    now = cookie.get(url, headers={"Accept": JSON}).json()
    assert now == first.json() or now.get("url") == first.json().get("url")


# --- browser views that turn plone.protect off -----------------------------------------------


def test_browser_view_without_plone_protect_is_checked_before_commit(site):
    portal, base, own = site
    cookie = browser_login(base, "webmaster")
    before = last_write(portal)
    url = f"{base}/@@meetings-housekeeping"
    for origin in (EVIL, "null", None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin:
            headers["Origin"] = origin
        reply = cookie.post(url, data="x=1", headers=headers)
        assert reply.status_code == 403, reply.text[:300]
        assert reply.json()["error"]["type"] == "Forbidden"
    transaction.begin()
    assert last_write(portal) == before
    same = cookie.post(url, data="x=1", headers={"Origin": own})
    assert same.status_code == 200, same.text[:300]
    basic = requests.post(url, data="x=1", auth=("webmaster", PASSWORD), headers={"Origin": EVIL})
    assert basic.status_code == 200
