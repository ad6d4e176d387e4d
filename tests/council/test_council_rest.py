"""The council over real HTTP: content, workflow errors, presence, quorum, live state, opinions,
compliance; who may do what; what anonymous visitors see."""

from council_helpers import CHAIR
from council_helpers import convened_session
from council_helpers import convened_today
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import make_session
from council_helpers import OUTSIDER
from council_helpers import PASSWORD
from council_helpers import STAFF
import datetime
from plone import api
import requests
import transaction


JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def client(api_session, user):
    return api_session(user, PASSWORD)


def anonymous(url, method="GET", **kwargs):
    return requests.request(method, url, headers=JSON, **kwargs)


def test_convening_errors_are_clear(http_council, api_session):
    short = make_session(days=3, title="Заседание с кратък срок")
    make_item(short)
    bare = make_session(title="Заседание без материали")
    make_item(bare, materials=False)
    transaction.commit()
    staff = client(api_session, STAFF)
    reply = staff.post(f"{short.absolute_url()}/@workflow/convene", json={})
    assert reply.status_code == 409, reply.text
    error = reply.json()
    assert error["error"]["transition"] == "convene"
    assert "7" in error["error"]["message"]
    reply = staff.post(f"{bare.absolute_url()}/@workflow/convene", json={})
    assert reply.status_code == 409
    assert any("Бюджет 2027" in p for p in reply.json()["problems"])
    # a councillor may not convene at all
    reply = client(api_session, "cllr05").post(f"{bare.absolute_url()}/@workflow/convene", json={})
    assert reply.status_code == 403
    # draft sessions are not public
    assert anonymous(short.absolute_url()).status_code == 401
    # the chair and staff see what stops convening
    data = staff.get(short.absolute_url()).json()
    assert data["convene_problems"] and data["review_state"] == "draft"


def test_agenda_is_edited_by_staff_not_by_councillors(http_council, api_session):
    session = make_session()
    item = make_item(session)
    transaction.commit()
    councillor = client(api_session, "cllr05")
    assert councillor.get(item.absolute_url()).status_code == 200
    reply = councillor.patch(item.absolute_url(), json={"title": "Друго"})
    assert reply.status_code in (401, 403)
    reply = councillor.post(session.absolute_url(), json={"@type": "AgendaItem", "title": "Х"})
    assert reply.status_code in (401, 403)
    staff = client(api_session, STAFF)
    assert staff.patch(item.absolute_url(), json={"title": "Бюджет 2027 (ред.)"}).status_code == 204
    reply = staff.post(
        session.absolute_url(),
        json={
            "@type": "AgendaItem",
            "title": "Продажба на имот",
            "kind": "decision",
            "legal_law": "ЗМСМА",
            "legal_article": "21",
            "legal_paragraph": "1",
            "legal_point": "8",
        },
    )
    assert reply.status_code == 201, reply.text
    # a legal basis with a point but no paragraph is refused
    reply = staff.post(
        session.absolute_url(),
        json={
            "@type": "AgendaItem",
            "title": "Грешно основание",
            "legal_law": "ЗОС",
            "legal_article": "6",
            "legal_point": "1",
        },
    )
    assert reply.status_code == 400


def test_publishing_an_item_without_legal_basis_is_refused(http_council, api_session):
    session = convened_session()
    item = make_item(session, title="Без основание", basis=("",) * 4)
    transaction.commit()
    reply = client(api_session, STAFF).post(f"{item.absolute_url()}/@workflow/publish", json={})
    assert reply.status_code == 409
    assert (
        "legal basis" in reply.json()["error"]["message"]
        or "правно основание" in reply.json()["error"]["message"]
    )


