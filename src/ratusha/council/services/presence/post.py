"""POST @presence {"user": id, "present": true|false, "source"?: "staff"|"self"}: record a
change of presence.

Staff (Manage session) record in the hall; a councillor checks in only themselves, where the
council allows it. Answers 400 for a non-councillor, 403 without the right, 409 when the
session is not convened or open.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.core.rest import read_json
from ratusha.council import attendance
from ratusha.council import quorum
from ratusha.council.services.presence.get import presence_reply
from zope.interface import alsoProvides


def parse(body, me):
    user = body.get("user") or me
    present = body.get("present")
    if not isinstance(user, str) or not isinstance(present, bool):
        raise InputError(
            _(
                "error_presence_body",
                default='Send {"user": "<user id>", "present": true or false}.',
            )
        )
    source = body.get("source") or quorum.STAFF
    if source not in (quorum.STAFF, quorum.SELF):
        raise InputError(
            _(
                "error_presence_source",
                default="Presence is recorded by staff or by the councillor.",
            )
        )
    return user, present, source


class PresencePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        no_store(self.request.response)
        me = api.user.get_current().getId()
        try:
            user, present, source = parse(read_json(self.request), me)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        if source == quorum.STAFF and not api.user.has_permission(
            permissions.ManageSession, obj=self.context
        ):
            if user == me:
                source = quorum.SELF
            else:
                return error(
                    self.request,
                    _("error_presence_forbidden", default="Only council staff record presence."),
                    403,
                )
        try:
            change = attendance.record_presence(self.context, user, present, source, actor=me)
        except attendance.PresenceError as exc:
            return error(self.request, exc.message, exc.status)
        return dict(presence_reply(self.context), change=change)
