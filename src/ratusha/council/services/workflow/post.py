"""POST @workflow/<transition> on sessions and agenda items: the guards' reasons as clear
errors (403 without the right, 409 with "problems") before plone.restapi's own transition
service runs."""

from plone import api
from plone.restapi.services.workflow.transition import WorkflowTransition
from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.council import opening
from ratusha.council.lifecycle import give_opening_reason
from ratusha.council.lifecycle import problems
from zope.i18n import translate


def exits(wftool, obj) -> set:
    """The transitions leaving the object's current state (whatever their guards say)."""
    found = set()
    for workflow in wftool.getWorkflowsFor(obj):
        state = workflow._getWorkflowStateOf(obj)
        if state is not None:
            found.update(state.transitions)
    return found


def opening_reason(request) -> str:
    """{"reason": "..."}: why the session opens on another day than convened (optional)."""
    data = read_json(request)
    if not isinstance(data, dict):
        raise InputError(_("error_json", default="The request body must be a JSON object."))
    reason = data.get("reason", "")
    if reason is None:
        return ""
    if not isinstance(reason, str) or len(reason) > opening.REASON_LIMIT:
        raise InputError(
            _(
                "error_opening_reason",
                default="The reason for opening on another day must be a text of "
                "at most ${limit} characters.",
                mapping={"limit": opening.REASON_LIMIT},
            )
        )
    return reason


class CouncilWorkflowTransition(WorkflowTransition):
    def reply(self):
        try:
            return self._reply()
        except InputError as exc:
            return error(self.request, exc.message, exc.status)

    def _reply(self):
        if self.transition and self.transition in exits(self.wftool, self.context):
            if not api.user.has_permission(permissions.ManageSession, obj=self.context):
                return error(
                    self.request,
                    _(
                        "error_session_forbidden",
                        default="Only the chair and council staff may do this.",
                    ),
                    403,
                )
            if self.transition == "open":
                give_opening_reason(self.request, opening_reason(self.request))
            found = problems(self.context, self.transition)
            if found:
                answer = error(self.request, found[0], 409)
                answer["error"]["transition"] = self.transition
                answer["problems"] = [translate(p, context=self.request) for p in found]
                return answer
        return super().reply()
