"""Special categories of personal data (GDPR Art. 9): a marked document's free text is kept only
encrypted, out of the catalog, the audit trail and what a colleague is shown; those allowed to
see personal data read it on the page and in REST."""

from Acquisition import aq_base
from encryption_helpers import letter
from encryption_helpers import make_people
from encryption_helpers import PASSWORD
import json
from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.interfaces import ISerializeToJsonSummary
import pytest
from ratusha.privacy.encryption import api as encryption
from ratusha.registry import actions
from ratusha.registry.special import implied
from ratusha.registry.special import SETTING
import requests
import transaction
from ZODB.serialize import ObjectWriter
from zope.component import getMultiAdapter
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


BODY = "Диагноза: захарен диабет тип 1, нужда от социална помощ."
RECIPIENTS = "Иван Иванов, ул. „Роза“ 1"
WORDS = ("диабет", "захарен", "Роза")
COLLEAGUE = "Editor"  # sees and edits the draft, may not read personal data


@pytest.mark.parametrize(
    "portal_type, kind, listed, expected",
    [
        ("IncomingDocument", "application", ["incoming.application"], True),
        ("IncomingDocument", "complaint", ["incoming.application"], False),
        ("OutgoingDocument", "application", ["incoming.application"], False),
        ("OutgoingDocument", "letter", ["outgoing.letter", "internal.report"], True),
        ("InternalDocument", "report", ["internal.report"], True),
        ("InternalDocument", None, ["internal.report"], False),
        ("CaseFile", "file", ["case.file"], False),
        ("IncomingDocument", "application", [], False),
        ("IncomingDocument", "application", None, False),
    ],
)
def test_which_kinds_imply_special_categories(portal_type, kind, listed, expected):
    assert implied(portal_type, kind, listed) is expected


@pytest.fixture
def site(portal, tmp_path, monkeypatch):
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(tmp_path / "keys"))
    make_people()
    return portal


def answer(portal, special=True):
    """An outgoing answer both people of these tests see: the clerk may read personal data,
    the colleague of the department may not."""
    with api.env.adopt_user("cipherclerk"):
        doc = api.content.create(
            container=portal.registry.outgoing,
            type="OutgoingDocument",
            id=actions.new_id("OutgoingDocument"),
            title="Отговор на молба",
            kind="answer",
            department="dep-p1",
            special_categories=special,
            recipients=RECIPIENTS,
            body=BODY,
        )
    for user_id in ("cipherclerk", "cipherpeer"):
        api.user.grant_roles(username=user_id, obj=doc, roles=[COLLEAGUE])
    return doc


def state_of(doc):
    return repr(aq_base(doc).__getstate__())


def catalog_data(doc):
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog.unrestrictedSearchResults(UID=doc.UID())
    rid = brain.getRID()
    return brain, repr(catalog.getIndexDataForRID(rid)) + repr(catalog.getMetadataForRID(rid))


def rest(user, doc):
    with api.env.adopt_user(user):
        return getMultiAdapter((doc, doc.REQUEST), ISerializeToJson)()


def page(user, doc):
    with api.env.adopt_user(user):
        return api.content.get_view("document-view", doc, doc.REQUEST)()


def stored_pickle(doc) -> bytes:
    """The bytes the database would store for the document."""
    return ObjectWriter(aq_base(doc)).serialize(aq_base(doc))


def test_a_marked_document_keeps_its_text_only_encrypted(site):
    doc = answer(site)
    state = state_of(doc)
    assert not any(word in state for word in WORDS)
    assert not any(word.encode() in stored_pickle(doc) for word in WORDS)
    assert encryption.decrypt_text(aq_base(doc).__dict__["_body_token"]) == BODY
    assert (doc.body, doc.recipients) == (BODY, RECIPIENTS)


def test_a_marked_document_stays_out_of_the_catalog(site):
    doc = answer(site)
    doc.description = "Молба на лице с диабет"
    doc.reindexObject()
    brain, data = catalog_data(doc)
    assert not any(word in data for word in WORDS)
    assert brain.Description == "" and "Отговор" in brain.Title
    with api.env.adopt_user("cipherclerk"):
        assert len(api.content.find(SearchableText="диабет")) == 0
        [found] = api.content.find(SearchableText="Отговор", UID=doc.UID())
        summary = getMultiAdapter((found, doc.REQUEST), ISerializeToJsonSummary)()
    assert summary["description"] == "" and not any(w in repr(summary) for w in WORDS)


def test_a_colleague_sees_the_subject_not_the_text(site):
    doc = answer(site)
    data = rest("cipherpeer", doc)
    assert data["title"] == "Отговор на молба"
    assert data["body"] is None and data["recipients"] is None
    assert "special_categories" not in data
    assert not any(word in json.dumps(data, ensure_ascii=False) for word in WORDS)
    html = page("cipherpeer", doc)
    assert "Отговор на молба" in html and not any(word in html for word in WORDS)


def test_an_allowed_clerk_reads_the_text(site):
    doc = answer(site)
    data = rest("cipherclerk", doc)
    assert (data["body"], data["recipients"], data["special_categories"]) == (
        BODY,
        RECIPIENTS,
        True,
    )
    html = page("cipherclerk", doc)
    assert "захарен диабет" in html and "Роза" in html


def test_an_unmarked_document_is_as_before(site):
    doc = answer(site, special=False)
    assert "_body_token" not in aq_base(doc).__dict__ and BODY in state_of(doc)
    assert "диабет".encode() in stored_pickle(doc)  # the check above would see it
    assert "диабет" in catalog_data(doc)[1]
    assert rest("cipherpeer", doc)["body"] == BODY


