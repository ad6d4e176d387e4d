"""GET @subject-requests: the data-subject requests, newest first, with their deadlines.
GET @subject-requests/<id>: one request."""

from ratusha.privacy.subjects import store
from ratusha.privacy.subjects.services.common import SubjectsService


class SubjectRequestsGet(SubjectsService):
    def act(self):
        if not self.params:
            return {
                "@id": self.url(),
                "items": [self.described(row) for row in store.listing()],
            }
        if len(self.params) != 1:
            self.unknown()
        return self.described(self.case())
