"""The session's workflow and its guards, convening (publication, notices), agenda changes,
opinions, and the quorum gate on opening."""

from council_helpers import add_pdf
from council_helpers import CHAIR
from council_helpers import convened_session
from council_helpers import convened_today
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import make_session
from council_helpers import STAFF
import datetime
from plone import api
from plone.namedfile.file import NamedBlobFile
import pytest
from ratusha.council import attendance
from ratusha.council import fromdocument
from ratusha.council import lifecycle
from ratusha.council import opinions
from ratusha.council.demo import pdf
from ratusha.council.quorum import QuorumError
from ratusha.notifications.api import inbox_of_current_user
from ratusha.registry import actions
import time_machine


def transitions(obj):
    return {t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(obj)}


def texts(problems):
    return [p.default for p in problems]


def test_convene_publishes_agenda_and_notifies(council):
    session = make_session()
    item = make_item(session)
    info = make_item(
        session, title="Информация", kind="information", basis=("",) * 4, materials=False
    )
    assert api.content.get_state(session) == "draft"
    with api.env.adopt_user(username=STAFF):
        assert "convene" in transitions(session)
        api.content.transition(obj=session, transition="convene")
    assert api.content.get_state(session) == "convened"
    assert api.content.get_state(item) == "public" and api.content.get_state(info) == "public"
    assert session.published_on is not None and session.convened_by == STAFF
    with api.env.adopt_user(username="cllr05"):
        notices = inbox_of_current_user().notices()
        assert any(n.kind == "council.convened" for n in notices)


def test_councillor_cannot_convene(council):
    session = make_session()
    make_item(session)
    with api.env.adopt_user(username="cllr05"):
        assert "convene" not in transitions(session)


@pytest.mark.parametrize(
    "days, kind, reason, ok",
    [
        (10, "regular", None, True),
        (7, "regular", None, True),
        (6, "regular", None, False),
        (2, "extraordinary", "Бедствие в село Горно", True),
        (0, "extraordinary", "Бедствие в село Горно", False),
    ],
)
def test_notice_period(council, days, kind, reason, ok):
    session = make_session(days=days, kind=kind, extraordinary_reason=reason)
    make_item(session)
    found = lifecycle.problems(session, "convene")
    assert (not found) is ok, texts(found)
    with api.env.adopt_user(username=STAFF):
        assert ("convene" in transitions(session)) is ok


def test_convene_needs_legal_basis_and_open_materials(council):
    session = make_session()
    item = make_item(session, basis=("",) * 4)
    assert any("legal basis" in t for t in texts(lifecycle.problems(session, "convene")))
    item.legal_law, item.legal_article, item.legal_paragraph, item.legal_point = (
        "ЗМСМА",
        "21",
        "1",
        "8",
    )
    assert lifecycle.problems(session, "convene") == []
    add_pdf(item, name="oferta.doc", content_type="application/msword")
    assert any("open format" in t for t in texts(lifecycle.problems(session, "convene")))
    with api.env.adopt_user(username=STAFF):
        api.content.delete(obj=item["oferta.doc"])
    bare = make_item(session, title="Продажба", materials=False)
    assert any("materials are missing" in t for t in texts(lifecycle.problems(session, "convene")))
    add_pdf(bare)
    assert lifecycle.problems(session, "convene") == []


def test_remote_session_needs_basis(council):
    session = make_session(mode="hybrid")
    make_item(session)
    assert any("28а" in t for t in texts(lifecycle.problems(session, "convene")))
    session.remote_basis = "Заповед на кмета № 120 за извънредна епидемична обстановка"
    assert lifecycle.problems(session, "convene") == []
    council.remote_allowed = False
    assert any("does not allow" in t for t in texts(lifecycle.problems(session, "convene")))


def test_open_needs_a_current_quorum_check(council):
    session = convened_today()
    with api.env.adopt_user(username=STAFF):
        assert "open" not in transitions(session)
        with pytest.raises(QuorumError) as refused:
            attendance.require_quorum(session)
        assert refused.value.reason == "lost"
        for user in COUNCILLORS[:11]:
            attendance.record_presence(session, user, True, "staff")
        with pytest.raises(QuorumError) as refused:
            attendance.require_quorum(session)
        assert refused.value.reason == "no-check"
        check = attendance.record_quorum_check(session)
        assert check["quorate"] and check["present"] == 11 and check["required"] == 11
        attendance.require_quorum(session)
        api.content.transition(obj=session, transition="open")
    assert api.content.get_state(session) == "open"
    assert session.opened_at is not None and session.current_item is not None
    # quorum lost: acts are blocked until a new check
    with api.env.adopt_user(username=STAFF):
        attendance.record_presence(session, COUNCILLORS[0], False, "staff")
        with pytest.raises(QuorumError) as refused:
            attendance.require_quorum(session)
        assert refused.value.reason == "lost"
        attendance.record_presence(session, COUNCILLORS[0], True, "staff")
        with pytest.raises(QuorumError) as refused:
            attendance.require_quorum(session)
        assert refused.value.reason == "stale"
        attendance.record_quorum_check(session)
        attendance.require_quorum(session)
        api.content.transition(obj=session, transition="close")
    assert api.content.get_state(session) == "closed" and session.closed_at is not None
    # the protocol's states and transitions exist; part 2 guards them
    workflow = api.portal.get_tool("portal_workflow")["ratusha_council_session_workflow"]
    assert set(workflow.states) == {
        "draft",
        "convened",
        "open",
        "closed",
        "protocol_correction",
        "protocol_approved",
        "published",
    }
    assert {(t, workflow.transitions[t].new_state_id) for t in workflow.transitions} == {
        ("convene", "convened"),
        ("open", "open"),
        ("close", "closed"),
        ("start_correction", "protocol_correction"),
        ("approve_protocol", "protocol_approved"),
        ("publish_protocol", "published"),
    }


