"""Personal-room panel: every employee finds where to report an incident; the officer sees the
open incidents with their clocks, the most urgent first."""

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.permissions import ManagePersonalData
from ratusha.personal.interfaces import IPersonalRoomPanel
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents.browser.pages import clock_view
from ratusha.privacy.incidents.content import OPEN
from zope.interface import implementer


@implementer(IPersonalRoomPanel)
class IncidentsPanel:
    order = 90
    title = _("panel_incidents", default="Incidents")
    icon = "shield-exclamation"
    template = ViewPageTemplateFile("browser/templates/panel.pt")

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self._open = None

    def available(self):
        return register.may_report()

    def officer(self):
        return api.user.has_permission(ManagePersonalData, obj=self.context)

    def _load(self):
        if self._open is None:
            found = [i for i in register.incidents() if i.state() in OPEN] if self.officer() else []
            self._open = sorted(found, key=lambda i: i.clock().seconds_left)
        return self._open

    def count(self):
        return len(self._load())

    def items(self):
        return [
            dict(
                title=incident.Title(),
                url=incident.absolute_url(),
                clock=clock_view(incident, self.request),
            )
            for incident in self._load()
        ]

    def report_url(self):
        return f"{self.context.absolute_url()}/@@report-incident"

    def register_url(self):
        return f"{self.context.absolute_url()}/@@incidents"

    def render(self):
        return self.template()
