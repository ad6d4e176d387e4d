"""POST @approval on an outgoing or internal document: act on its approval chain.

`{"action": "approve", "comment": "…"}` or `{"action": "reject", "comment": "why"}` by the current
approver (or their substitute); `{"action": "submit"}` or `{"action": "submit", "approvers": [...]}`
by the author; `{"approvers": [...]}` alone changes a draft's chain.
Errors: 403 not the current approver, 400 rejection without a comment or a bad chain,
409 the document is not waiting for that.
"""

from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.registry import actions
from ratusha.registry.services.common import summary


class ApprovalPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        action = data.get("action")
        comment = data.get("comment") or ""
        if not isinstance(comment, str):
            raise InputError(_("error_comment_text", default="The comment must be text."))
        if "approvers" in data:
            approvers = data["approvers"]
            if not isinstance(approvers, list):
                raise InputError(_("error_chain_list", default="Give the approvers as a list."))
            actions.set_approvers(self.context, approvers)
        if action in ("approve", "reject"):
            actions.decide(self.context, action, comment)
        elif action == "submit":
            actions.submit(self.context)
        elif action is not None:
            raise InputError(_("error_decision", default="Decide «approve» or «reject»."))
        return dict(summary(self.context), approval=actions.approval_data(self.context))
