"""The registry over real HTTP: registration, resolutions, approvals, worklists, errors, audit."""

import json
from plone import api
from ratusha.registry.config import today
from registry_helpers import act
from registry_helpers import in_days
from registry_helpers import incoming
from registry_helpers import outgoing
from registry_helpers import PASSWORD
import transaction


def client(api_session, user):
    return api_session(user, PASSWORD)


class TestRest:
    """One layer set-up for the whole class."""

    def test_register_at_the_counter(self, http_people, api_session, audit_log):
        portal = http_people
        clerk = client(api_session, "clerk")
        url = f"{portal.absolute_url()}/@registry-register"
        reply = clerk.post(
            url,
            json={
                "register": "incoming",
                "title": "Сигнал за нерегламентирано сметище",
                "kind": "signal",
                "channel": "email",
                "sender_name": "Петър Петров",
                "sender_personal_number": "7501010010",
            },
        )
        assert reply.status_code == 201, reply.text
        data = reply.json()
        assert data["number"].startswith("94-00-") and data["review_state"] == "registered"
        assert data["register"] == "incoming"
        # the document's REST data shows the number and the СЕОС status
        doc = clerk.get(data["@id"]).json()
        assert doc["registry"]["number"] == data["number"]
        assert doc["registry"]["seos_status"] == "DS_REGISTERED"
        assert doc["sender_personal_number"] == "7501010010"  # a registrar may read it
        # registering twice
        again = clerk.post(url, json={"document": data["UID"]})
        assert again.status_code == 409
        assert data["number"] in again.json()["error"]["message"]
        # the act is on the audit trail with its number, not the citizen's data
        [row] = audit_log.new(action="registry.register")
        details = json.loads(row["details"])
        assert details["number"] == data["number"] and row["actor_id"] == "clerk"
        assert "7501010010" not in json.dumps(audit_log.new(), default=str)

    def test_register_errors(self, http_people, api_session):
        portal = http_people
        url = f"{portal.absolute_url()}/@registry-register"
        clerk = client(api_session, "clerk")
        missing = clerk.post(url, json={"register": "incoming", "title": "  "})
        assert missing.status_code == 400
        assert missing.json()["error"]["type"] == "BadRequest"
        unknown = clerk.post(url, json={"register": "no-such", "title": "Писмо"})
        assert unknown.status_code == 404
        assert "no-such" in unknown.json()["error"]["message"]
        wrong = clerk.post(url, json={"register": "outgoing", "title": "Писмо"})
        assert wrong.status_code == 400
        employee = client(api_session, "writer").post(
            url, json={"register": "incoming", "title": "x"}
        )
        assert employee.status_code in (401, 403)
        assert not api.content.find(portal_type="IncomingDocument", unrestricted=True)

    def test_resolution_and_tasks(self, http_people, api_session, audit_log):
        portal = http_people
        doc = incoming(portal)
        transaction.commit()
        head = client(api_session, "head")
        url = f"{doc.absolute_url()}/@resolution"
        past = head.post(
            url,
            json={
                "assignees": ["writer"],
                "instruction": "Да се провери.",
                "deadline": in_days(-2),
            },
        )
        assert past.status_code == 400, past.text
        assert (
            "past" in past.json()["error"]["message"].lower()
            or "мина" in past.json()["error"]["message"]
        )
        reply = head.post(
            url,
            json={
                "assignees": ["writer", "colleague"],
                "instruction": "Да се провери и отговори.",
                "deadline": in_days(7),
            },
        )
        assert reply.status_code == 201, reply.text
        data = reply.json()
        assert [t["assignee"] for t in data["tasks"]] == ["writer", "colleague"]
        assert data["review_state"] == "assigned"
        # the executor sees it in "assigned to me", and in the notifications
        writer = client(api_session, "writer")
        assigned = writer.get(f"{portal.absolute_url()}/@worklist/assigned").json()
        assert [i["number"] for i in assigned["items"]] == [doc.registration_number]
        notices = writer.get(f"{portal.absolute_url()}/@notifications").json()["items"]
        assert notices[0]["kind"] == "registry.assignment"
        # an employee may not write resolutions
        refused = writer.post(
            url, json={"assignees": ["colleague"], "instruction": "x", "deadline": in_days(3)}
        )
        assert refused.status_code == 403
        [row] = audit_log.new(action="registry.resolution")
        assert json.loads(row["details"])["assignees"] == ["writer", "colleague"]

    def test_approval_over_rest(self, http_people, api_session, audit_log):
        portal = http_people
        doc = outgoing(portal, approvers=("head", "director"))
        act("writer", doc, "submit")
        transaction.commit()
        url = f"{doc.absolute_url()}/@approval"
        director = client(api_session, "director")
        # not yet their turn: the director does not even see the document
        assert director.post(url, json={"action": "approve"}).status_code == 401
        # the author sees it, but is not the current approver
        author = client(api_session, "writer").post(url, json={"action": "approve"})
        assert author.status_code == 403
        assert author.json()["error"]["type"] == "Forbidden"
        assert (
            "current approver" in author.json()["error"]["message"]
            or "текущ" in author.json()["error"]["message"]
        )
        head = client(api_session, "head")
        for_me = head.get(f"{portal.absolute_url()}/@worklist/for-approval").json()
        assert [i["UID"] for i in for_me["items"]] == [api.content.get_uuid(doc)]
        assert director.get(f"{portal.absolute_url()}/@worklist/for-approval").json()["items"] == []
        no_reason = head.post(url, json={"action": "reject"})
        assert no_reason.status_code == 400
        ok = head.post(url, json={"action": "approve", "comment": "Съгласувам"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["approval"]["current"] == "director"
        # a past approver cannot decide again, through @approval or through @workflow
        assert head.post(url, json={"action": "approve"}).status_code == 403
        again = head.post(f"{doc.absolute_url()}/@workflow/approve_final", json={})
        assert again.status_code == 400
        # plone.restapi calls a refused transition to the same state a success; nothing moves
        head.post(f"{doc.absolute_url()}/@workflow/approve", json={})
        assert head.get(url).json()["approval"]["current"] == "director"
        final = director.post(url, json={"action": "approve"})
        assert final.json()["review_state"] == "approved"
        author = client(api_session, "writer").get(url).json()
        assert [s["state"] for s in author["approval"]["steps"]] == ["approved", "approved"]
        rows = audit_log.new(action="registry.")
        assert [r["action"] for r in rows if r["action"] != "registry.submit"] == [
            "registry.approve",
            "registry.approve_final",
        ]
        assert json.loads(rows[-1]["details"])["approver"] == "director"

    def test_worklists_counts_and_drafts(self, http_people, api_session):
        portal = http_people
        outgoing(portal, title="Чернова 1")
        outgoing(portal, title="Чернова 2")
        transaction.commit()
        writer = client(api_session, "writer")
        counts = writer.get(f"{portal.absolute_url()}/@worklist").json()["counts"]
        assert counts == {"for-approval": 0, "assigned": 0, "overdue": 0, "drafts": 2}
        assert writer.get(f"{portal.absolute_url()}/@worklist/nonsense").status_code == 404
        assert (
            client(api_session, "colleague")
            .get(f"{portal.absolute_url()}/@worklist/drafts")
            .json()["items"]
            == []
        )

    def test_overdue(self, http_people, api_session):
        import datetime

        portal = http_people
        doc = incoming(portal)
        with api.env.adopt_user("head"):
            from ratusha.registry import actions

            resolution = actions.issue_resolution(doc, ["writer"], "Спешно.", deadline=in_days(1))
        task = resolution.tasks()[0]
        task.deadline = today() - datetime.timedelta(days=1)
        task.reindexObject()
        transaction.commit()
        for user in ("writer", "head"):
            items = (
                client(api_session, user)
                .get(f"{portal.absolute_url()}/@worklist/overdue")
                .json()["items"]
            )
            assert [i["deadline_status"] for i in items] == ["overdue"], user
        assert (
            client(api_session, "colleague")
            .get(f"{portal.absolute_url()}/@worklist/overdue")
            .json()["items"]
            == []
        )


class TestSubstitutesAndSettings:
    def test_substitute_over_rest(self, http_people, api_session, audit_log):
        import datetime

        portal = http_people
        doc = outgoing(portal, approvers=("director", "mayor"))
        act("writer", doc, "submit")
        transaction.commit()
        url = f"{portal.absolute_url()}/@registry-substitutes"
        day = today()
        director = client(api_session, "director")
        bad = director.post(
            url,
            json={
                "substitute": "deputy",
                "start": day.isoformat(),
                "end": (day - datetime.timedelta(days=1)).isoformat(),
            },
        )
        assert bad.status_code == 400
        other = director.post(
            url,
            json={
                "approver": "mayor",
                "substitute": "deputy",
                "start": day.isoformat(),
                "end": day.isoformat(),
            },
        )
        assert other.status_code == 403
        reply = director.post(
            url,
            json={
                "substitute": "deputy",
                "start": day.isoformat(),
                "end": (day + datetime.timedelta(days=2)).isoformat(),
            },
        )
        assert reply.status_code == 201, reply.text
        deputy = client(api_session, "deputy")
        assert [
            i["UID"]
            for i in deputy.get(f"{portal.absolute_url()}/@worklist/for-approval").json()["items"]
        ] == [api.content.get_uuid(doc)]
        ok = deputy.post(f"{doc.absolute_url()}/@approval", json={"action": "approve"})
        assert ok.status_code == 200, ok.text
        step = ok.json()["approval"]["steps"][0]
        assert step["by"] == "deputy" and step["on_behalf_of"] == "director"
        assert deputy.get(url).json()["items"][0]["approver"] == "director"
        assert client(api_session, "outsider").get(url).json()["items"] == []
        assert [r["action"] for r in audit_log.new(action="registry.substitute")] == [
            "registry.substitute"
        ]

    def test_settings_page_for_administrators_only(self, http_people, api_session):
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        portal = http_people
        url = f"{portal.absolute_url()}/@@registry-settings"
        admin = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        admin.headers["Accept"] = "text/html"
        page = admin.get(url)
        assert page.status_code == 200 and "extra_days_off" in page.text
        clerk = api_session("clerk", PASSWORD)
        clerk.headers["Accept"] = "text/html"
        assert "extra_days_off" not in clerk.get(url).text
