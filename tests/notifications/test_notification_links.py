"""Stored links never become script: announcements, recordings and live streams take http(s)
addresses (and notices also paths of the site), checked when stored and again when shown."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.core.links import safe_link
from ratusha.notifications.api import notify
from ratusha.notifications.api import serialize
from ratusha.notifications.storage import get_inbox
from ratusha.notifications.storage import Notice
import re
import transaction
from zope.schema import ValidationError


SAFE = [
    "https://example.org",
    "http://example.org/path?q=1#frag",
    "HTTPS://Example.org/x",
    "https://user@example.org:8443/x",
    "/registry/94-00-12",
    "/",
    "/a/javascript:alert(1)",  # a path on the site, whatever its letters
]

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript\x00:alert(1)",
    "\u200bjavascript:alert(1)",
    "\ufeffjavascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org",
    "mailto:a@example.org",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:\\\\evil.example",
    "http:evil.example",
    "https:/evil.example",
    "https://",
    "https://exa mple.org",
    "https://example.org:port",
    "https://example.org/\n",
    "ｊavascript:alert(1)",
    "registry/doc",  # relative: where it leads depends on the page
    "?x=1",
    "#top",
    "",
    None,
    5,
    ["https://example.org"],
    "https://example.org/" + "x" * 2000,
]


@pytest.mark.parametrize("url", SAFE)
def test_safe_links_are_kept(url):
    assert safe_link(url) == url


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_links_are_refused(url):
    assert safe_link(url) is None


@pytest.mark.parametrize("url", ["/registry/x", "/"])
def test_site_paths_only_where_allowed(url):
    assert safe_link(url, site_paths=False) is None


@pytest.mark.parametrize("url", [u for u in UNSAFE if isinstance(u, str) and u])
def test_rest_refuses_unsafe_notice_links(functional, api_session, url):
    portal = functional["portal"]
    api.user.create(email="ana@example.org", username="ana", password="secret-pw-1")
    transaction.commit()
    reply = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD).post(
        f"{portal.absolute_url()}/@notifications",
        json={"recipients": ["ana"], "subject": "Оперативка", "url": url},
    )
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]["message"]
    transaction.begin()
    assert get_inbox(portal, "ana") is None


def test_rest_accepts_safe_links_and_a_site_address_is_stored_as_a_path(functional, api_session):
    portal = functional["portal"]
    api.user.create(email="ana@example.org", username="ana", password="secret-pw-1")
    transaction.commit()
    session = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    base = portal.absolute_url()
    for url in ("https://example.org/x", "/registry/1", f"{base}/doc", f"{base}//evil.example"):
        reply = session.post(
            f"{base}/@notifications", json={"recipients": ["ana"], "subject": "x", "url": url}
        )
        assert reply.status_code == 201, (url, reply.text)
    transaction.begin()
    stored = sorted(n.url for n in get_inbox(portal, "ana").notices())
    assert stored == sorted(
        ["https://example.org/x", "/registry/1", "/doc", f"{base}//evil.example"]
    )


def test_notify_refuses_unsafe_links(portal):
    api.user.create(email="ana@example.org", username="ana", password="secret-pw-1")
    with pytest.raises(ValueError):
        notify(["ana"], "x", "Тема", url="javascript:alert(1)")
    assert get_inbox(portal, "ana") is None


def test_stored_unsafe_links_are_not_rendered(portal):
    """Notices stored before the check: the panel shows no link, REST gives an empty url."""
    from ratusha.notifications.panel import NotificationsPanel

    api.user.create(email="ana@example.org", username="ana", password="secret-pw-1")
    inbox = get_inbox(portal, "ana", create=True)
    for url in (
        "javascript:alert(1)",
        "\tjavascript:alert(2)",
        "data:text/html,x",
        "//evil.example",
    ):
        inbox.add(Notice("announcement", "Лоша", url=url))
    inbox.add(Notice("announcement", "Добра", url="/registry/1"))
    with api.env.adopt_user(username="ana"):
        html = NotificationsPanel(portal, portal.REQUEST).render()
        items = [serialize(n) for n in inbox.notices()]
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert f"{portal.absolute_url()}/registry/1" in hrefs
    assert all(h.startswith(portal.absolute_url() + "/") for h in hrefs), hrefs
    assert html.count('class="ratusha-notice-subject"') == 1
    assert sorted(i["url"] for i in items) == [
        "",
        "",
        "",
        "",
        f"{portal.absolute_url()}/registry/1",
    ]


# --- the other stored links of the product -------------------------------------------------


def url_fields():
    from ratusha.council.schemas import ISessionSchema
    from ratusha.meetings.interfaces import IMeetingSchema

    return [IMeetingSchema["recording_url"], ISessionSchema["livestream_url"]]


@pytest.mark.parametrize(
    "url",
    [u for u in UNSAFE if isinstance(u, str) and u and ":" in u and not u.startswith(("/", "\\"))],
)
def test_link_fields_refuse_unsafe_addresses(url):
    for field in url_fields():
        with pytest.raises(ValidationError):
            field.validate(url)


@pytest.mark.parametrize("url", [u for u in SAFE if not u.startswith("/")])
def test_link_fields_accept_web_addresses(url):
    for field in url_fields():
        field.validate(url)


def test_every_uri_field_of_the_product_is_checked():
    """Any schema.URI added later must carry the same constraint."""
    import importlib
    import pathlib
    import ratusha
    from ratusha.core.linkfields import web_link
    from zope.interface.interface import InterfaceClass
    from zope.schema import URI

    root = pathlib.Path(ratusha.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        text = path.read_text()
        if "schema.URI(" not in text and " URI(" not in text:
            continue
        module = importlib.import_module(
            "ratusha." + ".".join(path.relative_to(root).with_suffix("").parts)
        )
        for value in vars(module).values():
            if isinstance(value, InterfaceClass):
                for name in value.names():
                    field = value[name]
                    if isinstance(field, URI):
                        found.append((value.__name__, name, field.constraint is web_link))
    assert len(found) >= 2
    assert all(ok for _, _, ok in found), found


def test_templates_check_stored_links_again(portal):
    view = portal.restrictedTraverse("@@safe-link")
    assert view("javascript:alert(1)") == ""
    assert view("\tjavascript:alert(1)") == ""
    assert view("https://stream.example/x") == "https://stream.example/x"
    assert view("/registry") == ""
    assert view("/registry", site_paths=True) == "/registry"