def test_negative_check_blocks(council):
    session = convened_session()
    with api.env.adopt_user(username=STAFF):
        for user in COUNCILLORS[:10]:
            attendance.record_presence(session, user, True, "staff")
        check = attendance.record_quorum_check(session)
        assert not check["quorate"] and check["present"] == 10
        attendance.record_presence(session, COUNCILLORS[10], True, "staff")
        with pytest.raises(QuorumError) as refused:
            attendance.require_quorum(session)
        assert refused.value.reason == "negative"


def test_agenda_changes_after_convening_are_recorded(council):
    session = make_session()
    item = make_item(session)
    with api.env.adopt_user(username=STAFF):
        item.title = "Бюджет 2027 – проект"  # before convening: not an agenda change
    assert session.agenda_changes == ()
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=session, transition="convene")
    assert session.agenda_changes == ()  # publishing at convening is the agenda itself
    late = make_item(session, title="Допълнителна точка")
    add_pdf(late, name="dop.pdf")
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=late, transition="publish")
    actions = [c["action"] for c in session.agenda_changes]
    assert actions == ["item-added", "material-added", "material-added", "item-publish"], actions
    assert all(c["actor"] == STAFF for c in session.agenda_changes)
    # an item added while the session is open needs the council's vote
    for user in COUNCILLORS[:11]:
        with api.env.adopt_user(username=STAFF):
            attendance.record_presence(session, user, True, "staff")
    with api.env.adopt_user(username=CHAIR), time_machine.travel(session.start):
        attendance.record_quorum_check(session)
        api.content.transition(obj=session, transition="open")
    make_item(session, title="Спешна точка")
    [urgent] = [
        c
        for c in session.agenda_changes
        if c["title"] == "Спешна точка" and c["action"] == "item-added"
    ]
    assert urgent["needs_vote"] is True and urgent["session_state"] == "open"


def test_item_publication_needs_legal_basis(council):
    session = convened_session()
    item = make_item(session, title="Без основание", basis=("",) * 4)
    assert any("legal basis" in t for t in texts(lifecycle.problems(item, "publish")))
    with api.env.adopt_user(username=STAFF):
        assert "publish" not in transitions(item)
        item.legal_law, item.legal_article = "ЗМСМА", "21"
        assert "publish" in transitions(item) and "publish_closed" not in transitions(item)


def test_closed_session_items_go_to_the_council_only(council):
    session = make_session(closed_door=True)
    item = make_item(session)
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=session, transition="convene")
    assert api.content.get_state(item) == "internal"


def test_opinions_asked_given_and_overdue(council):
    with api.env.adopt_roles(["Manager"]):
        committee = api.content.create(
            container=council,
            type="Committee",
            title="Бюджет",
            chair="cllr04",
            secretary=STAFF,
            members=["cllr04", "cllr05"],
        )
    assert committee.room  # its own meeting room
    session = make_session()
    item = make_item(
        session,
        committees=[committee.UID()],
        opinion_deadline=datetime.date.today() - datetime.timedelta(days=2),
    )
    [opinion] = opinions.opinions_of(item)
    assert opinion.committee == committee.UID() and not opinion.is_given()
    assert opinion.deadline == item.opinion_deadline
    with api.env.adopt_user(username="cllr04"):
        assert any(n.kind == "council.opinion-asked" for n in inbox_of_current_user().notices())
    assert opinions.flag_overdue() == 1
    assert opinions.flag_overdue() == 0  # told once per deadline
    with api.env.adopt_user(username="cllr04"):
        assert any(n.kind == "council.opinion-overdue" for n in inbox_of_current_user().notices())
        assert api.user.has_permission("Modify portal content", obj=opinion)
        assert not api.user.has_permission("Modify portal content", obj=item)
        opinions.give(opinion, "for_with_amendments", "Да се намали перото за представителни.")
    with api.env.adopt_user(username="cllr05"):
        assert not api.user.has_permission("Modify portal content", obj=opinion)
    assert opinion.given_by == "cllr04" and opinion.given_at is not None
    # a committee no longer asked loses its unanswered opinion, keeps a given one
    item.committees = []
    assert opinions.sync_opinions(item) == [] and len(opinions.opinions_of(item)) == 1


def test_agenda_item_from_an_internal_document(council):
    portal = api.portal.get()
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=portal.registry.internal,
            type="InternalDocument",
            id=actions.new_id("InternalDocument"),
            title="Докладна за бюджет 2027",
            body="Уважаеми общински съветници,\n\nпредлагам бюджета за 2027 г.",
        )
        api.content.create(
            container=document,
            type="File",
            title="prilozhenie.pdf",
            file=NamedBlobFile(
                pdf("Приложение", ["Бюджет"]),
                filename="prilozhenie.pdf",
                contentType="application/pdf",
            ),
        )
    session = make_session()
    with api.env.adopt_roles(["Manager"]):
        assert document.UID() in {d["uid"] for d in fromdocument.documents()}
        item = fromdocument.create_item(session, document)
    assert item.report_document == document.UID() and item.Title() == document.Title()
    assert "предлагам бюджета" in item.report.output
    assert [m.file.filename for m in lifecycle.materials(item)] == ["prilozhenie.pdf"]
