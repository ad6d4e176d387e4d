"""Reads of personal data on the audit trail, and the alerts the clock raises from them."""

import datetime
import json
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.privacy.interfaces import IPersonalDataAlert
from ratusha.privacy.reads.recording import personal_fields
from ratusha.registry import actions
import time_machine
import transaction
from zope.component import getGlobalSiteManager


PASSWORD = "secret-password-1"
EGN = "7501010010"
ADDRESS = "ул. „Роза“ 17, ет. 3"
# people of these tests only: the audit trail in SQL outlives each test, and other modules'
# clerks must not add to these counts
PEOPLE = (
    ("keeper", ("employees", "registrars", "dep-p4")),
    ("outsider4", ("employees",)),
    ("officer", ("employees", "data-protection")),
)
MONDAY_10 = datetime.datetime(
    2026, 11, 16, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
)


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    api.group.create(groupname="dep-p4", title="Деловодство")
    for user_id, groups in PEOPLE:
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        for group_id in groups:
            api.group.add_user(groupname=group_id, username=user_id)
    transaction.commit()
    return portal


def incoming(portal, n=1):
    docs = []
    with api.env.adopt_user("keeper"):
        for i in range(n):
            doc = actions.create_incoming(
                portal.registry.incoming,
                {
                    "title": f"Жалба {i}",
                    "kind": "complaint",
                    "department": "dep-p4",
                    "sender_name": "Иван Петров",
                    "sender_personal_number": EGN,
                    "sender_address": ADDRESS,
                },
            )
            actions.register_document(doc)
            docs.append(doc)
    transaction.commit()
    return docs


def reads_of(audit_log, who):
    return [r for r in audit_log.new(action="privacy.personal-data-read") if r["actor_id"] == who]


def alerts_of(audit_log, who):
    rows = audit_log.new(action="privacy.alert")
    return [json.loads(r["details"]) for r in rows if json.loads(r["details"])["principal"] == who]


def check(api_session, portal):
    owner = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    reply = owner.get(f"{portal.absolute_url()}/@@personal-data-alerts-check")
    assert reply.status_code == 200, reply.text[-3000:]
    return reply.json()


@pytest.fixture
def heard():
    """What subscribers of IPersonalDataAlert hear (the incident register is one)."""
    found = []

    def listen(event):
        found.append(event)

    registry = getGlobalSiteManager()
    registry.registerHandler(listen, (IPersonalDataAlert,))
    yield found
    registry.unregisterHandler(listen, (IPersonalDataAlert,))


def test_opening_a_document_records_one_read_without_the_values(site, api_session, audit_log):
    [doc] = incoming(site)
    keeper = api_session("keeper", PASSWORD)
    assert keeper.get(doc.absolute_url()).json()["sender_personal_number"] == EGN
    keeper.headers["Accept"] = "text/html"
    page = keeper.get(doc.absolute_url())
    assert page.status_code == 200 and EGN in page.text
    rows = reads_of(audit_log, "keeper")
    assert len(rows) == 2  # one per read: the REST GET and the page
    for row, via in zip(rows, ("rest", "page"), strict=True):
        assert row["object_uid"] == api.content.get_uuid(doc)
        details = json.loads(row["details"])
        assert {"sender_address", "sender_personal_number"} <= set(details["fields"])
        assert set(details["fields"]) <= set(personal_fields(doc))
        assert details["via"] == via and details["count"] == 1
    recorded = json.dumps(audit_log.new(), ensure_ascii=False, default=str)
    assert EGN not in recorded and ADDRESS not in recorded


