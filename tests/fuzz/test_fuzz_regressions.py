"""Each HTTP 500 the fuzzer found, replayed as a fixed case: a 4xx with a message, nothing written.

The harness (test_fuzz_endpoints.py) finds them again in other forms; these pin the reports of
issue 13 and the variants found while fixing them.
"""

from fuzz_harness import registry_numbers
from fuzz_harness import tokens
import json
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import requests
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
DEEP = b"[" * 5000 + b"]" * 5000
HUGE_TITLE = json.dumps({"title": "Ж" * 1_000_000}).encode()


def first(portal_type=None, provides=None):
    query = {"portal_type": portal_type} if portal_type else {"object_provides": provides}
    return api.content.find(unrestricted=True, sort_on="path", **query)[0].getURL()


def message(reply):
    data = reply.json()
    text = data.get("error", data).get("message")
    assert isinstance(text, str) and text.strip(), reply.text
    return text


def refused(reply, status=400):
    assert reply.status_code == status, (reply.status_code, reply.text[:500])
    return message(reply)


@pytest.fixture
def site(fuzzer):
    return fuzzer.portal.absolute_url()


@pytest.mark.parametrize(
    "path, method, body",
    [
        ("@registry-register", "POST", DEEP),
        ("@one-to-one", "POST", DEEP),
        ("@controlpanels/ratusha-ldap", "PATCH", DEEP),
        ("@login", "POST", DEEP),  # before PAS reads credentials
        ("@controlpanels/ratusha-ldap", "PATCH", b"[]"),  # not an object
        ("@controlpanels/ratusha-ldap", "PATCH", b'"text"'),
        ("@controlpanels/ratusha-ldap", "PATCH", b"{"),
        ("@registry-register", "POST", b'{"register": "incoming", "title": "\\ud800"}'),
        ("@registry-register", "POST", b'{"register": "incoming", "title": "\xed\xa0\x80"}'),
        ("@registry-register", "POST", HUGE_TITLE),
        ("@one-to-one", "POST", b'{"participant": "\\udfff"}'),
    ],
)
def test_bodies_that_crashed_are_refused(site, path, method, body):
    before = registry_numbers()
    reply = requests.request(method, f"{site}/{path}", data=body, headers=JSON, auth=ADMIN)
    assert reply.status_code in (400, 413), (reply.status_code, reply.text[:300])
    message(reply)
    assert registry_numbers() == before


def test_a_megabyte_title_is_refused_everywhere(site, fuzzer):
    doc = first(portal_type="IncomingDocument").replace(site, f"{site}/++api++")
    reply = requests.patch(doc, data=HUGE_TITLE, headers=JSON, auth=ADMIN)
    assert "1000" in refused(reply)
    counter = requests.post(
        f"{site}/@registry-register",
        headers=JSON,
        auth=("registrar", DEMO_PASSWORD),
        json={"register": "incoming", "title": "x" * 1001},
    )
    assert "1000" in refused(counter)
    ok = requests.patch(doc, json={"title": "Писмо"}, headers=JSON, auth=ADMIN)
    assert ok.status_code == 204


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_api_objects_without_an_accept_header(site, method):
    """`++api++` is JSON whatever the Accept header: this went through Zope's WebDAV path."""
    doc = first(portal_type="Council").replace(site, f"{site}/++api++")
    headers = {"Content-Type": "application/json"}
    body = '{"description": "Общински съвет"}'.encode() if method == "PATCH" else None
    anonymous = requests.request(method, doc, data=body, headers=headers)
    assert anonymous.status_code == 401, anonymous.text[:300]
    message(anonymous)
    wrong = requests.request(method, doc, data=b"[]", headers=headers, auth=ADMIN)
    assert wrong.status_code == 400 if method == "PATCH" else wrong.status_code < 500
    if method == "PATCH":
        assert requests.patch(doc, data=body, headers=headers, auth=ADMIN).status_code == 204


