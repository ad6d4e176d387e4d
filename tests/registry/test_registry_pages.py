"""Pages, panels, the CSV export, the letter PDF, reminders and file versions."""

import csv
import datetime
import io
import json
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from ratusha.interfaces import IRatushaLayer
from ratusha.personal.panels import get_panels
from ratusha.registry import actions
from ratusha.registry.config import today
from registry_helpers import act
from registry_helpers import in_days
from registry_helpers import incoming
from registry_helpers import outgoing
from registry_helpers import PASSWORD
import transaction
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent


def page(portal, request, user, obj, view):
    alsoProvides(request, IRatushaLayer)
    with api.env.adopt_user(user):
        return obj.restrictedTraverse(view)()


class TestPanels:
    def test_four_panels_with_counts(self, people, integration):
        request = integration["request"]
        alsoProvides(request, IRatushaLayer)
        doc = outgoing(people, approvers=("head", "director"))
        act("writer", doc, "submit")
        outgoing(people, title="Още една чернова")
        with api.env.adopt_user("head"):
            panels = dict(get_panels(people, request))
            assert panels["registry.for-approval"].count() == 1
            html = panels["registry.for-approval"].render()
            assert "registry-decide" in html and doc.title in html
        act("head", doc, "approve")
        with api.env.adopt_user("head"):
            assert dict(get_panels(people, request))["registry.for-approval"].count() == 0
        with api.env.adopt_user("director"):
            assert dict(get_panels(people, request))["registry.for-approval"].count() == 1
        with api.env.adopt_user("writer"):
            panels = dict(get_panels(people, request))
            assert panels["registry.drafts"].count() == 1
            assert "registry.for-approval" not in panels  # not an approver, nothing waiting
            assert {"registry.assigned", "registry.overdue", "registry.drafts"} <= set(panels)

    def test_approver_panel_hidden_for_employees_without_work(self, people, integration):
        request = integration["request"]
        alsoProvides(request, IRatushaLayer)
        with api.env.adopt_user("outsider"):
            names = [name for name, _panel in get_panels(people, request)]
        assert "registry.for-approval" not in names and "registry.drafts" in names


class TestPages:
    def test_document_page_shows_number_chain_and_actions(self, people, integration):
        request = integration["request"]
        doc = outgoing(people, approvers=("head", "director"))
        act("writer", doc, "submit")
        html = page(people, request, "head", doc, "@@document-view")
        assert 'id="decide-form"' in html and "DS_WAIT_REGISTRATION" in html
        html = page(people, request, "writer", doc, "@@document-view")
        assert 'id="decide-form"' not in html and "withdraw" in html
        letter = incoming(people)
        html = page(people, request, "head", letter, "@@document-view")
        assert letter.registration_number in html and 'id="resolution-form"' in html
        html = page(people, request, "colleague", letter, "@@document-view")
        assert 'id="resolution-form"' not in html

    def test_register_page_filters(self, people, integration):
        request = integration["request"]
        first = incoming(people, title="Жалба за шум", kind="complaint", sender_name="Иван Петров")
        incoming(people, title="Заявление за скица", kind="application")
        register = people.registry.incoming
        html = page(people, request, "clerk", register, "@@register-view")
        assert html.count('class="ratusha-number"') == 2
        request.form.update({"kind": "complaint"})
        html = page(people, request, "clerk", register, "@@register-view")
        assert first.registration_number in html and "скица" not in html
        request.form.clear()
        request.form.update({"text": "Петров"})
        html = page(people, request, "clerk", register, "@@register-view")
        assert "Жалба за шум" in html and "скица" not in html
        request.form.clear()
        request.form.update({"since": "22.11.2026"})
        html = page(people, request, "clerk", register, "@@register-view")
        assert "YYYY-MM-DD" in html or "ГГГГ" in html

    def test_overview_and_worklist_pages(self, people, integration):
        request = integration["request"]
        doc = outgoing(people, approvers=("head", "director"))
        act("writer", doc, "submit")
        html = page(people, request, "head", people.registry, "@@registry-overview")
        assert 'id="tile-for-approval"' in html and "94-00" in html
        request.form["name"] = "for-approval"
        html = page(people, request, "head", people.registry, "@@worklist")
        assert doc.title in html


