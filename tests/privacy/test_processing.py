"""The record of processing activities in Plone: found in the code, kept current, the DPO's
texts, the page, GET @records-of-processing and the PDF, and nobody else sees them."""

from plone import api
from plone.autoform.interfaces import IFormFieldProvider
from plone.behavior.interfaces import IBehavior
from plone.behavior.registration import BehaviorRegistration
from plone.supermodel import model
import pytest
from ratusha.core.rest import InputError
from ratusha.privacy.interfaces import personal_data
from ratusha.privacy.interfaces import SPECIAL
from ratusha.privacy.processing.fields import content_fields
from ratusha.privacy.processing.record import build
from ratusha.privacy.processing.record import write_texts
import re
import shutil
import subprocess
import transaction
from urllib.parse import urlencode
from zope import schema
from zope.component import getGlobalSiteManager
from zope.interface import provider


PASSWORD = "secret-password-1"


def people():
    # about the record of processing; two-factor login is tested in tests/access
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    for user_id, group in (("officer", "data-protection"), ("worker", "employees")):
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        api.group.add_user(groupname=group, username=user_id)


def activity(record, activity_id):
    [found] = [a for a in record["activities"] if a["id"] == activity_id]
    return found


# (type, field, kind, protections) the code marks today: the registry's guarded personal
# fields (the ЕГН and address encrypted) and the fields that name people's accounts
@pytest.mark.parametrize(
    "portal_type, field, kind, protections",
    [
        (
            "IncomingDocument",
            "sender_personal_number",
            "national_id",
            ["encrypted", "guarded", "audited"],
        ),
        ("IncomingDocument", "sender_address", "ordinary", ["encrypted", "guarded", "audited"]),
        ("IncomingDocument", "sender_email", "ordinary", ["guarded", "audited"]),
        ("IncomingDocument", "attention_to", "reference", ["audited"]),
        ("Resolution", "assignees", "reference", []),
        ("Meeting", "participants", "reference", []),
        ("Council", "councillors", "reference", []),
        ("Committee", "members", "reference", []),
    ],
)
def test_personal_fields_are_found_in_the_code(portal, portal_type, field, kind, protections):
    found = {(f["type"], f["field"]): f for f in content_fields()}
    assert found[(portal_type, field)]["kind"] == kind
    assert found[(portal_type, field)]["protections"] == protections


@provider(IFormFieldProvider)
class IHealthNotes(model.Schema):
    """A behavior a later version might add: notes on a social or health matter."""

    personal_data(health_notes=SPECIAL)
    health_notes = schema.Text(title="Health notes", required=False)


def test_a_new_personal_field_appears_in_the_record(functional):
    """The record stays current: a behavior with a marked field, added to a type, is listed."""
    portal = functional["portal"]
    request = portal.REQUEST
    before = activity(build(portal, request), "registry")["personal_fields"]
    assert "health_notes" not in {f["field"] for f in before}
    registration = BehaviorRegistration(
        "Health notes", "", IHealthNotes, None, None, name="test.health_notes"
    )
    manager = getGlobalSiteManager()
    manager.registerUtility(registration, IBehavior, name="test.health_notes")
    manager.registerUtility(registration, IBehavior, name=IHealthNotes.__identifier__)
    fti = api.portal.get_tool("portal_types")["IncomingDocument"]
    behaviors = fti.behaviors
    try:
        fti.behaviors = (*behaviors, "test.health_notes")
        transaction.commit()  # as the types control panel would: the schema cache follows
        after = activity(build(portal, request), "registry")["personal_fields"]
        [notes] = [f for f in after if f["field"] == "health_notes"]
        assert notes["type"] == "IncomingDocument" and notes["kind"] == "special"
        assert len(after) == len(before) + 1
    finally:
        fti.behaviors = behaviors
        transaction.commit()
        manager.unregisterUtility(registration, IBehavior, name="test.health_notes")
        manager.unregisterUtility(registration, IBehavior, name=IHealthNotes.__identifier__)


def test_the_record_in_bulgarian_and_english(portal):
    request = portal.REQUEST
    record = build(portal, request)
    assert record["language"] == "bg"
    registry = activity(record, "registry")
    assert registry["title"].startswith("Деловодство")
    assert "АПК" in registry["texts"]["legal_basis"]
    assert record["labels"]["purpose"] == "Цел"
    assert {f["kind_title"] for f in registry["personal_fields"]} >= {"Лично число (ЕГН/ЛНЧ)"}
    assert {f["type_title"] for f in registry["personal_fields"]} >= {"Входящ документ"}
    assert record["generated"].endswith(("+02:00", "+03:00"))  # Sofia time


def test_the_dpo_rewrites_a_text_and_the_default_comes_back(portal):
    request = portal.REQUEST
    assert write_texts("audit", {"retention": "Пет години."}, request) == ["retention"]
    record = build(portal, request)
    assert activity(record, "audit")["texts"]["retention"] == "Пет години."
    assert activity(record, "audit")["edited"] == ["retention"]
    # the field lists are regenerated, the texts stay
    assert activity(record, "registry")["personal_fields"]
    default = activity(record, "lockouts")["texts"]["purpose"]
    assert write_texts("lockouts", {"purpose": default}, request) == []  # unchanged: not stored
    assert write_texts("audit", {"retention": ""}, request) == ["retention"]
    assert api.portal.get_registry_record("ratusha.privacy.processing_texts") == {}


@pytest.mark.parametrize(
    "activity_id, texts, message",
    [
        ("nothing", {"purpose": "x"}, "error_ropa_activity"),
        ("audit", {"rationale": "x"}, "error_ropa_text"),
        ("audit", {"purpose": "x" * 4001}, "error_ropa_long"),
    ],
)
def test_bad_texts_are_refused(portal, activity_id, texts, message):
    with pytest.raises(InputError) as refused:
        write_texts(activity_id, texts, portal.REQUEST)
    assert refused.value.message == message and refused.value.status == 400


