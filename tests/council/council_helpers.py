"""People, a council and sessions for the council tests (no demo profile needed)."""

import datetime
from plone import api
from plone.namedfile.file import NamedBlobFile
import pytz
from ratusha.council.demo import pdf
import time_machine
import transaction
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


PASSWORD = "secret-password-1"
SOFIA = pytz.timezone("Europe/Sofia")
COUNCILLORS = [f"cllr{n:02d}" for n in range(1, 22)]
CHAIR = "cllr01"
STAFF = "clerk"
MAYOR = "mayorx"
OUTSIDER = "outsider"


def make_people():
    people = [(u, f"Съветник {u[-2:]}", ("councillors",)) for u in COUNCILLORS]
    people += [
        (STAFF, "Надежда Василева", ("council-staff", "employees")),
        (MAYOR, "Стефан Костов", ("mayors", "employees")),
        (OUTSIDER, "Иван Стоянов", ("employees",)),
    ]
    for user_id, fullname, groups in people:
        if api.user.get(userid=user_id) is None:
            api.user.create(
                email=f"{user_id}@primerna.example",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        for group_id in groups:
            api.group.add_user(groupname=group_id, username=user_id)
    api.group.add_user(groupname="council-chair", username=CHAIR)


def make_council(seats=21, self_checkin=True, remote_allowed=True):
    council = api.portal.get()["council"]
    council.seats = seats
    council.councillors = list(COUNCILLORS)
    council.chair = CHAIR
    council.staff = [STAFF]
    council.self_checkin = self_checkin
    council.remote_allowed = remote_allowed
    notify(ObjectModifiedEvent(council))
    return council


def days_ahead(days, hour=10):
    day = (datetime.datetime.now(SOFIA) + datetime.timedelta(days=days)).date()
    return SOFIA.localize(datetime.datetime(day.year, day.month, day.day, hour, 0))


def make_session(council=None, days=10, title="Редовно заседание № 1", **fields):
    council = council or api.portal.get()["council"]
    start = fields.pop("start", None) or days_ahead(days)
    values = dict(
        kind="regular",
        mode="in_person",
        place="Зала на съвета",
        livestream_url="https://stream.primerna.example/live",
    )
    values.update(fields)
    with api.env.adopt_user(username=STAFF):
        return api.content.create(
            container=council,
            type="Session",
            title=title,
            start=start,
            end=start + datetime.timedelta(hours=4),
            **values,
        )


def add_pdf(item, name="dokladna.pdf", data=None, content_type="application/pdf"):
    if data is None:
        data = pdf(name, ["Докладна записка"]) if name.endswith(".pdf") else b"binary"
    with api.env.adopt_user(username=STAFF):
        return api.content.create(
            container=item,
            type="File",
            title=name,
            file=NamedBlobFile(data, filename=name, contentType=content_type),
        )


def make_item(
    session,
    title="Бюджет 2027",
    kind="decision",
    basis=("ЗМСМА", "21", "1", "6"),
    materials=True,
    **fields,
):
    law, article, paragraph, point = basis
    with api.env.adopt_user(username=STAFF):
        item = api.content.create(
            container=session,
            type="AgendaItem",
            title=title,
            kind=kind,
            legal_law=law,
            legal_article=article,
            legal_paragraph=paragraph,
            legal_point=point,
            **fields,
        )
    if materials:
        add_pdf(item)
    return item


def convened_session(**fields):
    session = make_session(**fields)
    make_item(session)
    make_item(
        session, title="Информация за бюджета", kind="information", basis=("",) * 4, materials=False
    )
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=session, transition="convene")
    return session


def convened_today(days=10, **fields):
    """A session convened `days` days ago for today (now, to the minute): it may open now."""
    now = datetime.datetime.now(SOFIA)
    start = fields.pop("start", None) or now.replace(second=0, microsecond=0)
    with time_machine.travel(now - datetime.timedelta(days=days)):
        return convened_session(start=start, **fields)


def commit():
    transaction.commit()
