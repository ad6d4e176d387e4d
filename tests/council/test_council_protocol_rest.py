"""The protocol over real HTTP: who reads it when, correction requests and their refusals,
approval through @workflow, publication to anonymous visitors (REST, pages, files, catalog),
the open data, the decision and the register, and the audit trail."""

from council_helpers import COUNCILLORS
from council_helpers import OUTSIDER
from council_helpers import PASSWORD
from council_helpers import STAFF
from council_protocol_helpers import age_period
from council_protocol_helpers import met_session
from council_protocol_helpers import YES
from council_voting_helpers import budget_item
import csv
import datetime
import io
import json
from plone import api
from ratusha.core import dates
from ratusha.council.protocol import corrections
from ratusha.council.protocol import storage
import re
import requests
import transaction
import zipfile


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def anonymous(url, **kwargs):
    return requests.get(url, headers=JSON, allow_redirects=False, **kwargs)


def plain(url, user=None):
    """A browser-like GET (no JSON), not following a redirect to the login form."""
    return requests.get(url, auth=(user, PASSWORD) if user else None, allow_redirects=False)


def anonymous_search(portal, **query):
    reply = anonymous(f"{portal.absolute_url()}/@search", params=query)
    assert reply.status_code == 200, reply.text
    return {item["@id"] for item in reply.json()["items"]}


def test_protocol_from_close_to_publication(http_council, api_session, audit_log):
    portal = api.portal.get()
    session = met_session()
    transaction.commit()
    url = session.absolute_url()
    staff, councillor = api_session(STAFF, PASSWORD), api_session(COUNCILLORS[3], PASSWORD)
    outsider = api_session(OUTSIDER, PASSWORD)

    # closed: the council reads the draft, the public does not
    assert anonymous(f"{url}/@protocol").status_code == 404
    assert "protocol" not in anonymous(url).json()["@components"]
    assert councillor.get(url).json()["@components"]["protocol"]["@id"] == f"{url}/@protocol"
    reply = councillor.get(f"{url}/@protocol")
    assert reply.status_code == 200, reply.text
    data = reply.json()
    assert data["frozen"] is False and data["record"]["items"][0]["decision_number"] == "1"
    assert data["corrections"] == [] and "publication" not in data
    assert staff.get(f"{url}/@protocol").json()["publication"]["status"] == "due"
    assert plain(f"{url}/@@protocol.pdf").status_code != 200
    draft = plain(f"{url}/@@protocol.pdf", COUNCILLORS[3])
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")

    # corrections: only while open, only councillors, settled by staff
    reply = councillor.post(f"{url}/@protocol-corrections", json={"text": "Поправка."})
    assert reply.status_code == 409, reply.text
    assert staff.post(f"{url}/@workflow/start_correction", json={}).status_code == 200
    reply = councillor.post(f"{url}/@protocol-corrections", json={"text": "Гласувах „за“."})
    assert reply.status_code == 201, reply.text
    request_id = reply.json()["request"]["id"]
    assert councillor.post(f"{url}/@protocol-corrections", json={"text": " "}).status_code == 400
    assert staff.post(f"{url}/@protocol-corrections", json={"text": "Аз"}).status_code == 403
    assert outsider.post(f"{url}/@protocol-corrections", json={"text": "Аз"}).status_code in (
        401,
        403,
    )
    assert (
        councillor.post(
            f"{url}/@protocol-corrections/{request_id}", json={"decision": "accepted"}
        ).status_code
        == 403
    )
    reply = staff.post(f"{url}/@workflow/approve_protocol", json={})
    assert reply.status_code == 409 and len(reply.json()["problems"]) == 2, reply.text
    assert (
        staff.post(
            f"{url}/@protocol-corrections/{request_id}", json={"decision": "rejected"}
        ).status_code
        == 400
    )  # needs a reason
    reply = staff.post(
        f"{url}/@protocol-corrections/{request_id}",
        json={"decision": "accepted", "note": "Поправено."},
    )
    assert reply.status_code == 200 and reply.json()["request"]["status"] == "accepted"
    assert (
        staff.post(
            f"{url}/@protocol-corrections/{request_id}", json={"decision": "rejected", "note": "х"}
        ).status_code
        == 409
    )
    listed = councillor.get(f"{url}/@protocol-corrections").json()["items"]
    assert [(i["author"], i["status"]) for i in listed] == [(COUNCILLORS[3], "accepted")]

    # the period ends; approval freezes the protocol
    transaction.begin()
    age_period(session, 30)
    transaction.commit()
    reply = staff.post(f"{url}/@workflow/approve_protocol", json={})
    assert reply.status_code == 200, reply.text
    assert (
        staff.post(f"{url}/@protocol", json={"recording_url": "https://x.example/r"}).status_code
        == 409
    )  # approved: frozen
    transaction.begin()
    pdf_url = session[f"protocol-{session.number}.pdf"].absolute_url()
    frozen = councillor.get(f"{url}/@protocol").json()
    assert frozen["frozen"] is True and frozen["checksums"]["pdf_sha256"]
    approved = datetime.datetime.fromisoformat(frozen["approved_at"])  # with Sofia's offset
    assert approved.utcoffset() == dates.local(approved).utcoffset()
    assert anonymous(f"{url}/@protocol").status_code == 404
    assert plain(f"{pdf_url}/@@download/file").status_code != 200
    assert pdf_url not in anonymous_search(portal, portal_type="File")
    item_url = budget_item(session).absolute_url()
    assert anonymous(f"{item_url}/@decision").status_code == 404
    assert anonymous(f"{portal.absolute_url()}/@council-decisions").json()["items"] == []

    # published: everyone reads it
    assert staff.post(f"{url}/@workflow/publish_protocol", json={}).status_code == 200
    data = anonymous(f"{url}/@protocol").json()
    assert data["frozen"] and "corrections" not in data and "publication" not in data
    components = anonymous(url, params={"expand": "protocol"}).json()["@components"]
    assert components["protocol"]["record"]["number"] == str(session.number)
    stored = plain(f"{url}/@@protocol.pdf")
    assert stored.status_code == 200 and stored.headers["Content-Type"] == "application/pdf"
    assert plain(f"{pdf_url}/@@download/file").content == stored.content
    assert pdf_url in anonymous_search(portal, portal_type="File")
    assert plain(f"{url}/@@protocol.odt").content.startswith(b"PK")
    assert 'id="protocol-text"' in plain(f"{url}/@@protocol").text

    opendata = plain(f"{url}/@@opendata.json").json()
    assert opendata["polls"][0]["result"] == "adopted" and len(opendata["polls"][0]["votes"]) == 21
    votes = list(
        csv.DictReader(io.StringIO(plain(f"{url}/@@votes.csv").content.decode("utf-8-sig")))
    )
    assert {r["councillor_id"]: r["vote"] for r in votes}[YES[0]] == "yes"
    polls = list(
        csv.DictReader(io.StringIO(plain(f"{url}/@@polls.csv").content.decode("utf-8-sig")))
    )
    assert polls[0]["decision_number"] == "1" and polls[0]["required"] == "11"

    decision = anonymous(f"{item_url}/@decision").json()
    assert decision["number"] == "1" and decision["result"] == "adopted"
    assert decision["vote"]["votes"][YES[0]] == "yes"
    assert 'data-number="1"' in plain(f"{item_url}/@@decision").text
    assert plain(f"{item_url}/@@excerpt.pdf").content.startswith(b"%PDF")
    pack = zipfile.ZipFile(io.BytesIO(plain(f"{item_url}/@@evidence.zip").content))
    assert json.loads(pack.read("evidence.json"))["poll"]["majority"]["required"] == 11
    register = anonymous(f"{portal.absolute_url()}/@council-decisions").json()["items"]
    assert [(d["number"], d["result"], d["legal_basis"]) for d in register] == [
        ("1", "adopted", "ЗМСМА чл. 21 ал. 1 т. 6")
    ]
    assert 'data-number="1"' in plain(f"{session.aq_parent.absolute_url()}/@@decisions").text
    assert 'id="decisions-register-link"' in plain(session.aq_parent.absolute_url()).text

    # the audit trail: the request without its text, the checksums of the frozen files
    filed = audit_log.new(action="council.protocol-correction-filed")
    assert filed and "Гласувах" not in filed[-1]["details"]
    kept = audit_log.new(action="council.protocol-frozen")
    assert kept and frozen["checksums"]["pdf_sha256"] in kept[-1]["details"]
    assert audit_log.new(action="council.protocol-published")


