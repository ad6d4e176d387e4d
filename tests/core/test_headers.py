"""Security headers on every answer (pages, REST, files, errors, redirects), no X-Powered-By,
and the session cookie marked Secure when the proxy says the browser uses HTTPS."""

import pathlib
from plone import api
import pytest
from ratusha.core import headerrules
from ratusha.core.demo import DEMO_PASSWORD
from ratusha.core.headerrules import completed_headers
from ratusha.core.headerrules import content_security_policy
from ratusha.core.headerrules import served_over_https
import re
import requests
import transaction


ZOPE_INI = pathlib.Path(__file__).resolve().parents[2] / "instance" / "zope.ini.in"


def directives(policy: str) -> dict:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# -- the rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"scripts": ("https://meet.example.org",), "frames": ("https://meet.example.org",)},
        {"connects": ("http://127.0.0.1:9999",)},
    ],
)
def test_policy_never_allows_inline_or_eval_script(kwargs):
    policy = directives(content_security_policy(**kwargs))
    assert policy["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(
        policy["script-src"]
    )
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    for origin in kwargs.get("scripts", ()):
        assert origin in policy["script-src"]
    for origin in kwargs.get("frames", ()):
        assert origin in policy["frame-src"]
    for origin in kwargs.get("connects", ()):
        assert origin in policy["connect-src"]


def test_allowances_loosen_scripts_only():
    strict = directives(content_security_policy())
    loose = directives(content_security_policy(allow=("'unsafe-eval'",)))
    assert loose["script-src"] == ["'self'", "'unsafe-eval'"]
    assert {k: v for k, v in loose.items() if k != "script-src"} == {
        k: v for k, v in strict.items() if k != "script-src"
    }


INLINE, EVAL = "'unsafe-inline'", "'unsafe-eval'"


@pytest.mark.parametrize(
    "view,type_name,ours,recurrence,expected",
    [
        # Ratusha's pages: nothing, whatever their name
        ("ratusha-home", "Plone Site", True, False, ()),
        ("live", "Session", True, False, ()),
        ("ratusha-controlpanel", "Plone Site", True, False, ()),
        ("access-controlpanel", "Plone Site", True, False, ()),
        ("folder_contents", "Folder", True, False, ()),
        # Plone's pages that run without: nothing
        ("view", "Document", False, False, ()),
        ("edit", "Document", False, False, ()),
        ("++add++", "Document", False, False, ()),
        ("edit", "Meeting", False, False, ()),
        ("login", "Plone Site", False, False, ()),
        ("folder_contents_x", "Folder", False, False, ()),
        # Plone's pages that need it
        ("site-controlpanel", "Plone Site", False, False, (INLINE,)),
        ("overview-controlpanel", "Plone Site", False, False, (INLINE,)),
        ("language-controlpanel", "Plone Site", False, False, (INLINE,)),
        ("++add++", "Collection", False, False, (INLINE,)),
        ("edit", "Collection", False, False, (INLINE,)),
        ("folder_contents", "Folder", False, False, (EVAL,)),
        ("++add++", "Event", False, True, (EVAL,)),
        ("edit", "Meeting", False, True, (EVAL,)),
        # the recurrence widget on a form of Ratusha's own: eval, never inline
        ("schedule", "MeetingRoom", True, True, (EVAL,)),
    ],
)
def test_script_allowances(view, type_name, ours, recurrence, expected):
    assert headerrules.script_allowances(view, type_name, ours, recurrence) == expected


def test_policy_lists_each_source_once():
    policy = directives(content_security_policy(scripts=("https://a.test", "", "https://a.test")))
    assert policy["script-src"] == ["'self'", "https://a.test"]


TRUSTED = ["127.0.0.1", "::1", "10.0.0.0/8", "not an address"]


@pytest.mark.parametrize(
    "server_url,proto,peer,expected",
    [
        # Zope's own URL: the VirtualHostMonster rewrite /VirtualHostBase/https/host:443/...
        ("https://intranet.primerna.bg", "", "192.0.2.7", True),
        ("HTTPS://intranet.primerna.bg", "", "", True),
        ("http://intranet.primerna.bg", "", "127.0.0.1", False),
        # X-Forwarded-Proto from a trusted proxy (address or network)
        ("http://localhost:8080", "https", "127.0.0.1", True),
        ("http://localhost:8080", "HTTPS", "::1", True),
        ("http://localhost:8080", "https", "10.1.2.3", True),
        ("http://localhost:8080", "https, http", "10.1.2.3", True),
        ("http://localhost:8080", "http", "127.0.0.1", False),
        ("http://localhost:8080", "", "127.0.0.1", False),
        # ... and from anyone else it is not believed
        ("http://localhost:8080", "https", "192.0.2.7", False),
        ("http://localhost:8080", "https", "", False),
        ("http://localhost:8080", "https", "garbage", False),
        ("http://localhost:8080", "http, https", "127.0.0.1", False),
    ],
)
def test_served_over_https(server_url, proto, peer, expected):
    assert served_over_https(server_url, proto, peer, TRUSTED) is expected


