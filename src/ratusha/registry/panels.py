"""Personal-room panels of the registry: for my approval, assigned to me, overdue, my drafts."""

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.permissions import ApproveDocument
from ratusha.personal.interfaces import IPersonalRoomPanel
from ratusha.registry import worklists
from ratusha.registry.browser.common import executor_names
from zope.interface import implementer


SHOWN = 6
ROLES = {
    "for-approval": ("Department Head", "Director", "Secretary", "Mayor"),
    "assigned": ("Employee",),
    "overdue": ("Employee",),
    "drafts": ("Employee",),
}
STATUS_CLASSES = {
    "overdue": "text-bg-danger",
    "today": "text-bg-warning",
    "soon": "text-bg-warning",
    "open": "text-bg-light",
    "none": "text-bg-light",
}


@implementer(IPersonalRoomPanel)
class WorklistPanel:
    name = None
    template = ViewPageTemplateFile("browser/templates/worklist_panel.pt")

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self._items = None

    @property
    def title(self):
        return worklists.TITLES[self.name]

    def available(self):
        if api.user.is_anonymous():
            return False
        user = api.user.get_current()
        roles = set(user.getRoles())
        return bool(roles & set(ROLES[self.name])) or self.count() > 0

    def _load(self):
        if self._items is None:
            self._items = worklists.items(self.name, limit=200)
        return self._items

    def count(self):
        return len(self._load())

    def items(self):
        return self._load()[:SHOWN]

    def empty_text(self):
        return {
            "for-approval": _(
                "worklist_for_approval_empty", default="Nothing is waiting for your approval."
            ),
            "assigned": _("worklist_assigned_empty", default="No tasks are assigned to you."),
            "overdue": _("worklist_overdue_empty", default="Nothing is overdue."),
            "drafts": _("worklist_drafts_empty", default="You have no drafts."),
        }[self.name]

    def all_url(self):
        portal = api.portal.get()
        return f"{portal.absolute_url()}/registry/@@worklist?name={self.name}"

    def status_class(self, item):
        return STATUS_CLASSES.get(item.get("deadline_status"), "text-bg-light")

    def deadline_text(self, item):
        if not item.get("deadline"):
            return ""
        year, month, day = item["deadline"].split("-")
        return f"{day}.{month}.{year}"

    def executors(self, item):
        return executor_names(item)

    def can_decide(self):
        return self.name == "for-approval"

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()

    def render(self):
        return self.template()


class ForApprovalPanel(WorklistPanel):
    name = "for-approval"
    order = 20
    icon = "check2-square"

    def available(self):
        if api.user.is_anonymous():
            return False
        return (
            bool(api.user.has_permission(ApproveDocument, obj=api.portal.get())) or self.count() > 0
        )


class AssignedPanel(WorklistPanel):
    name = "assigned"
    order = 21
    icon = "inbox"


class OverduePanel(WorklistPanel):
    name = "overdue"
    order = 22
    icon = "alarm"


class DraftsPanel(WorklistPanel):
    name = "drafts"
    order = 23
    icon = "pencil-square"
