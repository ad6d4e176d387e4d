"""POST @one-to-one {"participant": "<user id>", "start"?: ISO time, "minutes"?: 30}: a meeting
in the organiser's own room with one colleague; answers its URL and the join URL (201)."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.meetings.calls import one_to_one
from ratusha.meetings.calls import parse_request
import transaction
from zope.interface import alsoProvides


class OneToOnePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            participant, start, minutes = parse_request(read_json(self.request))
            meeting = one_to_one(participant, start, minutes)
        except InputError as exc:
            transaction.doom()  # the personal room made on the way, if any, is not kept
            return error(self.request, exc.message, exc.status)
        self.request.response.setStatus(201)
        return {
            "@id": meeting.absolute_url(),
            "join": f"{meeting.absolute_url()}/@@join",
            "title": meeting.Title(),
        }
