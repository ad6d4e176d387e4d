"""Decisions and publication inside the site: the decision excerpt filed into the registry
document's case file, the overdue publication warning (session page, personal room,
notification), the open data of a session and of the term."""

from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import STAFF
from council_protocol_helpers import approved
from council_protocol_helpers import met_session
from council_protocol_helpers import PRESENT
from council_protocol_helpers import step
from council_protocol_helpers import YES
from council_voting_helpers import budget_item
from council_voting_helpers import close
from council_voting_helpers import open_session
from council_voting_helpers import opened
from council_voting_helpers import vote
import csv
import datetime
import io
import json
from plone import api
from ratusha.council import opendata
from ratusha.council.protocol import publication
from ratusha.council.protocol import render
from ratusha.council.protocol import storage
from ratusha.council.protocol.browser.status import ProtocolViewlet
from ratusha.council.protocol.browser.status import PublicationPanel
from ratusha.council.protocol.record import current_record
from ratusha.notifications.storage import get_inbox
from test_council_protocol_flow import pdf_lines


def registry_document(portal):
    """A докладна записка in a case file (преписка), as the registry keeps them."""
    from ratusha.registry import actions

    with api.env.adopt_roles(["Manager"]):
        case = api.content.create(
            container=portal.registry["case-files"],
            type="CaseFile",
            id=actions.new_id("CaseFile"),
            title="Бюджет 2027",
        )
        document = api.content.create(
            container=portal.registry.internal,
            type="InternalDocument",
            id=actions.new_id("InternalDocument"),
            title="Докладна записка за бюджета",
            body="Предлагам …",
            case_file=case.UID(),
        )
    return case, document


def test_excerpt_goes_into_the_registry_document_of_the_case_file(council):
    portal = api.portal.get()
    case, document = registry_document(portal)
    session = met_session()
    item = budget_item(session)
    item.report_document = document.UID()
    approved(session)
    excerpts = [obj for obj in document.objectValues() if obj.portal_type == "File"]
    assert len(excerpts) == 1
    excerpt = excerpts[0]
    assert excerpt.file.data.startswith(b"%PDF") and excerpt.file.filename == "decision-1.pdf"
    decision = storage.frozen(session)["decisions"][0]
    assert decision["registry_file"] == excerpt.UID() and decision["case_file"] == case.UID()
    assert decision["document"] == document.UID()
    # the same bytes as the excerpt kept with the session
    kept = session["decision-1.pdf"]
    assert kept.file.data == excerpt.file.data
    # the case file lists the document that now holds the excerpt
    catalog = api.portal.get_tool("portal_catalog")
    assert [b.UID for b in catalog.unrestrictedSearchResults(registry_case=case.UID())] == [
        document.UID()
    ]
    # the author of the document is told
    author = document.Creator()
    notices = get_inbox(portal, author).notices() if author else []
    assert any(n.kind == "council.decision-excerpt" for n in notices)


def test_overdue_publication_is_shown_to_staff_and_notified_once(council):
    portal = api.portal.get()
    session = met_session()
    session.closed_at = session.closed_at - datetime.timedelta(days=9)
    request = portal.REQUEST
    with api.env.adopt_user(username=STAFF):
        assert publication.status(session)["status"] == "overdue"
        panel = PublicationPanel(portal, request)
        assert panel.available() and panel.count() == 1
        assert panel.items()[0]["overdue"] and panel.items()[0]["url"].endswith("@@protocol")
        viewlet = ProtocolViewlet(session, request, None, None)
        viewlet.update()
        assert 'data-status="overdue"' in viewlet.render()
    with api.env.adopt_user(username=COUNCILLORS[4]):
        viewlet = ProtocolViewlet(session, request, None, None)
        viewlet.update()
        html = viewlet.render()
        assert 'id="protocol-link"' in html and "data-status" not in html
        assert not PublicationPanel(portal, request).available()
    assert publication.flag_overdue() == 1
    assert publication.flag_overdue() == 0  # once per deadline
    notices = get_inbox(portal, STAFF).notices()
    assert [n.kind for n in notices].count("council.publication-overdue") == 1
    # published (late): no longer waiting
    approved(session)
    step(session, "publish_protocol")
    assert publication.status(session)["status"] == "late"
    with api.env.adopt_user(username=STAFF):
        assert PublicationPanel(portal, request).count() == 0


def test_session_open_data(council):
    session = met_session()
    approved(session)
    step(session, "publish_protocol")
    record = current_record(session)
    data = opendata.session_json(record)
    assert data["seats"] == 21 and data["decisions"][0]["decision_number"] == "1"
    budget = data["polls"][0]
    assert budget["result"] == "adopted" and budget["base"] == "all"
    votes = {row["councillor_id"]: row["vote"] for row in budget["votes"]}
    assert votes[YES[0]] == "yes" and votes[PRESENT[18]] == "not_voted"
    assert votes[COUNCILLORS[20]] == "absent" and len(votes) == 21
    rows = list(csv.DictReader(io.StringIO(opendata.votes_csv(record).decode("utf-8-sig"))))
    assert len(rows) == 21 and {r["vote"] for r in rows} == {
        "yes",
        "no",
        "abstain",
        "not_voted",
        "absent",
    }
    view = api.content.get_view("opendata-term.json", session.aq_parent, api.portal.get().REQUEST)
    term = json.loads(view())
    assert [s["number"] for s in term["sessions"]] == [str(session.number)]
    first = next(c for c in term["councillors"] if c["id"] == YES[0])
    assert first["summary"]["yes"] == 1 and first["votes"][0]["vote"] == "yes"


def test_secret_election_is_published_as_totals_only(council, tmp_path):
    session = open_session(
        present=PRESENT,
        title="Извънредно заседание",
        kind="extraordinary",
        extraordinary_reason="Избор на заместник-председател",
    )
    item = make_item(
        session,
        title="Избор на заместник-председател",
        kind="election",
        basis=("ЗМСМА", "24", "", ""),
    )
    poll = opened(item, kind="election", options=["cllr02", "cllr03"])
    for number, user in enumerate(PRESENT):
        vote(item, poll, user, "cllr02" if number < 12 else "cllr03")
    close(item, poll)
    step(session, "close")
    record = current_record(session)
    data = opendata.session_json(record)
    secret = next(p for p in data["polls"] if p["mode"] == "secret")
    assert "votes" not in secret and secret["counts"] == {"cllr02": 12, "cllr03": 7}
    assert secret["result"] == "elected" and secret["decision_number"]
    rows = list(csv.DictReader(io.StringIO(opendata.votes_csv(record).decode("utf-8-sig"))))
    assert all(row["poll"] != secret["poll"] for row in rows)
    lines = pdf_lines(render.protocol_pdf(record), tmp_path)
    part = " ".join(lines).split("Избор на заместник-председател")[-1]
    assert "Съветник 05" not in part  # nobody's choice is printed, only the totals


def test_closed_session_stays_with_the_council(council):
    from plone.app.testing import logout
    from ratusha.council.protocol import access

    session = met_session(closed_door=True)
    approved(session)
    step(session, "publish_protocol")
    pdf = session[f"protocol-{session.number}.pdf"]
    with api.env.adopt_user(username=COUNCILLORS[2]):
        assert access.may_read(session)
        assert api.user.has_permission("View", obj=pdf)
    logout()
    assert not access.may_read(session)
    assert not api.user.has_permission("View", obj=pdf)
    assert publication.register() == []
