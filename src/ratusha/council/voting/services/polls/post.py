"""POST @polls on an agenda item (chair, staff):

POST @polls {"kind", "title"?, "mode"?, "text"?, "options"?, "written"?, "deadline"?}
                                 create; 201
POST @polls/<id>/open            open (with quorum)
POST @polls/<id>/close           close and compute the outcome (with quorum)
POST @polls/<id>/record {"voter", "choice"}        a roll-call answer (staff)
POST @polls/<id>/totals {"yes", "no", "abstain"}   a show of hands (staff)
"""

from ratusha.council.voting import acts
from ratusha.council.voting import describe
from ratusha.council.voting.services.common import VotingService


class PollsPost(VotingService):
    writes = True

    def act(self):
        item = self.context
        if not self.params:
            body = self.body()
            poll = acts.create_poll(
                item,
                body.get("kind"),
                title=body.get("title"),
                mode=body.get("mode"),
                text=body.get("text") or "",
                options=body.get("options"),
                written=bool(body.get("written")),
                deadline=body.get("deadline"),
            )
            self.request.response.setStatus(201)
            return describe.describe(item, poll, self.request, detail=True)
        if len(self.params) != 2:
            self.not_found()
        poll = self.poll(self.params[0])
        action = self.params[1]
        if action == "open":
            acts.open_poll(item, poll)
        elif action == "close":
            acts.close_poll(item, poll)
        elif action == "record":
            body = self.body()
            acts.record_vote(item, poll, body.get("voter"), body.get("choice"))
        elif action == "totals":
            body = self.body()
            acts.record_totals(item, poll, body.get("yes"), body.get("no"), body.get("abstain"))
        else:
            self.not_found()
        return describe.describe(item, poll, self.request, detail=True)
