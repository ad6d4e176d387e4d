"""Data-subject requests on the demo site: the DPO opens a request for a demo citizen, finds
what the municipality holds about her or him, exports it (REST and the page), rectifies a value
and anonymises what the law allows; everyone else is refused (401/403), bad input is a 400 with a
message, and every act is in the audit trail without the person's data."""

import datetime
import io
import json
from plone import api
import pytest
from ratusha.core import dates
from ratusha.core.demo import DEMO_PASSWORD
from ratusha.privacy.subjects.rules import deadline
import requests
import transaction
import zipfile


CITIZEN = "Васил Георгиев"  # the demo's complaint about a tax, and the answers sent to him
UNREGISTERED = "Пенка Димова"  # an application received but not registered yet
GUEST = "ana.ivanova@example.org"  # an outside guest of a demo meeting


@pytest.fixture
def site(demo_functional):
    # the DPO's second factor is tested in tests/access; here she signs in with a password
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    transaction.commit()
    return demo_functional["portal"].absolute_url()


def session(user=None):
    http = requests.Session()
    http.headers.update({"Accept": "application/json"})
    if user:
        http.auth = (user, DEMO_PASSWORD)
    return http


def received():
    """A week ago in Sofia: whatever day the tests run (RATUSHA_FROZEN_NOW)."""
    return dates.today() - datetime.timedelta(days=7)


