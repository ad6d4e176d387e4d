"""Retention over real HTTP, on a frozen calendar: the plan, the lists, a legal hold, a disposal
act of the expert committee, a hand-over inventory as a ZIP; who may do what; bad input."""

import csv
import datetime
import io
import json
from plone import api
from plone.namedfile.file import NamedBlobFile
from ratusha.audit.interfaces import verify_chain
from ratusha.registry import actions
from registry_helpers import act
from registry_helpers import incoming
from registry_helpers import PASSWORD
import transaction
import zipfile


SOFIA = datetime.timezone(datetime.timedelta(hours=2))
COMMITTEE = ["secretary", "director", "head"]


def at(time_machine, year, month, day):
    time_machine.move_to(datetime.datetime(year, month, day, 10, 0, tzinfo=SOFIA), tick=False)


def closed_incoming(portal, kind, title, with_file=False):
    doc = incoming(portal, title=title, kind=kind)
    if with_file:
        doc.file = NamedBlobFile(b"%PDF-1.4 scan", filename="сканиран.pdf")
        with api.env.adopt_roles(["Manager"]):
            api.portal.get_tool("portal_repository").save(obj=doc, comment="scan")
    act("clerk", doc, "close")
    return doc


def closed_case(portal):
    with api.env.adopt_user("clerk"):
        case = api.content.create(
            container=portal.registry["case-files"],
            type="CaseFile",
            id=actions.new_id("CaseFile"),
            title="Ремонт на ул. „Роза“",
        )
    act("clerk", case, "close")
    return case


def versions(obj):
    """Saved versions of the item that can still be retrieved."""
    history_id = api.portal.get_tool("portal_historyidhandler").queryUid(obj)
    storage = api.portal.get_tool("portal_historiesstorage")
    return len(storage.getHistory(history_id, countPurged=False))


def uid(obj):
    return api.content.get_uuid(obj)


