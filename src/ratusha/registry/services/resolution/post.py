"""POST @resolution on an incoming document: assign it with a resolution.

Body: `{"assignees": ["ivan", "maria"], "instruction": "…", "deadline": "2026-12-07"}` or,
instead of a deadline, `"term": "10wd"` (default: the term of the document's kind). The first
assignee is responsible; each gets a task and a notification. Needs "Ratusha: Write resolution".
Errors: 400 no assignee, unknown user, no instruction, deadline in the past; 403; 409 state.
"""

from plone.restapi.services import Service
from ratusha.core.rest import run
from ratusha.registry import actions
from ratusha.registry.services.common import summary


class ResolutionPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        resolution = actions.issue_resolution(
            self.context,
            data.get("assignees"),
            data.get("instruction"),
            deadline=data.get("deadline"),
            term=data.get("term"),
        )
        self.request.response.setStatus(201)
        return dict(
            summary(self.context),
            resolution=resolution.absolute_url(),
            deadline=resolution.deadline.isoformat(),
            tasks=[
                {"@id": t.absolute_url(), "assignee": t.assignee, "responsible": t.responsible}
                for t in resolution.tasks()
            ],
        )
