"""Shared helpers of the registry's pages: labels, states, safe redirects."""

import datetime
from plone import api
from ratusha.registry.security import review_state
from ratusha.registry.vocabularies import INCOMING_KINDS
from ratusha.registry.vocabularies import INTERNAL_KINDS
from ratusha.registry.vocabularies import OUTGOING_KINDS
from ratusha.registry.vocabularies import user_title
from zope.i18n import translate


PAGE = 50
STATUS_CLASSES = {
    "overdue": "text-bg-danger",
    "today": "text-bg-warning",
    "soon": "text-bg-warning",
    "open": "text-bg-secondary",
    "done": "text-bg-success",
    "none": "text-bg-light",
}
STATE_CLASSES = {
    "draft": "secondary",
    "in_approval": "warning",
    "approved": "info",
    "signed": "info",
    "received": "secondary",
    "registered": "primary",
    "assigned": "primary",
    "in_progress": "warning",
    "answered": "success",
    "closed": "success",
    "dispatched": "success",
    "archived": "dark",
    "returned": "danger",
    "left_without_consideration": "danger",
    "cancelled": "danger",
    "done": "success",
    "open": "primary",
}
KINDS = dict(INCOMING_KINDS + OUTGOING_KINDS + INTERNAL_KINDS)


def day_text(value):
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def state_title(obj_or_type, state, request):
    workflows = api.portal.get_tool("portal_workflow")
    portal_type = obj_or_type if isinstance(obj_or_type, str) else obj_or_type.portal_type
    title = workflows.getTitleForStateOnType(state, portal_type) or state
    return translate(title, domain="ratusha", context=request)


def transition_title(obj, transition, request):
    """The act a history entry records, titled like the button that did it."""
    workflows = api.portal.get_tool("portal_workflow")
    for workflow in workflows.getWorkflowsFor(obj):
        definition = workflow.transitions.get(transition)
        if definition is not None:
            return translate(definition.title or transition, domain="ratusha", context=request)
    return transition


def executor_names(item):
    """Whose late task a worklist row is; nothing when it is only the reader's own."""
    people = item.get("executors") or []
    if people == [api.user.get_current().getId()]:
        return ""
    return ", ".join(user_title(person) for person in people)


def safe_return(request, fallback):
    came_from = request.form.get("came_from") or ""
    url_tool = api.portal.get_tool("portal_url")
    if came_from and url_tool.isURLInPortal(came_from):
        return came_from
    return fallback


class Helpers:
    """Formatting shared by the registry's templates."""

    def full_width(self):
        # the registry's pages use the whole width, like the personal room
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)

    def day(self, value):
        return day_text(value)

    def user(self, user_id):
        return user_title(user_id)

    def state_title(self, obj, state=None):
        return state_title(obj, state or review_state(obj), self.request)

    def state_class(self, state):
        return "badge text-bg-" + STATE_CLASSES.get(state, "secondary")

    def status_class(self, status):
        return "badge " + STATUS_CLASSES.get(status, "text-bg-light")

    def executors(self, item):
        return executor_names(item)

    def kind_title(self, kind):
        return translate(KINDS.get(kind, kind or ""), context=self.request)

    def authenticator(self):
        return api.portal.get().restrictedTraverse("@@authenticator").token()