def test_many_reads_fire_once_and_reach_subscribers(site, api_session, audit_log, heard):
    with time_machine.travel(MONDAY_10, tick=True):
        docs = incoming(site, 3)
        keeper = api_session("keeper", PASSWORD)
        for i in range(60):
            assert keeper.get(docs[i % 3].absolute_url()).status_code == 200
        assert len(reads_of(audit_log, "keeper")) == 60
        check(api_session, site)
        check(api_session, site)  # the same reads again: nothing new
    [alert] = alerts_of(audit_log, "keeper")
    assert alert["rule"] == "many_reads" and alert["count"] == 50 and alert["threshold"] == 50
    [event] = [e for e in heard if e.principal == "keeper"]
    assert event.rule == "many_reads" and event.details == alert
    assert EGN not in json.dumps(event.details)
    inbox = api_session("officer", PASSWORD).get(f"{site.absolute_url()}/@notifications").json()
    [notice] = [n for n in inbox["items"] if n["kind"] == "privacy.alert"]
    assert "keeper" in notice["body"] and notice["url"].endswith("/@@personal-data-alerts")


def test_reads_after_hours(site, api_session, audit_log, heard):
    evening = MONDAY_10 + datetime.timedelta(hours=12, minutes=30)  # 22:30 Sofia
    with time_machine.travel(MONDAY_10, tick=True):
        [doc] = incoming(site)
    with time_machine.travel(evening, tick=True):
        keeper = api_session("keeper", PASSWORD)
        keeper.get(doc.absolute_url())
        check(api_session, site)
    with time_machine.travel(evening + datetime.timedelta(hours=2), tick=True):
        keeper.get(doc.absolute_url())  # the same night
        check(api_session, site)
    [alert] = alerts_of(audit_log, "keeper")
    assert alert["rule"] == "after_hours"
    assert datetime.datetime.fromisoformat(alert["window_start"]) == MONDAY_10 + datetime.timedelta(
        hours=8
    )
    assert [e.rule for e in heard if e.principal == "keeper"] == ["after_hours"]


def test_repeated_refusals_alert_the_officer_alone(site, api_session, audit_log):
    with time_machine.travel(MONDAY_10, tick=True):
        [doc] = incoming(site)
        outsider = api_session("outsider4", PASSWORD)
        for _ in range(5):
            assert outsider.get(doc.absolute_url()).status_code in (401, 403)
        check(api_session, site)
    assert [a["rule"] for a in alerts_of(audit_log, "outsider4")] == ["refusals"]
    url = f"{site.absolute_url()}/@personal-data-alerts"
    assert api_session().get(url).status_code == 401
    for user_id in ("keeper", "outsider4"):
        refused = api_session(user_id, PASSWORD).get(url)
        assert refused.status_code == 403 and refused.json()["error"]["message"]
    reply = api_session("officer", PASSWORD).get(url)
    assert reply.status_code == 200
    [item] = [i for i in reply.json()["items"] if i["principal"] == "outsider4"]
    assert item["rule"] == "refusals" and item["count"] == 5 and item["title"]
    page = f"{site.absolute_url()}/@@personal-data-alerts"
    html = {"Accept": "text/html"}
    refused = api_session("keeper", PASSWORD).get(page, headers=html, allow_redirects=False)
    assert refused.status_code == 403
    shown = api_session("officer", PASSWORD).get(page, headers=html)
    assert shown.status_code == 200 and "outsider4" in shown.text


def test_contract_is_registered_and_kept(integration):
    from ratusha.privacy.interfaces import IPersonalDataReads
    from ratusha.privacy.reads import recording
    from zope.component import getUtility
    from zope.interface.verify import verifyObject

    assert getUtility(IPersonalDataReads) is recording
    assert verifyObject(IPersonalDataReads, recording)


def test_settings_come_from_the_profile(integration):
    from ratusha.privacy.reads.settings import load

    api.portal.set_registry_record("ratusha.privacy.reads.working_days", [1, 2, 3, 4, 5, 6])
    api.portal.set_registry_record("ratusha.privacy.reads.work_end", "17:30")
    values = load()
    assert values.many_reads == 50 and values.many_reads_minutes == 10
    assert values.working_days == (0, 1, 2, 3, 4, 5)
    assert values.work_end == datetime.time(17, 30)
    api.portal.set_registry_record("ratusha.privacy.reads.work_end", "half past five")
    assert load().work_end == datetime.time(18, 0)  # unreadable: the default
