"""The notifications panel of the personal room."""

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.notifications.api import absolute
from ratusha.notifications.api import inbox_of_current_user
from ratusha.notifications.api import serialize
from ratusha.personal.interfaces import IPersonalRoomPanel
from zope.interface import implementer


SHOWN = 10


@implementer(IPersonalRoomPanel)
class NotificationsPanel:
    order = 10
    title = _("panel_notifications", default="Notifications")
    icon = "bell"
    template = ViewPageTemplateFile("browser/templates/panel.pt")
    limit = SHOWN

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self.inbox = inbox_of_current_user()

    def available(self):
        return not api.user.is_anonymous()

    def count(self):
        return self.inbox.unread_count() if self.inbox is not None else 0

    def notices(self):
        return self.inbox.notices()[: self.limit] if self.inbox is not None else []

    def items(self):
        return [dict(serialize(n), title=n.subject) for n in self.notices()]

    def link(self, notice):
        return absolute(notice.url)

    def when(self, notice):
        return short_datetime(notice.created)

    def render(self):
        return self.template()