def test_protocol_pages_for_staff_and_councillors(http_council, api_session):
    session = met_session()
    transaction.commit()
    url = session.absolute_url()
    page = plain(f"{url}/@@protocol", STAFF)
    assert page.status_code == 200
    assert 'data-transition="start_correction"' in page.text
    assert 'id="publication-status"' in page.text and 'data-status="due"' in page.text
    assert 'id="protocol-note"' in plain(url, STAFF).text
    assert 'id="correction-form"' not in plain(f"{url}/@@protocol", COUNCILLORS[3]).text
    assert (
        api_session(STAFF, PASSWORD).post(f"{url}/@workflow/start_correction", json={}).status_code
        == 200
    )
    page = plain(f"{url}/@@protocol", COUNCILLORS[3])
    assert 'id="correction-form"' in page.text and 'data-open="true"' in page.text
    assert "protocol-step" not in page.text and "publication-status" not in page.text
    page = plain(f"{url}/@@protocol", STAFF)
    assert 'data-transition="approve_protocol"' in page.text
    assert 'id="protocol-problems"' in page.text
    assert plain(f"{url}/@@protocol").status_code != 200  # not for the public yet


def token(html):
    found = re.search(r'name="_authenticator" value="([^"]+)"', html)
    assert found, "no authenticator on the page"
    return found.group(1)


def test_protocol_page_forms(http_council):
    session = met_session()
    transaction.commit()
    url = f"{session.absolute_url()}/@@protocol"

    def post(user, **form):
        page = requests.get(url, auth=(user, PASSWORD))
        form["_authenticator"] = token(page.text)
        return requests.post(url, data=form, auth=(user, PASSWORD), allow_redirects=False)

    assert (
        post(
            STAFF, action="details", recording_url="https://video.example/12", recorder=STAFF
        ).status_code
        == 302
    )
    assert post(STAFF, action="transition", transition="start_correction").status_code == 302
    assert post(COUNCILLORS[5], action="file", text="Моля, поправете часа.").status_code == 302
    # a councillor cannot settle requests: the page refuses (and asks to log in)
    assert post(COUNCILLORS[5], action="resolve", id="x", decision="accepted").status_code in (
        302,
        401,
        403,
    )
    transaction.begin()
    assert api.content.get_state(session) == "protocol_correction"
    assert storage.info(session)["recording_url"] == "https://video.example/12"
    [entry] = corrections.listing(session)
    assert entry["author"] == COUNCILLORS[5] and entry["status"] == "pending"
    # the period still runs: the approval is refused with its reason, nothing changes
    reply = post(STAFF, action="transition", transition="approve_protocol")
    assert reply.status_code == 302
    assert (
        post(
            STAFF, action="resolve", id=entry["id"], decision="accepted", note="Поправено."
        ).status_code
        == 302
    )
    transaction.begin()
    assert api.content.get_state(session) == "protocol_correction"
    assert corrections.listing(session)[0]["status"] == "accepted"
