"""Pages for notifications: the full list, and marking notices read from a form."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage

from ratusha import _
from ratusha.notifications.api import inbox_of_current_user
from ratusha.notifications.panel import NotificationsPanel


class MarkReadView(BrowserView):
    def __call__(self):
        if self.request.method != "POST":
            self.request.response.setStatus(405)
            return ""
        CheckAuthenticator(self.request)
        inbox = inbox_of_current_user()
        ids = None if self.request.form.get("all") else self.request.form.get("ids", [])
        marked = inbox.mark_read(ids) if inbox is not None else 0
        IStatusMessage(self.request).add(
            _("msg_marked_read", default="${count} notifications marked read.",
              mapping={"count": marked}),
            type="info",
        )
        target = self.request.get("HTTP_REFERER") or self.context.absolute_url()
        if not target.startswith(self.context.absolute_url()):
            target = self.context.absolute_url()
        return self.request.response.redirect(target)


class NotificationsView(BrowserView):
    template = ViewPageTemplateFile("templates/notifications.pt")

    def __call__(self):
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        return self.template()

    def listing(self):
        panel = NotificationsPanel(self.context, self.request)
        panel.limit = None
        return panel.render()