def test_presence_quorum_opening_and_live_state(http_council, api_session, audit_log):
    session = convened_today()
    transaction.commit()
    url = session.absolute_url()
    staff = client(api_session, STAFF)
    chair = client(api_session, CHAIR)
    councillor = client(api_session, "cllr05")
    # opening without quorum
    reply = chair.post(f"{url}/@workflow/open", json={})
    assert reply.status_code == 409, reply.text
    # presence for a non-councillor
    reply = staff.post(f"{url}/@presence", json={"user": OUTSIDER, "present": True})
    assert reply.status_code == 400 and OUTSIDER in reply.json()["error"]["message"]
    assert staff.post(f"{url}/@presence", json={"user": "cllr02"}).status_code == 400
    # a councillor records only themselves (self check-in is allowed in this council)
    reply = councillor.post(f"{url}/@presence", json={"user": "cllr06", "present": True})
    assert reply.status_code == 403
    reply = councillor.post(f"{url}/@presence", json={"user": "cllr05", "present": True})
    assert reply.status_code == 200 and reply.json()["change"]["source"] == "self"
    state = councillor.get(f"{url}/@live-state")
    assert state.status_code == 200
    etag = state.headers["ETag"]
    assert state.json()["present"] == ["cllr05"]
    again = councillor.get(f"{url}/@live-state", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    for user in COUNCILLORS[:11]:  # cllr05 is there already: no change
        reply = staff.post(f"{url}/@presence", json={"user": user, "present": True})
        assert reply.status_code == 200, reply.text
    changed = councillor.get(f"{url}/@live-state", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    quorum = changed.json()["sections"]["quorum"]["state"]
    assert (quorum["present"], quorum["required"], quorum["quorate"], quorum["may_act"]) == (
        11,
        11,
        True,
        False,
    )
    # a councillor cannot record a quorum check; staff can
    assert councillor.post(f"{url}/@quorum", json={}).status_code in (401, 403)
    reply = staff.post(f"{url}/@quorum", json={})
    assert reply.status_code == 201 and reply.json()["check"]["quorate"] is True
    assert staff.get(f"{url}/@quorum").json()["may_act"] is True
    reply = chair.post(f"{url}/@workflow/open", json={})
    assert reply.status_code == 200, reply.text
    # the chair moves to the next item
    reply = chair.post(f"{url}/@live-control", json={"action": "next"})
    assert reply.status_code == 200 and reply.json()["current_item"]["number"] == 2
    assert councillor.post(f"{url}/@live-control", json={"action": "next"}).status_code in (
        401,
        403,
    )
    presence = staff.get(f"{url}/@presence?log=1").json()
    assert len(presence["present"]) == 11
    assert {e["source"] for e in presence["log"]} == {"self", "staff"}
    # anonymous visitors see the session, not its live state
    assert anonymous(url).status_code == 200
    assert anonymous(f"{url}/@live-state").status_code == 401
    transaction.begin()
    assert len(audit_log.new(action="council.presence")) == 11
    assert len(audit_log.new(action="council.quorum-check")) == 1
    assert audit_log.new(action="council.session-open")
    assert audit_log.new(action="council.current-item")


def test_public_visibility(http_council, api_session):
    public = convened_session(title="Открито заседание")
    closed = convened_session(
        title="Закрито заседание",
        closed_door=True,
        start=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10),
    )
    draft = make_session(title="Подготвяно заседание")
    draft_item = make_item(draft)
    transaction.commit()
    public_item = public.objectValues()[0]
    closed_item = closed.objectValues()[0]
    material = public_item.objectValues()[0]
    assert anonymous(public.absolute_url()).status_code == 200
    data = anonymous(public.absolute_url()).json()
    assert data["place"] and data["livestream_url"]
    assert {i["title"] for i in data["items"]} == {"Бюджет 2027", "Информация за бюджета"}
    assert anonymous(public_item.absolute_url()).status_code == 200
    assert requests.get(f"{material.absolute_url()}/@@download/file").status_code == 200
    # a closed session: only that it takes place
    data = anonymous(closed.absolute_url()).json()
    assert data["title"] == "Закрито заседание" and data["closed_door"] is True
    assert "items" not in data and "place" not in data and "livestream_url" not in data
    assert anonymous(closed_item.absolute_url()).status_code == 401
    assert client(api_session, "cllr05").get(closed_item.absolute_url()).status_code == 200
    assert "place" in client(api_session, "cllr05").get(closed.absolute_url()).json()
    # drafts are not public
    assert anonymous(draft.absolute_url()).status_code == 401
    assert anonymous(draft_item.absolute_url()).status_code == 401
    # the catalog agrees
    found = anonymous(f"{api.portal.get().absolute_url()}/@search?portal_type=AgendaItem").json()
    assert {i["@id"] for i in found["items"]} == {
        i.absolute_url() for i in public.objectValues() if i.portal_type == "AgendaItem"
    }
    found = (
        client(api_session, "cllr05")
        .get(f"{api.portal.get().absolute_url()}/@search?portal_type=AgendaItem")
        .json()
    )
    assert found["items_total"] == 5  # two public, two of the closed session, one in preparation
    # the public council page lists the sessions, the closed one without details
    page = requests.get(api.portal.get()["council"].absolute_url())
    assert page.status_code == 200
    assert "Открито заседание" in page.text and "Закрито заседание" in page.text
    assert "Подготвяно заседание" not in page.text


def test_opinions_over_rest(http_council, api_session):
    with api.env.adopt_roles(["Manager"]):
        committee = api.content.create(
            container=http_council,
            type="Committee",
            title="Комисия по бюджет",
            chair="cllr04",
            secretary=STAFF,
            members=["cllr04", "cllr05"],
        )
    session = make_session()
    item = make_item(session, committees=[committee.UID()])
    transaction.commit()
    [opinion] = item.objectValues("CommitteeOpinion") or [
        o for o in item.objectValues() if o.portal_type == "CommitteeOpinion"
    ]
    owed = client(api_session, "cllr04").get(f"{committee.absolute_url()}/@opinions").json()
    assert owed["items_total"] == 1 and owed["items"][0]["verdict"] is None
    reply = client(api_session, "cllr05").post(
        f"{opinion.absolute_url()}/@opinion", json={"verdict": "for"}
    )
    assert reply.status_code == 403
    reply = client(api_session, "cllr04").post(
        f"{opinion.absolute_url()}/@opinion", json={"verdict": "maybe"}
    )
    assert reply.status_code == 400
    reply = client(api_session, "cllr04").post(
        f"{opinion.absolute_url()}/@opinion", json={"verdict": "for", "text": "Подкрепяме."}
    )
    assert reply.status_code == 200 and reply.json()["verdict"] == "for"
    assert reply.json()["given_at"]


def test_compliance_warnings_for_staff(http_council, api_session):
    session = convened_session(livestream_url=None)
    transaction.commit()
    portal_url = api.portal.get().absolute_url()
    reply = client(api_session, STAFF).get(f"{portal_url}/@council-compliance")
    assert reply.status_code == 200
    [found] = [i for i in reply.json()["items"] if i["@id"] == session.absolute_url()]
    assert [w["code"] for w in found["warnings"]] == ["no-livestream"]
    assert client(api_session, "cllr05").get(f"{portal_url}/@council-compliance").status_code in (
        401,
        403,
    )
    assert client(api_session, STAFF).get(session.absolute_url()).json()["compliance"]


def test_agenda_item_from_an_internal_document(http_council, api_session):
    session = make_session()
    transaction.commit()
    reply = client(api_session, STAFF).post(
        f"{session.absolute_url()}/@agenda-from-document", json={"document": "no-such-uid"}
    )
    assert reply.status_code == 400
    assert client(api_session, "cllr05").post(
        f"{session.absolute_url()}/@agenda-from-document", json={}
    ).status_code in (401, 403)


def claims_of(token):
    import base64
    import json

    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_video_of_a_hybrid_session(http_council, api_session, monkeypatch):
    """The session's room through the meetings' join machinery: the chair moderates,
    councillors skip the lobby, other staff wait in it."""
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", "a-jitsi-secret-of-more-than-32-bytes-for-tests")
    for name, value in {
        "domain": "meet.primerna.test",
        "app_id": "ratusha",
        "algorithm": "HS256",
        "audience": "jitsi",
        "xmpp_domain": "meet.jitsi",
    }.items():
        api.portal.set_registry_record(f"ratusha.jitsi.{name}", value)
    session = convened_session(mode="hybrid", remote_basis="Заповед № 7")
    transaction.commit()
    room = api.content.get(UID=session.video_room)
    page = requests.get(f"{session.absolute_url()}/@@live", auth=("cllr05", PASSWORD))
    assert f'data-endpoint="{room.absolute_url()}/@jitsi-join"' in page.text
    assert "Content-Security-Policy" in page.headers
    people = {}
    for user in (CHAIR, "cllr05", OUTSIDER):
        reply = client(api_session, user).post(f"{room.absolute_url()}/@jitsi-join")
        assert reply.status_code == 200, (user, reply.text)
        people[user] = claims_of(reply.json()["jwt"])["context"]["user"]
    assert people[CHAIR]["moderator"] is True
    assert people["cllr05"]["moderator"] is False and people["cllr05"]["lobby_bypass"] is True
    assert people[OUTSIDER]["moderator"] is False and people[OUTSIDER]["lobby_bypass"] is False
