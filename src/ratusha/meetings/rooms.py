"""The IVideoRooms utility: what the council's sessions use of meetings' video rooms."""

import json
from plone import api
from ratusha.core.naming import create_named
from ratusha.meetings import attendance
from ratusha.meetings import jitsi
from ratusha.meetings import store
from ratusha.meetings.browser.views import JS_TEXTS
from ratusha.meetings.browser.views import video_problem
from ratusha.meetings.content import ROOM
from ratusha.meetings.interfaces import IVideoRooms
from ratusha.meetings.setup import ensure_folders
import sqlalchemy as sa
from zope.i18n import translate
from zope.interface import moduleProvides


moduleProvides(IVideoRooms)  # registered as the IVideoRooms utility in configure.zcml


def create_room(title, location=None, open_to_staff=True):
    folder = ensure_folders(api.portal.get())
    with api.env.adopt_roles(["Manager"]):
        room = create_named(
            folder,
            ROOM,
            title,
            owners=[],
            allowed_users=[],
            allow_guests=False,
            lobby=True,
            location=location,
        )
        if open_to_staff:
            api.content.transition(obj=room, transition="open_to_staff")
    return room


def _events(room_uid, since, until):
    table = store.events
    query = sa.select(table.c.data).where(table.c.room_uid == room_uid, table.c.at >= since)
    if until is not None:
        query = query.where(table.c.at <= until)
    with store.engine().connect() as connection:
        rows = connection.execute(query.order_by(table.c.at)).scalars().all()
    return [attendance.from_json(row) for row in rows]


def attendees(room_uid, since, until=None, now=None):
    return attendance.reduce(_events(room_uid, since, until), now=now)


def call(room, request) -> dict:
    problem = video_problem()
    return {
        "problem": problem,
        "endpoint": f"{room.absolute_url()}/@jitsi-join",
        "script_url": jitsi.script_url() if not problem else "",
        "js_url": f"{api.portal.get().absolute_url()}/++plone++ratusha.meetings/join.js",
        "texts": json.dumps(
            {k: translate(v, context=request) for k, v in JS_TEXTS.items()}, ensure_ascii=False
        ),
    }


def content_security_policy() -> str:
    return jitsi.content_security_policy()
