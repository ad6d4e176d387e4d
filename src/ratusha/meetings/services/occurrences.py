"""A series over REST: GET @occurrences lists its dates; POST @cancel-occurrence
{"occurrence": "<ISO start>"} skips one (EXDATE) and sends METHOD:CANCEL for it."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides

from ratusha.core.rest import InputError
from ratusha.core.rest import error
from ratusha.core.rest import read_json
from ratusha.meetings import series
from ratusha.meetings.skipping import cancel_occurrence
from ratusha.meetings.skipping import parse_moment


def _item(occurrence):
    return {"start": occurrence.start.isoformat(), "end": occurrence.end.isoformat()}


class OccurrencesGet(Service):
    def reply(self):
        meeting = self.context
        return {"recurrence": meeting.recurrence or None,
                "items": [_item(o) for o in series.of(meeting)],
                "skipped": [_item(o) for o in series.skipped_of(meeting)]}


class CancelOccurrencePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            moment = parse_moment(read_json(self.request).get("occurrence"))
            occurrence = cancel_occurrence(self.context, moment)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        return {"cancelled": _item(occurrence), "recurrence": self.context.recurrence}
