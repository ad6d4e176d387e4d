"""POST @cancel-occurrence {"occurrence": "<ISO start>"} on a meeting series: skip one
date (EXDATE) and send METHOD:CANCEL for it."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.meetings.services.occurrences.get import occurrence_item
from ratusha.meetings.skipping import cancel_occurrence
from ratusha.meetings.skipping import parse_moment
from zope.interface import alsoProvides


class CancelOccurrencePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            moment = parse_moment(read_json(self.request).get("occurrence"))
            occurrence = cancel_occurrence(self.context, moment)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        return {"cancelled": occurrence_item(occurrence), "recurrence": self.context.recurrence}