def open_request(site, requester=CITIZEN, kind="access"):
    answer = session("dpo").post(
        f"{site}/@subject-requests",
        json={"kind": kind, "requester": requester, "received": received().isoformat()},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_subject_access_export_of_a_demo_citizen_through_rest(site, audit_log):
    case = open_request(site)
    # one month, to a working day (the rule's own table: test_subjects_rules.py)
    assert case["status"] == "open" and case["due"] == deadline(received()).isoformat()
    dpo = session("dpo")
    found = dpo.post(f"{case['@id']}/search", json={"name": CITIZEN}).json()
    roles = {(item["type"], item["role"]) for item in found["items"]}
    assert ("IncomingDocument", "sender") in roles
    assert ("OutgoingDocument", "recipient") in roles
    sender = next(item for item in found["items"] if item["role"] == "sender")
    assert sender["fields"]["sender_name"] == CITIZEN
    assert sender["number"] and not sender["may_erase"]
    assert sender["refusal"] in ("archives", "retention") and sender["reason"]
    assert "18" in found["notes"]["citizen_accounts"]  # citizens' accounts: issue 18

    answer = dpo.post(f"{case['@id']}/export", json={"name": CITIZEN})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/zip"
    assert "no-store" in answer.headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == ["data.csv", "data.json", "summary.html"]
    data = json.loads(archive.read("data.json"))
    assert data["request"]["id"] == case["id"]
    assert len(data["items"]) == len(found["items"])
    assert CITIZEN in archive.read("data.csv").decode("utf-8")
    summary = archive.read("summary.html").decode("utf-8")
    assert '<html lang="bg">' in summary and CITIZEN in summary
    assert "Лични данни" in summary  # the Bulgarian title

    rows = audit_log.new(action="privacy.")
    acts = {row["action"]: row for row in rows if row["action"].startswith("privacy.subject")}
    assert set(acts) >= {
        "privacy.subject-request",
        "privacy.subject-search",
        "privacy.subject-export",
    }
    for row in acts.values():
        assert CITIZEN not in json.dumps(row, ensure_ascii=False)
        assert json.loads(row["details"])["request"] == case["id"]


def test_the_page_for_the_dpo(site, audit_log):
    case = open_request(site)
    dpo = session("dpo")
    dpo.headers["Accept"] = "text/html"
    page = dpo.get(f"{site}/@@data-subject-requests")
    assert page.status_code == 200 and CITIZEN in page.text
    assert 'id="personaltools-data_subject_requests"' in page.text  # the user menu's link
    page = dpo.get(f"{site}/@@data-subject-requests?case={case['id']}")
    token = page.text.split('name="_authenticator" value="')[1].split('"')[0]
    form = {"_authenticator": token, "case": str(case["id"]), "name": CITIZEN}
    found = dpo.post(f"{site}/@@data-subject-requests", data=form | {"act": "search"})
    assert found.status_code == 200
    assert "ratusha-subject-finding" in found.text and "Жалба срещу начислен данък" in found.text
    export = dpo.post(f"{site}/@@data-subject-requests", data=form | {"act": "export"})
    assert export.headers["Content-Type"] == "application/zip"
    assert "summary.html" in zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    bad = dpo.post(f"{site}/@@data-subject-requests", data=form | {"act": "search", "name": "Ва"})
    assert bad.status_code == 400 and 'id="subjects-message"' in bad.text
    forged = dpo.post(
        f"{site}/@@data-subject-requests", data=form | {"_authenticator": "x", "act": "search"}
    )
    assert forged.status_code == 403
    assert {row["action"] for row in audit_log.new(action="privacy.")} >= {
        "privacy.subject-search",
        "privacy.subject-export",
    }


@pytest.mark.parametrize("user", ["employee", "registrar", "auditor", "mayor", "secretary"])
def test_everyone_else_is_refused(site, user):
    case = open_request(site)
    other = session(user)
    assert other.get(f"{site}/@subject-requests").status_code == 403
    answer = other.post(f"{case['@id']}/search", json={"name": CITIZEN})
    assert answer.status_code == 403 and answer.json()["error"]["message"]
    assert (
        other.post(
            f"{site}/@subject-requests", json={"kind": "access", "requester": "X Y"}
        ).status_code
        == 403
    )
    assert other.patch(case["@id"], json={"status": "closed"}).status_code == 403
    page = other.get(
        f"{site}/@@data-subject-requests", headers={"Accept": "text/html"}, allow_redirects=False
    )
    assert page.status_code in (302, 401, 403) and CITIZEN not in page.text
    assert "require_login" in page.headers.get("Location", "require_login")
    home = other.get(site, headers={"Accept": "text/html"})
    assert home.ok and "@@data-subject-requests" not in home.text
    found = other.get(f"{site}/@search", params={"SearchableText": CITIZEN}).json()
    assert all("subject" not in item["@id"] for item in found["items"])  # requests are not content


def test_anonymous_is_asked_to_log_in(site):
    case = open_request(site)
    anonymous = session()
    assert anonymous.get(f"{site}/@subject-requests").status_code == 401
    assert anonymous.post(f"{case['@id']}/export", json={"name": CITIZEN}).status_code == 401
    page = anonymous.get(
        f"{site}/@@data-subject-requests", headers={"Accept": "text/html"}, allow_redirects=False
    )
    assert page.status_code in (302, 401) and CITIZEN not in page.text


@pytest.mark.parametrize(
    "path, body, status",
    [
        ("", {"kind": "deletion", "requester": CITIZEN}, 400),
        ("", {"kind": "access", "requester": ""}, 400),
        ("", {"kind": "access", "requester": CITIZEN, "received": "2026-13-01"}, 400),
        ("", {"kind": "access", "requester": CITIZEN, "received": "2099-01-01"}, 400),
        ("", {"kind": "access", "requester": CITIZEN, "email": "not-an-address"}, 400),
        ("", {"kind": ["access"], "requester": CITIZEN}, 400),
        ("/{id}/search", {}, 400),
        ("/{id}/search", {"name": "Васил"}, 400),
        ("/{id}/search", {"personal_number": "12345"}, 400),
        ("/{id}/search", {"email": "x"}, 400),
        ("/{id}/search", {"name": "x" * 500}, 400),
        ("/999999/search", {"name": CITIZEN}, 404),
        ("/nope/search", {"name": CITIZEN}, 404),
        ("/{id}/unknown", {"name": CITIZEN}, 404),
        (
            "/{id}/rectify",
            {"name": CITIZEN, "finding": "nothing", "field": "x", "value": "y", "reason": "z"},
            404,
        ),
        ("/{id}/erase", {"name": CITIZEN, "findings": "all"}, 400),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(site, path, body, status):
    case = open_request(site)
    answer = session("dpo").post(f"{site}/@subject-requests{path.format(id=case['id'])}", json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["message"]


def test_erasure_where_the_law_allows_and_refusal_with_the_reason(site, audit_log):
    case = open_request(site, UNREGISTERED, "erasure")
    dpo = session("dpo")
    found = dpo.post(f"{case['@id']}/search", json={"name": UNREGISTERED}).json()
    (draft,) = [item for item in found["items"] if item["role"] == "sender"]
    assert draft["may_erase"] and not draft["number"]
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        document = api.content.get(UID=draft["uid"])
        repository.save(document, comment="an edit kept as a version")  # it holds the name
    transaction.commit()
    done = dpo.post(f"{case['@id']}/erase", json={"name": UNREGISTERED}).json()
    assert [row["finding"] for row in done["erased"]] == [draft["id"]]
    again = dpo.post(f"{case['@id']}/search", json={"name": UNREGISTERED}).json()
    assert not [item for item in again["items"] if item["role"] == "sender"]
    transaction.begin()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        history = repository.getHistoryMetadata(api.content.get(UID=draft["uid"]))
        assert history.getLength(countPurged=False) == 0  # no version keeps the name

    refused = dpo.post(f"{case['@id']}/erase", json={"name": CITIZEN}).json()
    # the answers to him still in draft may be anonymised, what is registered is kept
    assert {row["finding"].split(":")[1] for row in refused["erased"]} <= {"recipient"}
    assert {row["code"] for row in refused["refused"]} & {"archives", "retention"}
    assert all(row["reason"] for row in refused["refused"])
    rows = audit_log.new(action="privacy.subject-erase")
    assert {row["outcome"] for row in rows} == {"success", "denied"}
    for row in rows:
        text = json.dumps(row, ensure_ascii=False)
        assert UNREGISTERED not in text and CITIZEN not in text


def test_a_meeting_guest_is_anonymised(site):
    case = open_request(site, "Ана Иванова", "erasure")
    dpo = session("dpo")
    found = dpo.post(f"{case['@id']}/search", json={"email": GUEST}).json()
    guests = [item for item in found["items"] if item["role"] == "guest"]
    assert guests and all(item["may_erase"] for item in guests)
    done = dpo.post(f"{case['@id']}/erase", json={"email": GUEST, "findings": [guests[0]["id"]]})
    assert done.json()["erased"][0]["fields"] == ["guest"]


def test_rectification_with_a_reason(site, audit_log):
    case = open_request(site, CITIZEN, "rectification")
    dpo = session("dpo")
    found = dpo.post(f"{case['@id']}/search", json={"name": CITIZEN}).json()
    sender = next(item for item in found["items"] if item["role"] == "sender")
    body = {
        "name": CITIZEN,
        "finding": sender["id"],
        "field": "sender_email",
        "value": "vasil.georgiev@example.org",
        "reason": "Писмо от лицето",
    }
    answer = dpo.post(f"{case['@id']}/rectify", json=body)
    assert answer.status_code == 200, answer.text
    again = dpo.post(f"{case['@id']}/search", json={"email": "vasil.georgiev@example.org"}).json()
    assert sender["id"] in {item["id"] for item in again["items"]}
    assert "Писмо от лицето" in dpo.get(case["@id"]).json()["note"]
    (row,) = audit_log.new(action="privacy.subject-rectify")
    assert "vasil.georgiev" not in json.dumps(row) and json.loads(row["details"])["fields"] == [
        "sender_email"
    ]
    refused = dpo.post(f"{case['@id']}/rectify", json=body | {"field": "title"})
    assert refused.status_code == 409
    for field, value in (("sender_email", "nobody"), ("sender_personal_number", "12")):
        bad = dpo.post(f"{case['@id']}/rectify", json=body | {"field": field, "value": value})
        assert bad.status_code == 400 and bad.json()["error"]["message"]


def test_status_and_extension(site):
    case = open_request(site)
    answer = session("dpo").patch(case["@id"], json={"status": "extended"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["due"] == deadline(received(), extended=True).isoformat()
    assert session("dpo").patch(case["@id"], json={"status": "lost"}).status_code == 400


def test_found_by_personal_number_and_email_never_written_to_the_audit(site, audit_log):
    from ratusha.registry import actions

    portal = api.portal.get()
    with api.env.adopt_user("registrar"):
        actions.create_incoming(
            portal["registry"]["incoming"],
            {
                "title": "Заявление за удостоверение",
                "sender_type": "person",
                "sender_name": "Калина Петрова",
                "sender_personal_number": "7501020018",
                "sender_email": "kalina@example.org",
            },
        )
    transaction.commit()
    case = open_request(site, "Калина Петрова")
    dpo = session("dpo")
    for query in ({"personal_number": "7501020018"}, {"email": "KALINA@example.org"}):
        found = dpo.post(f"{case['@id']}/search", json=query).json()
        (sender,) = [item for item in found["items"] if item["role"] == "sender"]
        assert sender["fields"]["sender_personal_number"] == "7501020018"  # the DPO reads it
    assert not dpo.post(f"{case['@id']}/search", json={"personal_number": "7501020019"}).json()[
        "items"
    ]
    # each search is a read of the person's data on the letter, and the next search lists it
    reads = [row for row in found["reads"] if row["uid"] == sender["uid"]]
    assert reads and reads[0]["fields"]["reader"] == "dpo" and not reads[0]["may_erase"]
    rows = audit_log.new(action="privacy.subject-search")
    assert len(rows) == 3
    for row in rows:
        text = json.dumps(row, ensure_ascii=False)
        assert "7501020018" not in text and "kalina" not in text.lower()
    assert json.loads(rows[0]["details"])["key"]  # the keyed hash stands for the number
    for row in audit_log.new(action="privacy.personal-data-read"):
        assert "7501020018" not in json.dumps(row) and "kalina" not in json.dumps(row)


def test_an_employee_in_accounts_meetings_and_council(site):
    case = open_request(site, "Стефан Костов")
    found = session("dpo").post(f"{case['@id']}/search", json={"name": "Стефан Костов"}).json()
    (account,) = found["accounts"]
    assert account["user"] == "mayor" and account["refusal"] == "account"
    roles = {(item["source"], item["role"]) for item in found["items"]}
    assert ("council", "rapporteur") in roles
    assert all(not item["may_erase"] for item in found["items"] if item["source"] == "council")
    case = open_request(site, "Иван Стоянов")
    found = session("dpo").post(f"{case['@id']}/search", json={"name": "Иван Стоянов"}).json()
    participant = [item for item in found["items"] if item["role"] == "participant"]
    assert participant and participant[0]["refusal"] == "internal"


def test_rectify_and_erase_on_the_page(site):
    case = open_request(site, UNREGISTERED, "erasure")
    dpo = session("dpo")
    dpo.headers["Accept"] = "text/html"
    page = dpo.get(f"{site}/@@data-subject-requests?case={case['id']}")
    token = page.text.split('name="_authenticator" value="')[1].split('"')[0]
    form = {"_authenticator": token, "case": str(case["id"]), "name": UNREGISTERED}
    found = session("dpo").post(f"{case['@id']}/search", json={"name": UNREGISTERED}).json()
    (draft,) = [item for item in found["items"] if item["role"] == "sender"]
    rectified = dpo.post(
        f"{site}/@@data-subject-requests",
        data=form
        | {
            "act": "rectify",
            "finding": draft["id"],
            "field": "sender_address",
            "value": "ул. „Одрин“ 3",
            "reason": "Поправка по молба",
        },
    )
    assert rectified.status_code == 200 and "ул. „Одрин“ 3" in rectified.text
    erased = dpo.post(
        f"{site}/@@data-subject-requests",
        data=form | {"act": "erase", "findings:list": [draft["id"]]},
    )
    assert erased.status_code == 200 and 'id="subjects-refused"' not in erased.text
    assert "ул. „Одрин“ 3" not in erased.text  # the address went with the name
    again = session("dpo").post(f"{case['@id']}/search", json={"name": UNREGISTERED}).json()
    assert not [item for item in again["items"] if item["role"] == "sender"]