def test_rest_for_the_dpo_only(functional, api_session):
    portal = functional["portal"]
    people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@records-of-processing"
    assert api_session().get(url).status_code == 401
    refused = api_session("worker", PASSWORD).get(url)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "Forbidden"
    reply = api_session("officer", PASSWORD).get(url)
    assert reply.status_code == 200
    assert reply.headers["Cache-Control"].startswith("no-store")
    data = reply.json()
    assert data["@id"] == url
    assert [a["id"] for a in data["activities"]][:3] == ["registry", "council", "votes"]
    fields = {f["field"] for f in activity(data, "registry")["personal_fields"]}
    assert {"sender_personal_number", "sender_address"} <= fields
    assert activity(data, "audit")["held"]


def test_the_page_for_the_dpo_only_and_its_form(functional, audit_log):
    from plone.testing.zope import Browser

    portal = functional["portal"]
    people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@@records-of-processing"
    worker = Browser(functional["app"])
    worker.raiseHttpErrors = False
    worker.addHeader("Authorization", f"Basic worker:{PASSWORD}")
    worker.open(url)
    assert "Регистър на дейностите" not in worker.contents
    worker.open(portal.absolute_url())
    assert "@@records-of-processing" not in worker.contents

    officer = Browser(functional["app"])
    officer.raiseHttpErrors = False
    officer.addHeader("Authorization", f"Basic officer:{PASSWORD}")
    officer.open(portal.absolute_url())
    assert "@@records-of-processing" in officer.contents  # findable from the user's menu
    officer.open(url)
    assert officer.headers["Status"].startswith("200")
    assert "Регистър на дейностите по обработване" in officer.contents
    assert 'data-field="IncomingDocument.sender_personal_number"' in officer.contents
    assert "/@@data-subject-requests" in officer.contents  # the officer's other pages
    token = re.search(r'name="_authenticator" value="([^"]+)"', officer.contents).group(1)

    def post(**form):
        officer.post(url, urlencode(form))
        return officer.headers["Status"]

    assert post(_authenticator=token, activity="audit", text_retention="Десет години.").startswith(
        "200"
    )
    assert "Десет години." in officer.contents and "записан от ДЛЗД" in officer.contents
    [changed] = audit_log.new(action="settings.changed", actor="officer")  # who, and when
    assert "ratusha.privacy.processing_texts" in changed["details"]
    assert post(_authenticator=token, activity="nothing", text_purpose="x").startswith("400")
    assert "Няма такава дейност по обработване." in officer.contents
    assert not post(activity="audit", text_retention="Без ключ.").startswith("200")
    assert "Без ключ." not in str(
        api.portal.get_registry_record("ratusha.privacy.processing_texts")
    )


def test_the_record_in_english(functional, api_session):
    portal = functional["portal"]
    people()
    transaction.commit()
    officer = api_session("officer", PASSWORD)
    officer.cookies.set("I18N_LANGUAGE", "en")
    data = officer.get(f"{portal.absolute_url()}/@records-of-processing").json()
    assert data["language"] == "en"
    assert data["labels"]["purpose"] == "Purpose"
    registry = activity(data, "registry")
    assert registry["title"].startswith("Registry")
    assert {f["type_title"] for f in registry["personal_fields"]} >= {"Incoming document"}


def test_the_pdf_has_the_municipality_and_bulgarian_text(functional, tmp_path):
    from plone.testing.zope import Browser

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    portal = functional["portal"]
    people()
    transaction.commit()
    officer = Browser(functional["app"])
    officer.addHeader("Authorization", f"Basic officer:{PASSWORD}")
    officer.open(f"{portal.absolute_url()}/@@records-of-processing.pdf")
    assert officer.headers["Content-Type"] == "application/pdf"
    path = tmp_path / "record.pdf"
    path.write_bytes(officer.contents)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert api.portal.get_registry_record("ratusha.municipality_name") in text
    assert "Регистър на дейностите по обработване" in text
    assert "Лично число" in text and "четенето се одитира" in text  # in a table's cells


def test_the_registry_shows_the_filing_plans_periods(portal):
    registry = activity(build(portal, portal.REQUEST), "registry")
    assert registry["filing_plan"], "the plan's default lines"
    indexes = [line["index"] for line in registry["filing_plan"]]
    assert indexes == sorted(indexes) and "94-01" in indexes
    for line in registry["filing_plan"]:
        assert line["index"] and line["title"]
        assert line["permanent"] or line["years"] >= 1
    assert not activity(build(portal, portal.REQUEST), "council")["filing_plan"]


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"activity": "audit", "texts": {"retention": "Пет години."}}, 200, None),
        ({"activity": "audit", "texts": {"retention": 5}}, 400, '{"activity"'),
        ({"activity": "audit"}, 400, '{"activity"'),
        ({"activity": "audit", "texts": {}, "extra": 1}, 400, '{"activity"'),
        ({"activity": "nothing", "texts": {"purpose": "x"}}, 400, "Няма такава дейност"),
        ({"activity": "audit", "texts": {"rationale": "x"}}, 400, "няма такава част"),
    ],
)
def test_rest_patch_of_the_texts(functional, api_session, body, status, message):
    portal = functional["portal"]
    people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@records-of-processing"
    assert api_session("worker", PASSWORD).patch(url, json=body).status_code == 403
    reply = api_session("officer", PASSWORD).patch(url, json=body)
    assert reply.status_code == status, reply.text
    if message:
        assert message in reply.json()["error"]["message"]
    else:
        assert activity(reply.json(), "audit")["texts"]["retention"] == "Пет години."
