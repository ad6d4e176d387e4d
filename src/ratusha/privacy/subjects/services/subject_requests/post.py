"""POST @subject-requests (the DPO):

POST @subject-requests {"kind", "requester", "email"?, "received"?, "note"?}   open one; 201
POST @subject-requests/<id>/search {"name"?, "email"?, "personal_number"?}    what is held
POST @subject-requests/<id>/export {same}           the ZIP (JSON, CSV, HTML summary)
POST @subject-requests/<id>/rectify {same, "finding", "field", "value", "reason"}
POST @subject-requests/<id>/erase {same, "findings"?}   anonymise what may be, refuse the rest

The person is named in the body, never in the URL (addresses end up in logs).
"""

from ratusha.privacy.subjects import acts
from ratusha.privacy.subjects.services.common import SubjectsService


class SubjectRequestsPost(SubjectsService):
    writes = True

    def act(self):
        body = self.body()
        if not self.params:
            row = acts.open_request(body)
            self.request.response.setStatus(201)
            self.request.response.setHeader("Location", self.url(row))
            return {"@id": self.url(row)} | row
        if len(self.params) != 2:
            self.unknown()
        case, action = self.case(), self.params[1]
        if action == "search":
            return self.findings(acts.search(case, body))
        if action == "export":
            return acts.export(case, body, self.request.response)
        if action == "rectify":
            return acts.rectify(case, body)
        if action == "erase":
            return self.outcome(acts.erase(case, body))
        self.unknown()
