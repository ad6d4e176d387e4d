"""notify(): recipients by user, group or role; per-user inboxes; read state; REST."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.notifications.api import notify
from ratusha.notifications.recipients import resolve
from ratusha.notifications.storage import get_inbox
import transaction


PASSWORD = "secret-password-1"


def make_people():
    for user_id, groups in (
        ("ana", ["employees", "dep-a"]),
        ("boris", ["employees", "department-heads"]),
        ("vesela", ["councillors"]),
        ("georgi", []),
    ):
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        for group_id in groups:
            if api.group.get(groupname=group_id) is None:
                api.group.create(groupname=group_id)
            api.group.add_user(groupname=group_id, username=user_id)
    api.group.create(groupname="all-staff")
    api.portal.get_tool("portal_groups").addPrincipalToGroup("employees", "all-staff")
    api.user.grant_roles(username="georgi", roles=["Councillor"])


RESOLVE_CASES = [
    (["ana"], {"ana"}, []),
    (["group:dep-a"], {"ana"}, []),
    (["employees"], {"ana", "boris"}, []),
    (["role:Councillor"], {"vesela", "georgi"}, []),
    (["role:Department Head", "ana"], {"ana", "boris"}, []),
    (["group:all-staff"], {"ana", "boris"}, []),  # nested group
    (["nobody", "ana"], {"ana"}, ["nobody"]),
    (["role:Auditor"], set(), ["role:Auditor"]),
]


@pytest.mark.parametrize("recipients,users,unknown", RESOLVE_CASES)
def test_resolve(portal, recipients, users, unknown):
    make_people()
    assert resolve(recipients) == (users, unknown)


def test_notify_stores_per_user_and_marks_read(portal):
    make_people()
    result = notify(
        ["employees"],
        "registry.assigned",
        "Резолюция по 94-00-12",
        "Срок: 30.11.2026",
        "/registry/94-00-12",
        sender="boris",
    )
    assert result.users == ["ana", "boris"]
    inbox = get_inbox(portal, "ana")
    [notice] = inbox.notices()
    assert (notice.kind, notice.subject, notice.url, notice.sender) == (
        "registry.assigned",
        "Резолюция по 94-00-12",
        "/registry/94-00-12",
        "boris",
    )
    assert inbox.unread_count() == 1
    assert inbox.mark_read([notice.id]) == 1
    assert inbox.mark_read([notice.id]) == 0
    assert inbox.unread_count() == 0
    assert get_inbox(portal, "vesela") is None


def test_notice_url_is_stored_without_host(portal):
    make_people()
    notify(["ana"], "x", "Тема", url=portal.absolute_url() + "/doc")
    assert get_inbox(portal, "ana").notices()[0].url == "/doc"


def test_empty_subject_refused(portal):
    make_people()
    with pytest.raises(ValueError):
        notify(["ana"], "x", "  ")


def test_aborted_act_leaves_no_notice(functional):
    portal = functional["portal"]
    make_people()
    transaction.commit()
    notify(["ana"], "x", "Ще бъде отменено")
    transaction.abort()
    assert get_inbox(portal, "ana") is None


def test_rest_list_and_mark_read(functional, api_session):
    portal = functional["portal"]
    make_people()
    notify(["ana"], "x", "Първо")
    notify(["ana"], "x", "Второ")
    transaction.commit()
    ana = api_session("ana", PASSWORD)
    base = portal.absolute_url()
    listing = ana.get(f"{base}/@notifications").json()
    assert listing["unread"] == 2
    assert [i["subject"] for i in listing["items"]] == ["Второ", "Първо"]
    first = listing["items"][1]["id"]

    reply = ana.post(f"{base}/@notifications-read", json={"ids": [first]})
    assert reply.status_code == 200 and reply.json() == {"marked": 1, "unread": 1}
    unread = ana.get(f"{base}/@notifications", params={"unread": "1"}).json()
    assert [i["subject"] for i in unread["items"]] == ["Второ"]

    assert ana.post(f"{base}/@notifications-read", json={"all": True}).json()["unread"] == 0


@pytest.mark.parametrize(
    "body,status",
    [
        ({}, 400),
        ({"ids": "abc"}, 400),
        ({"ids": []}, 400),
        ({"ids": ["no-such-notice"]}, 404),
    ],
)
def test_rest_mark_read_bad_input(functional, api_session, body, status):
    portal = functional["portal"]
    make_people()
    notify(["ana"], "x", "Първо")
    transaction.commit()
    reply = api_session("ana", PASSWORD).post(
        f"{portal.absolute_url()}/@notifications-read", json=body
    )
    assert reply.status_code == status
    assert reply.json()["error"]["message"]
    assert get_inbox(portal, "ana").unread_count() == 1


def test_rest_send_announcement_needs_permission(functional, api_session):
    portal = functional["portal"]
    make_people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@notifications"
    body = {"recipients": ["group:dep-a", "role:Councillor"], "subject": "Оперативка в 10:00"}
    assert api_session("ana", PASSWORD).post(url, json=body).status_code == 401
    reply = api_session("boris", PASSWORD).post(url, json=body)
    assert reply.status_code == 201, reply.text
    assert reply.json()["recipients"] == ["ana", "georgi", "vesela"]
    transaction.begin()
    assert get_inbox(portal, "vesela").notices()[0].sender == "boris"


@pytest.mark.parametrize(
    "body",
    [
        {"subject": "x"},
        {"recipients": [], "subject": "x"},
        {"recipients": ["ana"], "subject": ""},
        {"recipients": ["ana"], "subject": "x" * 201},
        {"recipients": ["ana"], "subject": "x", "body": 5},
        {"recipients": ["nobody"], "subject": "x"},
        "{not json",
        "[1, 2]",
    ],
)
def test_rest_send_bad_input(functional, api_session, body):
    portal = functional["portal"]
    make_people()
    transaction.commit()
    session = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    url = f"{portal.absolute_url()}/@notifications"
    reply = session.post(url, data=body) if isinstance(body, str) else session.post(url, json=body)
    assert reply.status_code == 400
    assert reply.json()["error"]["type"] == "BadRequest"
    transaction.begin()
    assert get_inbox(portal, "ana") is None