def test_unmarking_and_marking_store_the_text_again(site):
    doc = answer(site)
    doc.special_categories = False
    notify(ObjectModifiedEvent(doc))
    assert BODY in state_of(doc) and not aq_base(doc).__dict__.get("_body_token")
    assert "диабет" in catalog_data(doc)[1]
    assert rest("cipherpeer", doc)["body"] == BODY
    doc.special_categories = True
    notify(ObjectModifiedEvent(doc))
    assert not any(word in state_of(doc) for word in WORDS)
    assert not any(word in catalog_data(doc)[1] for word in WORDS)
    assert doc.body == BODY and rest("cipherpeer", doc)["body"] is None


def test_the_kind_setting_marks_new_documents(site):
    api.portal.set_registry_record(SETTING, ["incoming.application"])
    marked = letter(site)  # an application
    assert marked.special_categories is True
    marked.description = BODY
    assert BODY not in state_of(marked) and marked.description == BODY
    api.portal.set_registry_record(SETTING, [])
    assert letter(site).special_categories is False


def test_nothing_of_the_text_reaches_the_audit_trail(site, audit_log):
    doc = answer(site)
    doc.body = BODY + " Допълнено."
    notify(ObjectModifiedEvent(doc))
    page("cipherclerk", doc)
    rest("cipherclerk", doc)
    trail = json.dumps(audit_log.new(), default=str, ensure_ascii=False)
    assert not any(word in trail for word in WORDS)


@pytest.fixture
def served(functional, tmp_path, monkeypatch):
    """Over HTTP: the clerk writes a marked answer through REST; the colleague may read it."""
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(tmp_path / "keys"))
    make_people()
    transaction.commit()
    portal = functional["portal"]
    reply = requests_as("cipherclerk").post(
        f"{portal.absolute_url()}/registry/outgoing",
        json={
            "@type": "OutgoingDocument",
            "title": "Отговор на молба",
            "approvers": ["cipherclerk"],
            "kind": "answer",
            "department": "dep-p1",
            "special_categories": True,
            "recipients": RECIPIENTS,
            "body": BODY,
        },
    )
    assert reply.status_code == 201, reply.text
    url = reply.json()["@id"]
    transaction.begin()
    doc = portal.registry.outgoing[url.rsplit("/", 1)[1]]
    api.user.grant_roles(username="cipherpeer", obj=doc, roles=[COLLEAGUE])
    doc.reindexObjectSecurity()
    transaction.commit()
    return portal, url


def requests_as(user):
    session = requests.Session()
    session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
    session.auth = (user, PASSWORD)
    return session


def test_over_http_a_colleague_gets_the_subject_only(served):
    portal, url = served
    peer = requests_as("cipherpeer")
    data = peer.get(url)
    assert data.status_code == 200 and data.json()["title"] == "Отговор на молба"
    assert data.json()["body"] is None and not any(w in data.text for w in WORDS)
    for query in (
        {"portal_type": "OutgoingDocument", "fullobjects": 1},
        {"portal_type": "OutgoingDocument", "metadata_fields": "_all"},
        {"SearchableText": "Отговор"},
    ):
        found = peer.get(f"{portal.absolute_url()}/@search", params=query)
        assert found.status_code == 200 and found.json()["items_total"] == 1, query
        assert not any(w in found.text for w in WORDS), query
    nothing = peer.get(f"{portal.absolute_url()}/@search", params={"SearchableText": "диабет"})
    assert nothing.json()["items_total"] == 0
    page = peer.get(url, headers={"Accept": "text/html"})
    assert page.status_code == 200 and not any(w in page.text for w in WORDS)


def test_over_http_the_clerk_reads_and_unmarks(served):
    portal, url = served
    clerk = requests_as("cipherclerk")
    assert clerk.get(url).json()["body"] == BODY
    assert "захарен диабет" in clerk.get(url, headers={"Accept": "text/html"}).text
    assert clerk.patch(url, json={"special_categories": False}).status_code == 204
    assert requests_as("cipherpeer").get(url).json()["body"] == BODY
    found = clerk.get(f"{portal.absolute_url()}/@search", params={"SearchableText": "диабет"})
    assert found.json()["items_total"] == 1


def test_the_edit_form_hides_the_text_from_a_colleague(site):
    doc = answer(site)
    with api.env.adopt_user("cipherpeer"):
        form = api.content.get_view("edit", doc, doc.REQUEST)()
    assert "Отговор на молба" in form and not any(word in form for word in WORDS)


def test_the_edit_form_shows_the_text_to_the_clerk(site):
    doc = answer(site)
    with api.env.adopt_user("cipherclerk"):
        form = api.content.get_view("edit", doc, doc.REQUEST)()
    assert "захарен диабет" in form and "Роза" in form


def test_the_pdf_letter_has_the_text_for_the_clerk_only(site, monkeypatch):
    doc = answer(site)
    letters = []
    monkeypatch.setattr(
        "ratusha.registry.pdf.render_letter", lambda letter, language: letters.append(letter)
    )
    for user_id in ("cipherpeer", "cipherclerk"):
        with api.env.adopt_user(user_id):
            api.content.get_view("letter.pdf", doc, doc.REQUEST)()
    assert [(letter["body"], letter["recipients"]) for letter in letters] == [
        (None, None),
        (BODY, RECIPIENTS),
    ]
    assert letters[0]["subject"] == "Отговор на молба"
