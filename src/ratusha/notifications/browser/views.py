"""Pages for notifications: the full list, and marking notices read from a form."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.notifications.api import inbox_of_current_user
from ratusha.notifications.panel import NotificationsPanel


class MarkReadView(BrowserView):
    """The panel's form: marks the chosen notices (or all) read, then back to the page it was
    on. A GET (a bookmarked or reloaded address) just shows the notifications."""

    def __call__(self):
        site = self.context.absolute_url()
        if self.request.method != "POST":
            return self.request.response.redirect(f"{site}/@@notifications")
        CheckAuthenticator(self.request)
        messages = IStatusMessage(self.request)
        ids = self._ids()
        inbox = inbox_of_current_user()
        if ids is False:
            messages.add(
                _("error_read_form", default="Choose the notifications to mark read."), type="error"
            )
        else:
            marked = inbox.mark_read(ids) if inbox is not None else 0
            messages.add(
                _(
                    "msg_marked_read",
                    default="${count} notifications marked read.",
                    mapping={"count": marked},
                ),
                type="info",
            )
        # the header itself: request.get() would let a form field named HTTP_REFERER answer
        target = self.request.getHeader("Referer") or ""
        if not target.startswith(site + "/") and target != site:
            target = site
        return self.request.response.redirect(target)

    def _ids(self):
        """None for all, a list of ids, or False when the form holds something else."""
        form = self.request.form
        if form.get("all"):
            return None
        ids = form.get("ids", [])
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return False
        return ids


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
