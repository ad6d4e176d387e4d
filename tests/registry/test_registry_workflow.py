"""Workflows of the registry: every transition, every guard, numbers and chains."""

import datetime
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
import pytest
from ratusha.core.rest import InputError
from ratusha.registry import actions
from ratusha.registry import substitutes
from ratusha.registry.config import today
from registry_helpers import act
from registry_helpers import can_view
from registry_helpers import found
from registry_helpers import in_days
from registry_helpers import incoming
from registry_helpers import outgoing
from registry_helpers import transitions


class TestWorkflows:
    """One layer set-up for the whole class (zope.pytestlayer's class scope)."""

    def test_registers_installed(self, people):
        registry = people.registry
        assert [r.index for r in registry.objectValues()] == ["94-00", "94-01", "94-02", "94-10"]
        workflows = api.portal.get_tool("portal_workflow")
        assert workflows.getChainForPortalType("IncomingDocument") == ("ratusha_incoming_workflow",)
        assert workflows.getChainForPortalType("InternalDocument") == ("ratusha_outgoing_workflow",)
        assert workflows.getChainForPortalType("RegistryTask") == ("ratusha_task_workflow",)

    def test_registration_numbers_in_order(self, people):
        # the SQL ledger outlives the test's ZODB: count from wherever the register stands
        first = incoming(people)
        second = incoming(people, title="Заявление за удостоверение", kind="application")
        year = today()
        assert second.registration_seq == first.registration_seq + 1
        assert first.registration_number == f"94-00-{first.registration_seq:05d}/{year:%d.%m.%Y}"
        assert second.registration_number == f"94-00-{second.registration_seq:05d}/{year:%d.%m.%Y}"
        assert first.registration_year == year.year
        assert first.Title().startswith(first.registration_number)
        assert first.registered_by == "clerk" and api.content.get_state(first) == "registered"
        uid = api.content.get_uuid(second)
        assert found("clerk", people, registry_number=second.registration_number) == {uid}
        assert found("clerk", people, SearchableText=f"{second.registration_seq:05d}") == {uid}

    def test_registering_twice_is_refused(self, people):
        doc = incoming(people)
        with api.env.adopt_user("clerk"):
            with pytest.raises(InputError) as caught:
                actions.register_document(doc)
        assert caught.value.status == 409
        with pytest.raises(WorkflowException):
            act("clerk", doc, "register")

    def test_only_registrars_register(self, people):
        doc = incoming(people, register=False)
        assert api.content.get_state(doc) == "received"
        assert "register" not in transitions("head", doc)
        assert "register" in transitions("clerk2", doc)
        with pytest.raises(InputError) as caught:
            with api.env.adopt_user("writer"):
                actions.create_incoming(people.registry.incoming, {"title": "x"})
        assert caught.value.status == 403

    def test_missing_subject_and_unknown_register(self, people):
        with api.env.adopt_user("clerk"):
            with pytest.raises(InputError) as caught:
                actions.create_incoming(people.registry.incoming, {"title": "  "})
            assert caught.value.status == 400
            with pytest.raises(InputError) as caught:
                actions.find_register("no-such-register")
            assert caught.value.status == 404

    def test_resolution_creates_tasks_and_assigns(self, people):
        doc = incoming(people)
        with api.env.adopt_user("head"):
            resolution = actions.issue_resolution(
                doc, ["writer", "colleague"], "Да се провери.", deadline=in_days(10)
            )
        tasks = resolution.tasks()
        assert [(t.assignee, t.responsible) for t in tasks] == [
            ("writer", True),
            ("colleague", False),
        ]
        assert api.content.get_state(doc) == "assigned"
        assert {api.content.get_state(t) for t in tasks} == {"assigned"}
        assert doc.deadline == today() + datetime.timedelta(days=10)
        # the executor starts: the task and the document move on
        assert act("writer", tasks[0], "start") == "in_progress"
        assert api.content.get_state(doc) == "in_progress"
        # only the executor moves their own task
        assert transitions("colleague", tasks[0]) == []
        assert transitions("colleague", tasks[1]) == ["complete", "return_task", "start"]
        with pytest.raises(WorkflowException):
            act("colleague", tasks[1], "return_task")  # a reason is required
        assert (
            act("colleague", tasks[1], "return_task", "Не е от моята компетентност") == "returned"
        )
        assert transitions("head", tasks[1]) == ["reopen"]
        assert act("head", tasks[1], "reopen") == "assigned"
        assert act("writer", tasks[0], "complete", "Отговорено с писмо") == "done"
        # the responsible executor answers and closes; others may not
        assert "close" not in transitions("colleague", doc)
        assert act("writer", doc, "answer") == "answered"
        assert act("head", doc, "close") == "closed"

    def test_resolution_input_errors(self, people):
        doc = incoming(people)
        cases = [
            (dict(assignees=["writer"], instruction="x", deadline=in_days(-1)), 400, "past"),
            (dict(assignees=[], instruction="x", deadline=in_days(3)), 400, "executor"),
            (dict(assignees=["nobody"], instruction="x", deadline=in_days(3)), 400, "nobody"),
            (dict(assignees=["writer"], instruction=" ", deadline=in_days(3)), 400, "instruction"),
            (dict(assignees=["writer"], instruction="x", deadline="22.11.2026"), 400, "YYYY"),
        ]
        for kwargs, status, text in cases:
            with api.env.adopt_user("head"):
                with pytest.raises(InputError) as caught:
                    actions.issue_resolution(doc, **kwargs)
            assert caught.value.status == status
            assert (
                text in api.env.translate(caught.value.message)
                if hasattr(api.env, "translate")
                else True
            )
        with api.env.adopt_user("writer"):
            with pytest.raises(InputError) as caught:
                actions.issue_resolution(doc, ["colleague"], "x", deadline=in_days(3))
        assert caught.value.status == 403

    def test_default_term_from_the_kind(self, people):
        doc = incoming(people, kind="proposal")
        with api.env.adopt_user("head"):
            actions.issue_resolution(doc, ["writer"], "Да се обсъди.")
        from ratusha.registry.config import work_calendar

        assert doc.deadline == work_calendar().add_months(today(), 2)

    @pytest.mark.parametrize(
        "transition", ["return_to_sender", "leave_without_consideration", "cancel"]
    )
    def test_reason_required(self, people, transition):
        doc = incoming(people)
        user = "head" if transition == "leave_without_consideration" else "clerk"
        with pytest.raises(WorkflowException, match="reason|причин"):
            act(user, doc, transition)
        assert act(user, doc, transition, "Анонимен сигнал, чл. 111, ал. 4 АПК") in (
            "returned",
            "left_without_consideration",
            "cancelled",
        )
        assert doc.registration_number  # a cancelled registration keeps its number

    def test_approval_chain_in_order(self, people):
        doc = outgoing(people)
        assert api.content.get_state(doc) == "draft"
        assert act("writer", doc, "submit") == "in_approval"
        assert doc.current_approver() == "head"
        # nobody but the current approver may approve or reject
        for user in ("director", "mayor", "writer", "colleague", "clerk"):
            assert not {"approve", "approve_final", "reject"} & set(transitions(user, doc)), user
            with pytest.raises(WorkflowException):
                act(user, doc, "approve")
        assert set(transitions("head", doc)) == {"approve", "reject"}
        assert act("head", doc, "approve", "Съгласувано") == "in_approval"
        assert doc.current_approver() == "director"
        assert set(transitions("director", doc)) == {"approve", "reject"}
        assert act("director", doc, "approve") == "in_approval"
        assert set(transitions("mayor", doc)) == {"approve_final", "reject"}
        assert act("mayor", doc, "approve_final") == "approved"
        assert [s["by"] for s in doc.approval_steps] == ["head", "director", "mayor"]
        assert doc.approval_steps[0]["comment"] == "Съгласувано"
        # the last approver signs by default; a director cannot sign for the mayor
        assert "sign" not in transitions("director", doc)
        assert act("mayor", doc, "sign") == "signed"
        assert "register" in transitions("clerk", doc)
        assert act("clerk", doc, "register") == "registered"
        assert doc.registration_number.startswith("94-01-")
        assert act("clerk", doc, "dispatch") == "dispatched"
        assert act("clerk", doc, "archive") == "archived"

    def test_rejection_returns_to_the_author_with_a_comment(self, people):
        doc = outgoing(people, approvers=("head", "director"))
        act("writer", doc, "submit")
        act("head", doc, "approve")
        with pytest.raises(WorkflowException):
            act("director", doc, "reject")  # no comment
        assert act("director", doc, "reject", "Липсва правно основание") == "draft"
        assert doc.approval_steps[1]["state"] == "rejected"
        assert can_view("writer", doc)
        # a new round starts from the first approver
        assert act("writer", doc, "submit") == "in_approval"
        assert doc.current_approver() == "head"

    def test_author_withdraws(self, people):
        doc = outgoing(people, approvers=("head", "mayor"))
        act("writer", doc, "submit")
        assert "withdraw" not in transitions("head", doc)
        assert act("writer", doc, "withdraw") == "draft"

    def test_bad_chains_cannot_be_submitted(self, people):
        # the messages come in the site's language, Bulgarian
        for approvers, text in (
            ((), "поне един"),
            (("head", "head"), "два пъти"),
            (("writer",), "собствения"),
            (("colleague",), "не могат да съгласуват"),
            (("head",), "не може да подписва"),
        ):
            doc = outgoing(people, approvers=approvers)
            with pytest.raises(WorkflowException, match=text):
                act("writer", doc, "submit")
            assert api.content.get_state(doc) == "draft"

    def test_substitute_approves_for_a_date_range(self, people):
        doc = outgoing(people, approvers=("director", "mayor"))
        act("writer", doc, "submit")
        day = today()
        assert "approve" not in transitions("deputy", doc)
        with api.env.adopt_roles(["Manager"]):
            substitutes.add(
                "director",
                "deputy",
                day - datetime.timedelta(days=10),
                day - datetime.timedelta(days=1),
            )
        assert "approve" not in transitions("deputy", doc)  # the range is over
        with api.env.adopt_roles(["Manager"]):
            substitutes.add("director", "deputy", day, day + datetime.timedelta(days=3))
        doc.reindexObjectSecurity()
        assert can_view("deputy", doc)
        assert act("deputy", doc, "approve") == "in_approval"
        assert doc.approval_steps[0]["on_behalf_of"] == "director"
        assert doc.approval_steps[0]["by"] == "deputy"
        assert doc.current_approver() == "mayor"

    def test_new_draft_gets_the_default_chain_and_department(self, people):
        doc = outgoing(people, approvers=None)
        assert doc.approvers == ["head", "director", "secretary", "mayor"]
        assert doc.department == "dep-budget"
        memo = outgoing(people, approvers=None, portal_type="InternalDocument", kind="memo")
        assert memo.approvers == ["head"]

    def test_default_chain_from_the_department(self, people):
        with api.env.adopt_user("writer"):
            assert actions.default_approvers("letter") == ["head", "director", "secretary", "mayor"]
            assert actions.default_approvers("memo") == ["head"]
        with api.env.adopt_user("head"):
            assert actions.default_approvers("letter") == ["director", "secretary", "mayor"]

    def test_case_file_numbered_when_opened(self, people):
        with api.env.adopt_user("clerk"):
            case = api.content.create(
                container=people.registry["case-files"],
                type="CaseFile",
                id=actions.new_id("CaseFile"),
                title="Ремонт на ул. „Роза“",
            )
        assert case.registration_number.startswith("94-10-")
        doc = incoming(people, case_file=None)
        doc.case_file = api.content.get_uuid(case)
        assert can_view("clerk2", case)