class TestHttp:
    def test_csv_export_for_a_period(self, http_people, api_session, audit_log):
        portal = http_people
        docs = [incoming(portal, title=f"Писмо {n}") for n in range(2)]
        docs.append(incoming(portal, title='=HYPERLINK("http://evil")'))
        transaction.commit()
        day = today().isoformat()
        url = f"{portal.registry.incoming.absolute_url()}/@@register-export"
        clerk = api_session("clerk", PASSWORD)
        reply = clerk.get(url, params={"since": day, "until": day})
        assert reply.status_code == 200
        assert reply.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))
        assert rows[0][0] == "number"
        assert [r[0] for r in rows[1:]] == [d.registration_number for d in docs]
        assert {r[5] for r in rows[1:]} == {"DS_REGISTERED"}
        assert rows[-1][3].startswith("'=")  # not a formula in a spreadsheet
        empty = clerk.get(url, params={"since": "2001-01-01", "until": "2001-12-31"})
        assert len(list(csv.reader(io.StringIO(empty.content.decode("utf-8-sig"))))) == 1
        assert api_session("writer", PASSWORD).get(url).status_code in (401, 403)
        [row] = audit_log.new(action="registry.export")[:1]
        assert json.loads(row["details"])["rows"] == 3

    def test_letter_pdf_has_number_date_and_signatory(self, http_people, api_session):
        from pypdf import PdfReader

        portal = http_people
        doc = outgoing(
            portal,
            approvers=("head", "director"),
            title="Отговор на Ваше писмо",
            body="Уважаеми господин Иванов,\nУведомяваме Ви, че ремонтът започва.",
        )
        for user, transition in (
            ("writer", "submit"),
            ("head", "approve"),
            ("director", "approve_final"),
            ("director", "sign"),
            ("clerk", "register"),
        ):
            act(user, doc, transition)
        transaction.commit()
        reply = api_session("writer", PASSWORD).get(f"{doc.absolute_url()}/@@letter.pdf")
        assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages)
        assert doc.registration_number in text
        assert "Изх. №" in text or "Ref. No." in text
        assert "Отговор на Ваше писмо" in text and "ремонтът започва" in text
        assert "Director" in text  # the signatory's full name (see conftest)
        assert doc.registration_date.strftime("%d.%m.%Y") in text
        assert "Община Примерна" in text

    def test_reminders_day_before_and_on_the_day_once(self, http_people, api_session):
        portal = http_people
        doc = incoming(portal)
        with api.env.adopt_user("head"):
            resolution = actions.issue_resolution(
                doc, ["writer"], "Да се отговори.", deadline=in_days(3)
            )
        task = resolution.tasks()[0]
        transaction.commit()
        from ratusha.registry.config import work_calendar

        work = work_calendar()
        before = work.previous_working_day(task.deadline)
        url = f"{portal.absolute_url()}/@@registry-reminders"
        admin = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        assert api_session("writer", PASSWORD).get(url).status_code in (401, 403)
        first = admin.get(url, params={"day": before.isoformat()}).json()
        assert first["day-before"] == 1 and first["due-today"] == 0
        again = admin.get(url, params={"day": before.isoformat()}).json()
        assert again["day-before"] == 0  # idempotent
        on_the_day = admin.get(url, params={"day": task.deadline.isoformat()}).json()
        assert on_the_day["due-today"] == 1
        early = admin.get(url, params={"day": (before - datetime.timedelta(days=7)).isoformat()})
        assert early.json() == dict(early.json(), **{"day-before": 0, "due-today": 0})
        notices = (
            api_session("writer", PASSWORD)
            .get(f"{portal.absolute_url()}/@notifications")
            .json()["items"]
        )
        assert [n["kind"] for n in notices].count("registry.reminder") == 2
        assert admin.get(url, params={"day": "tomorrow"}).status_code == 400


class TestVersions:
    def test_each_file_upload_is_a_version_with_its_uploader(self, people, integration):
        doc = incoming(people)
        with api.env.adopt_user("clerk"):
            doc.file = NamedBlobFile(b"%PDF-1.4 scan 1", filename="scan.pdf")
            notify(ObjectModifiedEvent(doc, Attributes(None, "file")))
        with api.env.adopt_user("clerk2"):
            doc.file = NamedBlobFile(b"%PDF-1.4 scan 2", filename="scan-2.pdf")
            notify(ObjectModifiedEvent(doc, Attributes(None, "file")))
        repository = api.portal.get_tool("portal_repository")
        with api.env.adopt_roles(["Manager"]):
            history = repository.getHistoryMetadata(doc)
            principals = [
                history.retrieve(i)["metadata"]["sys_metadata"]["principal"]
                for i in range(history.getLength(countPurged=False))
            ]
            old = repository.retrieve(doc, 0).object
        assert principals == ["clerk", "clerk2"]
        assert old.file.data == b"%PDF-1.4 scan 1"
        request = integration["request"]
        html = page(people, request, "clerk", doc, "@@document-view")
        assert 'id="file-versions"' in html and "Clerk2" in html


class TestForms:
    def test_add_forms_render_for_the_right_people(self, http_people, api_session):
        portal = http_people
        incoming_url = f"{portal.registry.incoming.absolute_url()}/++add++IncomingDocument"
        outgoing_url = f"{portal.registry.outgoing.absolute_url()}/++add++OutgoingDocument"
        clerk = api_session("clerk", PASSWORD)
        clerk.headers["Accept"] = "text/html"
        page = clerk.get(incoming_url)
        assert page.status_code == 200
        assert 'name="form.widgets.title"' in page.text
        assert 'name="form.widgets.sender_personal_number"' in page.text
        writer = api_session("writer", PASSWORD)
        writer.headers["Accept"] = "text/html"
        page = writer.get(outgoing_url)
        assert page.status_code == 200 and 'name="form.widgets.approvers"' in page.text
        # Plone's add view answers a type the user may not add with an error page
        refused = writer.get(incoming_url, allow_redirects=False)
        assert refused.status_code != 200
        assert 'name="form.widgets.sender_personal_number"' not in refused.text

    def test_edit_form_of_a_draft(self, http_people, api_session):
        portal = http_people
        doc = outgoing(portal)
        transaction.commit()
        writer = api_session("writer", PASSWORD)
        writer.headers["Accept"] = "text/html"
        page = writer.get(f"{doc.absolute_url()}/edit")
        assert page.status_code == 200 and "head" in page.text