@pytest.mark.parametrize(
    "query",
    [
        "day:int=x",
        "day:date=not-a-date",
        "day:float=1e",
        "b_start:int=-1.5e16",
    ],
)
def test_form_converters_refuse_with_400(site, query):
    reply = requests.get(
        f"{site}/@worklist?{query}", headers=JSON, auth=("registrar", DEMO_PASSWORD)
    )
    refused(reply)
    page = requests.get(f"{site}/@@personal-room?{query}", auth=("registrar", DEMO_PASSWORD))
    assert page.status_code == 400 and page.text.strip()


@pytest.mark.parametrize(
    "query",
    ["came_from:list=a", "came_from=a&came_from=b", "came_from=%ED%A0%80", "came_from=a%ED%B0%80b"],
)
def test_login_challenge_with_a_repeated_came_from(site, query):
    reply = requests.get(f"{site}/@@registry-reminders?{query}", allow_redirects=False)
    assert reply.status_code < 500


@pytest.mark.parametrize(
    "field, value",
    [
        ("ground", []),
        ("ground", {"a": 1}),
        ("ground", ["emergency"]),
    ],
)
def test_remote_basis_wants_a_ground_as_text(site, field, value):
    session = first(provides="ratusha.council.interfaces.ISession")
    reply = requests.post(
        f"{session}/@remote-basis",
        headers=JSON,
        auth=("council.staff", DEMO_PASSWORD),
        json={
            "ground": "emergency",
            "act": "Заповед",
            "number": "1",
            "date": "2026-01-05",
            field: value,
        },
    )
    refused(reply)


@pytest.mark.parametrize("value", [[], ["a", "b"], 5, {"uid": "x"}])
def test_agenda_from_document_wants_a_uid(site, value):
    session = first(provides="ratusha.council.interfaces.ISession")
    reply = requests.post(
        f"{session}/@agenda-from-document",
        headers=JSON,
        auth=("council.staff", DEMO_PASSWORD),
        json={"document": value},
    )
    refused(reply)


@pytest.mark.parametrize(
    "query", ["day:list=2026-01-05", "day=2026-01-05&day=2026-01-06", "day:int=5", "day=%ED%A0%80"]
)
def test_registry_reminders_wants_one_day(site, query):
    reply = requests.get(f"{site}/@@registry-reminders?{query}", auth=ADMIN)
    assert reply.status_code == 400, reply.text[:300]
    assert json.loads(reply.text)["error"]["message"]


def test_refused_bodies_write_nothing(site, fuzzer):
    """No transaction is committed and no number taken by a refused registration."""
    db = fuzzer.db
    transaction.commit()
    before = (db.lastTransaction(), registry_numbers())
    for body in (DEEP, b"[]", b'{"register": "incoming", "title": "\\ud800"}', HUGE_TITLE):
        requests.post(
            f"{site}/@registry-register", data=body, headers=JSON, auth=("registrar", DEMO_PASSWORD)
        )
    assert (db.lastTransaction(), registry_numbers()) == before


@pytest.mark.parametrize("name, limit", [("title", 1000), ("description", 10_000)])
def test_classic_forms_limit_title_and_description(fuzzer, name, limit):
    """The edit and add forms of every type with plone.basic refuse a megabyte title too."""
    from plone.app.dexterity.behaviors.metadata import IBasic
    from z3c.form.interfaces import IValidator
    from zope.component import getMultiAdapter
    from zope.schema.interfaces import TooLong

    portal = fuzzer.portal
    check = getMultiAdapter((portal, portal.REQUEST, None, IBasic[name], None), IValidator)
    check.validate("Ж" * limit)
    with pytest.raises(TooLong):
        check.validate("Ж" * (limit + 1))


@pytest.mark.parametrize(
    "form",
    [
        "participant:list=employee&participant:list=mayor",
        "participant:record=x",
        "minutes:list=5&minutes:list=6&participant=employee",
        "minutes:record=x&participant=employee",
    ],
)
def test_call_colleague_form_with_lists_and_records(site, fuzzer, form):
    room = first(provides="ratusha.meetings.interfaces.IMeetingRoom")
    reply = requests.post(
        f"{room}/@@call-colleague",
        allow_redirects=False,
        data=f"{form}&_authenticator={tokens()['itadmin']}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=("itadmin", DEMO_PASSWORD),
    )
    assert reply.status_code in (302, 303), (reply.status_code, reply.text[:300])
