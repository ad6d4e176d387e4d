"""GET @meeting-conflicts: the organiser's and participants' other meetings at the same time."""

from plone.restapi.services import Service
from ratusha.meetings.reports import conflict_warnings


class ConflictsGet(Service):
    def reply(self):
        return {
            "items": [
                {
                    "user": user_id,
                    "name": name,
                    "meeting": title,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                }
                for user_id, name, title, start, end in conflict_warnings(self.context)
            ]
        }
