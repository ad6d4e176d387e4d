"""POST @jitsi-events/events/{room|occupant}/{created|destroyed|joined|left}: event_sync's posts.

Authenticated by the shared bearer secret (compared in constant time; 401 otherwise), stored once
per distinct event (a replay is acknowledged and ignored), for rooms Ratusha issued tokens for.
"""

import hmac
import json
from plone.app.uuid.utils import uuidToObject
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.login import authorization_header
from ratusha.core.rest import error
from ratusha.meetings import attendance
from ratusha.meetings import store
from ratusha.meetings.jitsi import events_secret
from ratusha.meetings.jitsi import settings
import time
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


MAX_BODY = 2 * 1024 * 1024


def authorised(request) -> bool:
    expected = b"Bearer " + events_secret()
    given = authorization_header(request).encode("utf-8", "replace")
    return hmac.compare_digest(given, expected)


@implementer(IPublishTraverse)
class JitsiEvents(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if not authorised(self.request):
            self.request.response.setHeader("WWW-Authenticate", 'Bearer realm="jitsi-events"')
            record(
                "meetings.attendance-refused",
                outcome="denied",
                details={"reason": "bad-secret"},
                immediate=True,
            )
            return error(
                self.request,
                _("error_events_secret", default="A valid bearer secret is required."),
                401,
            )
        if (
            len(self.params) != 3
            or self.params[0] != "events"
            or tuple(self.params[1:]) not in attendance.KINDS
        ):
            return error(
                self.request,
                _(
                    "error_events_path",
                    default="Post to events/room/created, events/room/"
                    "destroyed, events/occupant/joined or "
                    "events/occupant/left.",
                ),
                404,
            )
        raw = self.request.get("BODY") or b""
        if len(raw) > MAX_BODY:
            return error(
                self.request, _("error_events_size", default="The event is too large."), 413
            )
        window = settings().events_window_minutes or attendance.DEFAULT_WINDOW_MINUTES
        try:
            event = attendance.parse(self.params[1], self.params[2], json.loads(raw or b"null"))
            attendance.check_fresh(event, time.time(), window)
        except (ValueError, RecursionError, attendance.EventError) as exc:
            return error(
                self.request,
                _(
                    "error_events_body",
                    default="Not an event_sync event: ${reason}",
                    mapping={"reason": str(exc)},
                ),
                400,
            )
        known = store.lookup_room(event.room_name)
        if known is None:  # not a room Ratusha gave tokens for: nothing to keep
            self.request.response.setStatus(202)
            return {"stored": False, "duplicate": False, "known": False}
        new = store.add_event(event, known["content_uid"], known["room_uid"])
        if new:
            obj = uuidToObject(known["content_uid"], unrestricted=True)
            occupant = event.occupant
            record(
                "meetings.attendance",
                obj,
                path=None if obj is not None else event.room_name,
                details={
                    "event": event.kind,
                    "room": event.room_name,
                    "user": (
                        occupant.user_id
                        if occupant and not occupant.guest
                        else ("guest" if occupant else None)
                    ),
                    "occupants": len(event.occupants),
                },
            )
        return {"stored": new, "duplicate": not new, "known": True}
