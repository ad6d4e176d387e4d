"""Every page type, for every role of the demo, reads in Bulgarian: no English leaks through.

A page fails on a Latin-script word that is neither a name nor a code of the short allow-list
below. Text is what a person (or a screen reader) meets: the body's text, the <title>, and the
title, alt, placeholder and aria-label attributes; what people typed (textareas) is theirs, and
what the page marks as code (<code>, translate="no": logins, stored audit values) is data.
"""

import lxml.html
from plone import api
import pytest
from ratusha.core.demo import CHAIR
from ratusha.core.demo import DEMO_PASSWORD
import re
import requests
import transaction


# Names and codes that stay in Latin script in a Bulgarian text.
ALLOWED = {
    "Ratusha",
    "Plone",
    "Jitsi",
    "PDF",
    "ICS",
    "CSV",
    "ODT",
    "JSON",
    "UID",
    "RSS",
    "URL",
    "SEOS",
    "English",
    "admin",
}
CODES = {
    "RRULE",
    "EXDATE",
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
}  # iCalendar's (RFC 5545), in help texts
ROMAN = re.compile(r"^[IVXLC]+$")  # УПИ IV-125, кв. XII
NOT_WORDS = re.compile(r"^(\w+://|/|www\.)|@[\w-]+\.|^[\w./-]+\.(pdf|ics|csv|odt|json|zip|md)\W*$")
LATIN = re.compile(r"[A-Za-z][A-Za-z_.'’]*[A-Za-z]|[A-Za-z]")  # codes and ids count as one
ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")

ROLES = (
    "registrar",
    "employee",
    "head.budget",
    "director.finance",
    "secretary",
    "mayor",
    "auditor",
    "council.staff",
    "itadmin",
    CHAIR,
    "councillor05",
)


def latin_words(text):
    """The Latin-script words of `text` that are not names, codes, addresses or file names."""
    found = set()
    for token in text.split():
        if NOT_WORDS.search(token):
            continue
        found.update(
            w for w in LATIN.findall(token) if w not in ALLOWED | CODES and not ROMAN.match(w)
        )
    return found


def readable(html):
    """The texts of a page a person reads or hears."""
    tree = lxml.html.fromstring(html)
    for node in tree.xpath(
        "//script|//style|//template|//noscript|//textarea|//code|//*[@translate='no']"
    ):
        node.drop_tree()
    texts = tree.xpath("//title//text()")
    for body in tree.xpath("//body"):
        texts += body.xpath(".//text()")
        texts += [v for name in ATTRIBUTES for v in body.xpath(f".//@{name}")]
        texts += body.xpath(".//input[@type='submit' or @type='button']/@value")
    return texts


def leaks(html):
    """{word: text it stands in} for every Latin word the page shows."""
    found = {}
    for text in readable(html):
        for word in latin_words(text):
            found.setdefault(word, " ".join(text.split())[:100])
    return found


@pytest.mark.parametrize(
    "text,words",
    [
        ("Писмо (PDF) от Ratusha", set()),
        ("УПИ IV-125, кв. 18", set()),
        ("ana@example.org пише на http://localhost:8080/plone/registry", set()),
        ("Trouble logging in?", {"Trouble", "logging", "in"}),
        ("Резултати от търсене на ${item}", {"item"}),
        ("Статус: DS_WAIT_REGISTRATION.", {"DS_WAIT_REGISTRATION"}),
        ("registry.register", {"registry.register"}),
        ("text/x-web-textile", {"text", "x", "web", "textile"}),
        ("Протокол.odt", set()),
        ("стъпките са в docs/jitsi.md.", set()),
    ],
)
def test_latin_words(text, words):
    assert latin_words(text) == words


def browse(base, user=None):
    session = requests.Session()
    session.headers.update({"Accept": "text/html", "Accept-Language": "bg"})
    if user:
        session.post(
            f"{base}/login",
            data={
                "__ac_name": user,
                "__ac_password": DEMO_PASSWORD,
                "buttons.login": "Вход",
                "came_from": "",
            },
        )
    return session


