"""POST @workflow/<transition> on sessions and agenda items: the guards' reasons as clear
errors (403 without the right, 409 with "problems") before plone.restapi's own transition
service runs."""

from plone import api
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.i18n import translate

from ratusha import _
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.council.lifecycle import problems


def exits(wftool, obj) -> set:
    """The transitions leaving the object's current state (whatever their guards say)."""
    found = set()
    for workflow in wftool.getWorkflowsFor(obj):
        state = workflow._getWorkflowStateOf(obj)
        if state is not None:
            found.update(state.transitions)
    return found


class CouncilWorkflowTransition(WorkflowTransition):
    def reply(self):
        if self.transition and self.transition in exits(self.wftool, self.context):
            if not api.user.has_permission(permissions.ManageSession, obj=self.context):
                return error(self.request, _("error_session_forbidden",
                                             default="Only the chair and council staff may do "
                                                     "this."), 403)
            found = problems(self.context, self.transition)
            if found:
                answer = error(self.request, found[0], 409)
                answer["error"]["transition"] = self.transition
                answer["problems"] = [translate(p, context=self.request) for p in found]
                return answer
        return super().reply()
