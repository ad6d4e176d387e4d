"""Who sees registry documents: pages, REST, catalog search and the personal room agree."""

from plone import api
from ratusha.registry import actions
from registry_helpers import act
from registry_helpers import can_view
from registry_helpers import found
from registry_helpers import in_days
from registry_helpers import incoming
from registry_helpers import outgoing
from registry_helpers import PASSWORD
import transaction
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


class TestSecurity:
    """One layer set-up for the whole class."""

    def test_incoming_visible_to_department_registrars_and_the_top(self, people):
        doc = incoming(people)
        uid = api.content.get_uuid(doc)
        for user in ("clerk", "clerk2", "colleague", "head", "mayor", "secretary"):
            assert can_view(user, doc), user
            assert uid in found(user, people, portal_type="IncomingDocument"), user
        for user in ("outsider", "director", "deputy"):
            assert not can_view(user, doc), user
            assert uid not in found(user, people, portal_type="IncomingDocument"), user

    def test_assignees_see_it_and_confidential_narrows(self, people):
        doc = incoming(people, confidential=True)
        uid = api.content.get_uuid(doc)
        # confidential: not the whole department, not every registrar
        for user in ("clerk2", "colleague", "head", "outsider"):
            assert not can_view(user, doc), user
            assert uid not in found(user, people, SearchableText="осветление"), user
        for user in ("clerk", "mayor", "secretary"):  # who registered it, and the top
            assert can_view(user, doc), user
        with api.env.adopt_user("mayor"):
            actions.issue_resolution(doc, ["outsider"], "Лично и поверително.", deadline=in_days(5))
        assert can_view("outsider", doc)
        assert uid in found("outsider", people, SearchableText="осветление")
        assert not can_view("colleague", doc)
        # un-marking it opens it to the department again
        with api.env.adopt_user("clerk"):
            doc.confidential = False
            notify(ObjectModifiedEvent(doc))
        assert can_view("colleague", doc)

    def test_drafts_only_for_the_author_then_approvers_as_they_act(self, people):
        doc = outgoing(people, approvers=("head", "director"))
        uid = api.content.get_uuid(doc)
        for user in ("head", "director", "colleague", "mayor", "clerk"):
            assert not can_view(user, doc), user
        assert can_view("writer", doc)
        act("writer", doc, "submit")
        assert can_view("head", doc)  # the current approver
        assert not can_view("director", doc)  # not yet their turn
        assert uid in found("head", people, portal_type="OutgoingDocument")
        assert uid not in found("director", people, portal_type="OutgoingDocument")
        assert uid not in found("outsider", people, portal_type="OutgoingDocument")
        act("head", doc, "approve")
        assert can_view("head", doc) and can_view("director", doc)  # after acting, and now

    def test_confidential_letter_reaches_registrars_only_to_be_registered(self, people):
        doc = outgoing(people, approvers=("head", "director"), confidential=True)
        act("writer", doc, "submit")
        assert not can_view("clerk", doc)
        act("head", doc, "approve")
        act("director", doc, "approve_final")
        act("director", doc, "sign")
        assert can_view("clerk", doc) and can_view("clerk2", doc)
        act("clerk", doc, "register")
        assert can_view("clerk", doc) and not can_view("clerk2", doc)
        assert not can_view("colleague", doc)

    def test_other_employees_refused_over_http(self, http_people, api_session):
        portal = http_people
        doc = incoming(portal, confidential=True)
        letter = outgoing(portal, approvers=("head", "director"))
        transaction.commit()
        for target in (doc, letter):
            for user in ("outsider", "colleague", "clerk2"):
                session = api_session(user, PASSWORD)
                assert session.get(target.absolute_url()).status_code == 401, user
                session.headers["Accept"] = "text/html"
                page = session.get(target.absolute_url(), allow_redirects=False)
                assert page.status_code in (302, 401, 403, 404), user
                assert "require_login" in page.headers.get("Location", "require_login")
                assert target.title not in session.get(target.absolute_url()).text
        search = (
            api_session("outsider", PASSWORD)
            .get(
                f"{portal.absolute_url()}/@search",
                params={"portal_type": ["IncomingDocument", "OutgoingDocument"]},
            )
            .json()
        )
        assert search["items_total"] == 0
        room = (
            api_session("colleague", PASSWORD).get(f"{portal.absolute_url()}/@personal-room").json()
        )
        listed = [i for p in room["panels"] for i in p["items"]]
        assert all(
            i.get("UID") not in (api.content.get_uuid(doc), api.content.get_uuid(letter))
            for i in listed
        )
        assert api_session("writer", PASSWORD).get(letter.absolute_url()).status_code == 200
        assert api_session("mayor", PASSWORD).get(doc.absolute_url()).status_code == 200