@pytest.mark.parametrize("name", ["X-Powered-By", "x-powered-by", "X-POWERED-BY"])
def test_completed_headers_drop_powered_by_and_add_the_rest(name):
    result = completed_headers(
        [(name, "Zope"), ("Content-Type", "text/html")], "default-src 'self'"
    )
    names = [key.lower() for key, _value in result]
    assert "x-powered-by" not in names
    assert dict(result)["Content-Security-Policy"] == "default-src 'self'"
    for key, value in headerrules.FIXED_HEADERS.items():
        assert dict(result)[key] == value


def test_completed_headers_keep_what_a_page_set():
    page = [("content-security-policy", "script-src 'none'"), ("Referrer-Policy", "no-referrer")]
    result = completed_headers(page, "default-src 'self'")
    assert [value for key, value in result if key.lower() == "content-security-policy"] == [
        "script-src 'none'"
    ]
    assert [value for key, value in result if key.lower() == "referrer-policy"] == ["no-referrer"]


# -- the running site ---------------------------------------------------------------------


@pytest.fixture
def site(demo_functional):
    portal = demo_functional["portal"]
    return portal, portal.absolute_url()


def assert_secured(response, what):
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), what
    assert headers.get("X-Frame-Options") == "SAMEORIGIN", what
    policy = directives(headers.get("Content-Security-Policy", ""))
    assert policy.get("frame-ancestors") == ["'self'"], what
    assert "'unsafe-inline'" not in policy["script-src"], what
    assert "'unsafe-eval'" not in policy["script-src"], what


def a_file(portal):
    brains = api.content.find(context=portal, portal_type="File", review_state="published")
    return brains[0].getObject() if brains else None


def answers(base, portal):
    """(what, response) for every kind of answer the site gives."""
    employee = ("employee", DEMO_PASSWORD)
    get = requests.get
    json = {"Accept": "application/json"}
    found = a_file(portal)
    yield "front page", get(base)
    yield "login form", get(f"{base}/login")
    yield "personal room", get(base, auth=employee)
    yield "folder view", get(f"{base}/council", auth=employee)
    yield "REST GET", get(f"{base}/++api++/", auth=employee)
    yield "REST @site", get(f"{base}/@site", headers=json)
    yield (
        "REST 401",
        requests.post(
            f"{base}/@login", headers=json, json={"login": "headers.nobody", "password": "wrong"}
        ),
    )
    yield "REST 401 private", get(f"{base}/@audit", headers=json)
    yield "REST 404", get(f"{base}/++api++/no-such-thing", headers=json)
    yield "page 404", get(f"{base}/no-such-page")
    yield (
        "wrong Basic auth",
        get(f"{base}/@@overview-controlpanel", auth=("headers.nobody", "wrong")),
    )
    yield "redirect to login", get(f"{base}/@@overview-controlpanel", allow_redirects=False)
    yield "forbidden view", get(f"{base}/@@overview-controlpanel", auth=employee)
    yield "stylesheet", get(f"{base}/++plone++ratusha/ratusha.css")
    yield "script", get(f"{base}/++plone++ratusha.meetings/confirm.js")
    yield "Plone resource", get(f"{base}/++plone++static/plone-fontello.min.css")
    yield "coat of arms", get(f"{base}/@@coat-of-arms")
    if found is not None:
        yield "file download", get(f"{found.absolute_url()}/@@download/file")
        yield "file display", get(f"{found.absolute_url()}/@@display-file/file")


def test_every_kind_of_answer_carries_the_headers(site):
    portal, base = site
    seen = set()
    for what, response in answers(base, portal):
        seen.add(response.status_code)
        if what == "coat of arms":  # an SVG keeps its own stricter policy
            assert response.headers["Content-Security-Policy"].startswith("script-src 'none'")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            continue
        assert_secured(response, what)
    assert {200, 302, 401, 404} <= seen


def test_video_pages_allow_only_the_configured_jitsi(site, monkeypatch):
    portal, base = site
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", "a-jitsi-secret-of-more-than-32-bytes-for-tests")
    from ratusha.meetings.jitsi import content_security_policy as jitsi_policy
    from ratusha.meetings.settings import PREFIX

    api.portal.set_registry_record(f"{PREFIX}.domain", "meet.primerna.test")
    policy = directives(jitsi_policy())
    assert policy["frame-src"] == ["'self'", "https://meet.primerna.test"]
    assert "https://meet.primerna.test" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]


