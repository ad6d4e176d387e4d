"""Real acts in the site leave records; aborted acts leave none; the log is for auditors only."""

from audit_helpers import PASSWORD
from audit_helpers import people
import csv
import datetime
import io
import json
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from ratusha.core import dates
import transaction
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import modified


def actions(rows):
    return [r["action"] for r in rows]


def test_content_lifecycle_is_recorded(functional, audit_log):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="memo", title="Memo")
        transaction.commit()
        doc.title = "Memo 2"
        modified(doc, Attributes(None, "title"))
        api.content.transition(obj=doc, transition="share", comment="за сведение")
        api.content.rename(obj=doc, new_id="memo-2")
        transaction.commit()
        api.content.delete(obj=portal["memo-2"])
        transaction.commit()
    rows = audit_log.new(path="/plone/memo")
    assert actions(rows) == [
        "content.create",
        "content.modify",
        "content.transition",
        "content.move",
        "content.delete",
    ]
    create, modify, transition = rows[:3]
    assert create["object_type"] == "Document" and create["object_uid"]
    assert json.loads(modify["details"]) == {"fields": ["title"]}
    details = json.loads(transition["details"])
    assert details["transition"] == "share" and details["comment"] == "за сведение"
    assert details["state"] == "internal"
    assert audit_log.store.verify().ok


def test_aborted_act_leaves_no_record(functional, audit_log):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=portal, type="Document", id="ghost", title="Ghost")
    transaction.abort()
    assert audit_log.new(path="/plone/ghost") == []


def test_failed_logins_are_recorded_without_the_password(functional, api_session, audit_log):
    portal = functional["portal"]
    people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@personal-room"
    assert api_session("worker", "wrong-guess-123").get(url).status_code == 401
    assert api_session("nosuchuser", "wrong-guess-456").get(url).status_code == 401
    reply = api_session().post(
        f"{portal.absolute_url()}/@login", json={"login": "worker", "password": "wrong-guess-789"}
    )
    assert reply.status_code == 401
    rows = audit_log.new(action="auth.login-failed")
    assert [(r["actor_login"], json.loads(r["details"])["reason"]) for r in rows] == [
        ("worker", "bad-credentials"),
        ("nosuchuser", "unknown-user"),
        ("worker", "bad-credentials"),
    ]
    assert {r["outcome"] for r in rows} == {"denied"}
    assert rows[0]["auth_method"] == "basic" and rows[0]["client_ip"] == "127.0.0.1"
    everything = json.dumps(audit_log.new(), default=str)
    assert "wrong-guess" not in everything


def test_successful_login_is_recorded(functional, api_session, audit_log):
    portal = functional["portal"]
    people()
    transaction.commit()
    reply = api_session().post(
        f"{portal.absolute_url()}/@login", json={"login": "worker", "password": PASSWORD}
    )
    assert reply.status_code == 200
    assert "token" in reply.json()
    [row] = audit_log.new(action="auth.login")
    assert row["actor_login"] == "worker"
    assert reply.json()["token"] not in json.dumps(audit_log.new(), default=str)


def test_audit_rest_is_for_auditors(functional, api_session, audit_log):
    portal = functional["portal"]
    people()
    transaction.commit()
    url = f"{portal.absolute_url()}/@audit"
    assert api_session().get(url).status_code == 401
    forbidden = api_session("worker", PASSWORD).get(url)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["type"] == "Forbidden"
    reply = api_session("inspector", PASSWORD).get(url, params={"action": "authz.", "limit": 2})
    assert reply.status_code == 200
    data = reply.json()
    assert len(data["items"]) == 2 and "before=" in data["next"]
    assert all(item["action"].startswith("authz.") for item in data["items"])
    for item in data["items"]:  # `ts` as recorded (UTC, hashed), `time` the same in Sofia
        recorded = datetime.datetime.fromisoformat(item["ts"]).replace(microsecond=0)
        shown = datetime.datetime.fromisoformat(item["time"])
        assert shown == recorded and shown.utcoffset() == dates.local(recorded).utcoffset()
    [search] = audit_log.new(action="audit.search")
    assert search["actor_id"] == "inspector"
    assert json.loads(search["details"])["filters"]["action"] == "authz."


def test_audit_rest_bad_filter(functional, api_session):
    portal = functional["portal"]
    people()
    transaction.commit()
    reply = api_session("inspector", PASSWORD).get(
        f"{portal.absolute_url()}/@audit", params={"since": "22.11.2026"}
    )
    assert reply.status_code == 400
    assert "ГГГГ-ММ-ДД" in reply.json()["error"]["message"]