def first(portal_type, **query):
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type=portal_type, sort_on="id", **query
    )
    return brains[0].getURL()


def pages(portal):
    """Every page type of the product: views, add and edit forms, search, 404."""
    base = portal.absolute_url()
    session = first("Session")
    item = first("AgendaItem")
    meeting = first("Meeting")
    room = first("MeetingRoom")
    incoming, outgoing = first("IncomingDocument"), first("OutgoingDocument")
    in_approval = first("OutgoingDocument", review_state="in_approval")
    found = [
        base,
        f"{base}/@@personal-room",
        f"{base}/login",
        f"{base}/@@search?SearchableText=бюджет",
        f"{base}/no-such-page",
        f"{base}/@@audit-log",
        f"{incoming}/@@audit-history",
        f"{base}/registry",
        f"{base}/registry/incoming",
        f"{base}/registry/outgoing",
        incoming,
        outgoing,
        in_approval,
        first("InternalDocument"),
        first("CaseFile"),
        first("Resolution"),
        first("RegistryTask"),
        f"{base}/meetings",
        room,
        meeting,
        f"{meeting}/@@join",
        f"{base}/council",
        session,
        f"{session}/@@live",
        f"{session}/@@voting",
        f"{session}/@@protocol",
        item,
        first("CommitteeOpinion"),
        first("Committee"),
        first("PoliticalGroup"),
        f"{incoming}/edit",
        f"{outgoing}/edit",
        f"{session}/edit",
        f"{item}/edit",
        f"{meeting}/edit",
        f"{room}/edit",
        f"{base}/registry/incoming/++add++IncomingDocument",
        f"{base}/registry/outgoing/++add++OutgoingDocument",
        f"{base}/registry/internal/++add++InternalDocument",
        f"{base}/council/++add++Session",
        f"{session}/++add++AgendaItem",
        f"{room}/++add++Meeting",
    ]
    return found


@pytest.fixture
def site(demo_functional):
    portal = demo_functional["portal"]
    yield portal


def two_factor_off():
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    transaction.commit()


def report(found):
    return "\n".join(f"{word!r}: {where}" for word, where in sorted(found.items()))


def test_login_second_factor_and_messages_in_bulgarian(site):
    """The login form, a refused password (an error message), the welcome message and the
    second-factor page that follows a password for a role that needs it."""
    base, found = site.absolute_url(), {}
    anonymous = browse(base)
    for url in (f"{base}/login", f"{base}/no-such-page"):
        found.update({w: f"{url}: {t}" for w, t in leaks(anonymous.get(url).text).items()})
    refused = anonymous.post(
        f"{base}/login",
        data={"__ac_name": "employee", "__ac_password": "wrong", "buttons.login": "Вход"},
    )
    found.update({w: f"refused login: {t}" for w, t in leaks(refused.text).items()})
    for user in ("employee", "auditor"):  # the auditor goes on to the second factor
        reply = browse(base).post(
            f"{base}/login",
            data={"__ac_name": user, "__ac_password": DEMO_PASSWORD, "buttons.login": "Вход"},
        )
        assert reply.status_code == 200
        found.update(
            {w: f"{user} after login {reply.url}: {t}" for w, t in leaks(reply.text).items()}
        )
    assert not found, report(found)


@pytest.mark.parametrize("user", (None,) + ROLES)
def test_every_page_in_bulgarian(site, user):
    two_factor_off()
    session = browse(site.absolute_url(), user)
    found = {}
    for url in pages(site):
        reply = session.get(url)  # a refusal or an error page must read in Bulgarian too
        where = url.replace(site.absolute_url(), "") or "/"
        found.update({w: f"{where}: {t}" for w, t in leaks(reply.text).items() if w not in found})
    assert not found, report(found)
