"""PATCH @subject-requests/<id> {"status"}: open, extended (the deadline moves to three months
from receipt, Art. 12(3)), answered, refused, closed."""

from ratusha.privacy.subjects import acts
from ratusha.privacy.subjects.services.common import SubjectsService


class SubjectRequestsPatch(SubjectsService):
    writes = True

    def act(self):
        if len(self.params) != 1:
            self.unknown()
        return self.described(acts.change_status(self.case(), self.body()))
