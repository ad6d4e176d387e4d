"""GET @occurrences on a meeting series: its dates and the skipped ones."""

from plone.restapi.services import Service
from ratusha.meetings import series


def occurrence_item(occurrence):
    return {"start": occurrence.start.isoformat(), "end": occurrence.end.isoformat()}


class OccurrencesGet(Service):
    def reply(self):
        meeting = self.context
        return {
            "recurrence": meeting.recurrence or None,
            "items": [occurrence_item(o) for o in series.of(meeting)],
            "skipped": [occurrence_item(o) for o in series.skipped_of(meeting)],
        }