# -- the production pipeline (instance/zope.ini.in) ---------------------------------------


@pytest.fixture
def production_server(demo_functional):
    """The test site served through the filters of instance/zope.ini.in, as `make run` does."""
    from paste.deploy.loadwsgi import APP
    from paste.deploy.loadwsgi import loadcontext
    from webtest.http import StopableWSGIServer
    from ZPublisher.WSGIPublisher import publish_module

    ini = ZOPE_INI.read_text(encoding="utf-8")
    context = loadcontext(
        APP, "config:" + str(ZOPE_INI), name="main", global_conf={"here": str(ZOPE_INI.parent)}
    )
    assert "use = call:ratusha.core.headers:filter_factory" in ini
    app = publish_module  # stands in for the [app:zope] section, which would start Zope again
    for filter_context in reversed(context.filter_contexts):
        app = filter_context.create()(app)
    server = StopableWSGIServer.create(app, clear_untrusted_proxy_headers=False)
    portal_path = "/".join(demo_functional["portal"].getPhysicalPath())
    yield f"http://127.0.0.1:{server.effective_port}{portal_path}"
    server.shutdown()


def test_no_powered_by_through_the_production_pipeline(production_server, demo_functional):
    base = production_server
    portal = demo_functional["portal"]
    responses = list(answers(base, portal))
    assert len(responses) > 10
    for what, response in responses:
        assert "X-Powered-By" not in response.headers, what
        assert response.headers.get("X-Content-Type-Options") == "nosniff", what


def test_the_test_server_itself_still_says_powered_by(site):
    """Proves the production test above is needed: Zope adds the header after every hook."""
    portal, base = site
    assert "X-Powered-By" in requests.get(f"{base}/++plone++ratusha/ratusha.css").headers


# -- the session cookie -------------------------------------------------------------------


def log_in(url, **headers):
    """The login form as a browser sends it; the Set-Cookie header of the __ac cookie."""
    session = requests.Session()
    form = session.get(url, headers=headers)
    assert form.status_code == 200, form.text[:500]
    reply = session.post(
        url,
        headers=dict(headers, Referer=url),
        allow_redirects=False,
        data={
            "__ac_name": "employee",
            "__ac_password": DEMO_PASSWORD,
            "buttons.login": "Log in",
            "came_from": "",
        },
    )
    cookies = [value for key, value in reply.raw.headers.items() if key.lower() == "set-cookie"]
    session_cookie = [c for c in cookies if c.startswith("__ac=")]
    assert session_cookie, (reply.status_code, cookies, reply.text[:500])
    return session_cookie[0]


def secure(set_cookie: str) -> bool:
    return bool(re.search(r";\s*secure\b", set_cookie, re.IGNORECASE))


def vhm_https(base):
    host, path = re.match(r"https?://([^/]+)(/.*)", base).groups()
    host_name, _sep, port = host.partition(":")
    return f"http://{host}/VirtualHostBase/https/{host_name}:443{path}/VirtualHostRoot/login"


def test_session_cookie_is_not_secure_over_plain_http(site):
    _portal, base = site
    assert not secure(log_in(f"{base}/login"))


def test_session_cookie_is_secure_behind_an_https_virtual_host(site, demo_functional):
    _portal, base = site
    app = demo_functional["app"]
    if "virtual_hosting" not in app.objectIds():  # a real Zope root has one from the start
        from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster

        manage_addVirtualHostMonster(app)
        transaction.commit()
    assert secure(log_in(vhm_https(base)))


def test_session_cookie_is_secure_when_a_trusted_proxy_says_https(site, monkeypatch):
    _portal, base = site
    monkeypatch.setenv("RATUSHA_TRUSTED_PROXIES", "127.0.0.0/8,::1")
    assert secure(log_in(f"{base}/login", **{"X-Forwarded-Proto": "https"}))


def test_forwarded_proto_from_anyone_else_is_ignored(site, monkeypatch):
    _portal, base = site
    monkeypatch.setenv("RATUSHA_TRUSTED_PROXIES", "10.20.30.40")
    assert not secure(log_in(f"{base}/login", **{"X-Forwarded-Proto": "https"}))


def test_streamed_answers_get_the_headers_too(portal):
    """A file sent in chunks (response.write) is announced by IPubBeforeStreaming only."""
    from zope.globalrequest import setRequest
    from ZPublisher.HTTPResponse import WSGIResponse

    request = portal.REQUEST
    setRequest(request)
    response = WSGIResponse()
    response.setHeader("Content-Type", "application/octet-stream")
    response.write(b"first chunk")
    for key, value in headerrules.FIXED_HEADERS.items():
        assert response.getHeader(key) == value
    assert "frame-ancestors 'self'" in response.getHeader("Content-Security-Policy")