def test_personal_data_reads_are_recorded(functional, api_session, audit_log):
    portal = functional["portal"]
    people()
    fti = api.portal.get_tool("portal_types")["Document"]
    fti.behaviors = tuple(fti.behaviors) + ("ratusha.personal_data",)
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(
            container=portal, type="Document", id="complaint", title="Жалба от гражданин"
        )
        api.content.transition(obj=doc, transition="share")
    transaction.commit()
    worker = api_session("worker", PASSWORD)
    assert worker.get(doc.absolute_url()).status_code == 200
    worker.headers["Accept"] = "text/html"
    assert worker.get(doc.absolute_url()).status_code == 200
    rows = audit_log.new(action="personal-data.view")
    assert [r["actor_id"] for r in rows] == ["worker", "worker"]
    assert rows[0]["object_uid"] == api.content.get_uuid(doc)


def test_denied_page_is_recorded(functional, audit_log):
    from plone.testing.zope import Browser

    portal = functional["portal"]
    people()
    transaction.commit()
    browser = Browser(functional["app"])
    browser.raiseHttpErrors = False
    browser.addHeader("Authorization", f"Basic worker:{PASSWORD}")
    browser.open(f"{portal.absolute_url()}/@@audit-log")
    [row] = audit_log.new(action="access.denied")
    assert row["actor_id"] == "worker" and row["outcome"] == "denied"
    assert row["object_path"].endswith("@@audit-log")


def test_auditor_page_and_export(functional, audit_log):
    from plone.testing.zope import Browser

    portal = functional["portal"]
    people()
    transaction.commit()
    browser = Browser(functional["app"])
    browser.addHeader("Authorization", f"Basic inspector:{PASSWORD}")
    browser.open(f"{portal.absolute_url()}/@@audit-log?action=authz.")
    assert "authz.group-member-added" in browser.contents
    browser.open(f"{portal.absolute_url()}/@@audit-log-export?actor=worker")
    assert browser.headers["Content-Type"].startswith("text/csv")
    assert "seq,ts,time,actor_id" in browser.contents  # ts as recorded (UTC), time in Sofia
    rows = list(csv.DictReader(io.StringIO(browser.contents.lstrip("\ufeff"))))
    assert rows and all(
        datetime.datetime.fromisoformat(r["time"]).utcoffset()
        == dates.local(datetime.datetime.fromisoformat(r["ts"])).utcoffset()
        for r in rows
    )
    assert actions(audit_log.new(actor="inspector", event_class="audit")) == [
        "audit.search",
        "audit.export",
    ]


def test_object_history_tab(functional, audit_log):
    from plone.testing.zope import Browser

    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="plan", title="План")
    transaction.commit()
    browser = Browser(functional["app"])
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(f"{doc.absolute_url()}/@@audit-history")
    assert "content.create" in browser.contents


def test_role_assignment_is_recorded(functional, audit_log):
    people()
    transaction.commit()
    api.user.grant_roles(username="worker", roles=["Registrar"])
    api.user.revoke_roles(username="worker", roles=["Registrar"])
    transaction.commit()
    details = [json.loads(r["details"]) for r in audit_log.new(action="authz.roles")]
    details = [d for d in details if "Registrar" in d["before"] + d["after"]]
    assert len(details) == 2 and details[0]["principal"] == "worker"
    assert "Registrar" in details[0]["after"] and "Registrar" not in details[0]["before"]
    assert "Registrar" not in details[-1]["after"]


def test_refused_logins_of_any_json_type_keep_the_chain_verifiable(
    functional, api_session, audit_log
):
    """The attack as it came: `@login` with a login that is not text, then verify (whether
    @login refuses it or records it, the chain must stay verifiable)."""
    portal = functional["portal"]
    people()
    transaction.commit()
    session = api_session()
    session.headers["Origin"] = portal.absolute_url().split("/plone")[0]
    for login in (True, 1, 1.5, -0.0, 10**20, ["worker"], {"a": 1}, None, "ж" * 2000):
        reply = session.post(
            f"{portal.absolute_url()}/@login", json={"login": login, "password": "x"}
        )
        assert reply.status_code < 500, (login, reply.text[:300])
    reply = session.post(
        f"{portal.absolute_url()}/@login", data=b'{"login": "\\ud800", "password": "x"}'
    )
    assert reply.status_code < 500, reply.text[:300]
    verdict = audit_log.store.verify()
    assert verdict.ok, str(verdict)