def test_retention_from_the_plan_to_the_archive(http_people, api_session, time_machine, audit_log):
    portal = http_people
    url = portal.absolute_url()
    at(time_machine, 2013, 2, 1)
    case = closed_case(portal)
    at(time_machine, 2019, 3, 1)
    complaint = closed_incoming(portal, "complaint", "Жалба на Иван Петров", with_file=True)
    held = closed_incoming(portal, "complaint", "Жалба по съдебно дело")
    application = closed_incoming(portal, "application", "Заявление за скица", with_file=True)
    at(time_machine, 2026, 1, 15)
    transaction.commit()
    clerk, secretary = (api_session(u, PASSWORD) for u in ("clerk", "secretary"))
    outsider = api_session("outsider", PASSWORD)

    search = f"{url}/@search?SearchableText=Петров&portal_type=IncomingDocument"
    assert clerk.get(search).json()["items_total"] == 1

    # the plan: everyone reads it; the secretary and registrars change it, with clear errors
    plan = outsider.get(f"{url}/@retention-plan").json()
    assert len(plan["items"]) == 13 and plan["items"][1]["index"] == "94-02"
    change = {"key": "incoming.application", "archive": "state"}
    assert outsider.patch(f"{url}/@retention-plan", json=change).status_code in (401, 403)
    bad = secretary.patch(f"{url}/@retention-plan", json=dict(change, years=0))
    assert bad.status_code == 400 and "1 до 200" in bad.json()["error"]["message"]  # bg first
    changed = secretary.patch(f"{url}/@retention-plan", json=change)
    assert changed.status_code == 200, changed.text
    assert changed.json()["archive"] == "state" and changed.json()["years"] == 5

    # a legal hold: a reason is needed; who and why stay on the document
    hold_url = f"{held.absolute_url()}/@retention-hold"
    assert clerk.post(hold_url, json={"reason": " "}).status_code == 400
    assert outsider.post(hold_url, json={"reason": "x"}).status_code in (401, 403)
    reply = clerk.post(hold_url, json={"reason": "Адм. дело № 12/2025, АС Пловдив"})
    assert reply.status_code == 201 and reply.json()["by"] == "clerk"
    assert clerk.post(hold_url, json={"reason": "again"}).status_code == 409

    # the lists: held items never on them; 403 for others; a bad list name is a 400
    assert outsider.get(f"{url}/@retention-due").status_code in (401, 403)
    assert clerk.get(f"{url}/@retention-due?list=fire").status_code == 400
    due = clerk.get(f"{url}/@retention-due").json()
    assert [i["UID"] for i in due["dispose"]] == [uid(complaint)]
    assert {i["UID"] for i in due["state"]} == {uid(case), uid(application)}
    [on_hold] = due["held"]
    assert on_hold["UID"] == uid(held) and on_hold["hold"]["reason"].startswith("Адм. дело")
    status = clerk.get(f"{held.absolute_url()}/@retention").json()
    assert status["held"] is True and status["may_erase"] is False

    # a disposal act: due items only, a committee of three, each member approves
    acts_url = f"{url}/@disposal-acts"
    draft = {"kind": "disposal", "items": [uid(complaint), uid(held)], "committee": COMMITTEE}
    refused = clerk.post(acts_url, json=draft)
    assert refused.status_code == 400 and held.registration_number in refused.text
    small = clerk.post(acts_url, json=dict(draft, items=[uid(complaint)], committee=["head"]))
    assert small.status_code == 400
    made = clerk.post(acts_url, json=dict(draft, items=[uid(complaint)]))
    assert made.status_code == 201, made.text
    number = made.json()["number"]
    step = {"act": number, "action": "approve"}
    assert outsider.post(acts_url, json=step).status_code == 404  # not on the committee
    execute = {"act": number, "action": "execute"}
    assert clerk.post(acts_url, json=execute).status_code == 409  # not approved yet
    for member in COMMITTEE:
        approved = api_session(member, PASSWORD).post(acts_url, json=step)
        assert approved.status_code == 200, approved.text
    assert api_session("head", PASSWORD).get(f"{acts_url}/{number}").json()["state"] == "approved"
    done = clerk.post(acts_url, json=execute)
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "executed"

    # the register keeps the line; the content, the file and the versions are gone
    transaction.begin()
    line = clerk.get(complaint.absolute_url()).json()
    assert line["title"] == f"унищожен с акт № {number}"
    assert line["file"] is None and line["sender_name"] is None
    assert line["registry"]["number"] == complaint.registration_number
    assert clerk.get(f"{complaint.absolute_url()}/@retention").json()["disposed"]["act"] == number
    assert versions(complaint) == 0 and versions(application) == 1
    [destroyed] = audit_log.new(action="registry.disposal")
    details = json.loads(destroyed["details"])
    assert details["items"][0]["number"] == complaint.registration_number
    assert details["approvals"].keys() == set(COMMITTEE) and destroyed["actor_id"] == "clerk"
    assert "Иван Петров" not in json.dumps(audit_log.new(), default=str)
    assert verify_chain()["ok"] is True
    assert clerk.get(f"{url}/@retention-due?list=dispose").json()["dispose"] == []
    assert clerk.get(search).json()["items_total"] == 0  # the old subject is not searchable

    # a hand-over inventory as a ZIP that opens and lists every item with its files
    items = [uid(case), uid(application)]
    made = secretary.post(
        acts_url, json={"kind": "handover", "items": items, "committee": COMMITTEE}
    )
    assert made.status_code == 201, made.text
    number = made.json()["number"]
    assert outsider.get(f"{url}/@retention-inventory?act={number}").status_code == 404
    reply = secretary.get(f"{url}/@retention-inventory?act={number}")
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.content))
    listed = json.loads(archive.read("inventory.json"))
    assert {i["UID"] for i in listed["items"]} == set(items)
    rows = list(csv.DictReader(io.StringIO(archive.read("inventory.csv").decode("utf-8"))))
    assert {r["number"] for r in rows} == {
        case.registration_number,
        application.registration_number,
    }
    [scan] = [f for i in listed["items"] for f in i["files"]]
    assert archive.read(scan["path"]) == b"%PDF-1.4 scan" and scan["filename"] == "сканиран.pdf"
    for member in COMMITTEE:
        step = {"act": number, "action": "approve"}
        assert api_session(member, PASSWORD).post(acts_url, json=step).status_code == 200
    assert secretary.post(acts_url, json={"act": number, "action": "execute"}).status_code == 200
    due = clerk.get(f"{url}/@retention-due").json()
    assert due["state"] == [] and due["dispose"] == []
