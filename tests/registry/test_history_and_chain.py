"""The document's history names the act (as its button does) and who did it, in Sofia time;
the acts of an approver read in the first person; a draft's chain starts at the head of the
department responsible for it."""

import datetime
from plone import api
import pytest
from ratusha.interfaces import IRatushaLayer
from ratusha.registry.browser.document import DocumentView
from registry_helpers import act
from registry_helpers import outgoing
from zope.interface import alsoProvides


def view(request, user, doc):
    alsoProvides(request, IRatushaLayer)
    request["LANGUAGE"] = "bg"
    with api.env.adopt_user(user):
        return DocumentView(doc, request)


@pytest.fixture
def taxes_head(people):
    api.user.create(
        email="taxes@example.org",
        username="taxhead",
        password="secret-password-1",
        properties={"fullname": "Taxhead"},
    )
    for group in ("employees", "department-heads", "dep-taxes"):
        api.group.add_user(groupname=group, username="taxhead")
    return people


def test_history_shows_the_act_who_and_sofia_time(people, integration, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 13, 55, tzinfo=datetime.UTC))
    doc = outgoing(people, approvers=("head", "mayor"))
    act("writer", doc, "submit")
    act("head", doc, "approve", "Съгласувам.")
    act("mayor", doc, "approve_final")
    with api.env.adopt_user("mayor"):
        entries = view(integration["request"], "mayor", doc).history()
    assert [(e["act"], e["actor"], e["when"], e["comment"]) for e in entries] == [
        ("Одобрявам", "Mayor", "23.11.2026 15:55", ""),
        ("Одобрявам", "Head", "23.11.2026 15:55", "Съгласувам."),
        ("Изпрати за съгласуване", "Writer", "23.11.2026 15:55", ""),
    ]


def test_the_signatory_signs_in_the_first_person(people, integration):
    doc = outgoing(people, approvers=("mayor",))
    act("writer", doc, "submit")
    act("mayor", doc, "approve_final")
    signer = doc.effective_signatory()
    page = view(integration["request"], signer, doc)
    with api.env.adopt_user(signer):
        assert "Подписвам" in [t["title"] for t in page.document_transitions()]
    act(signer, doc, "sign")
    with api.env.adopt_user(signer):
        assert page.history()[0]["act"] == "Подписвам"


def test_draft_chain_starts_at_the_responsible_department(taxes_head):
    mine = outgoing(taxes_head, approvers=None)
    assert mine.department == "dep-budget"
    assert mine.approvers == ["head", "director", "secretary", "mayor"]
    for_taxes = outgoing(taxes_head, approvers=None, department="dep-taxes")
    assert for_taxes.approvers == ["taxhead", "director", "secretary", "mayor"]
