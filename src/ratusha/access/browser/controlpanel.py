"""Site Setup → Access: the two-factor and lockout settings, current locks, resets."""

import datetime
from plone.app.registry.browser import controlpanel
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.access import attempts
from ratusha.access.lockout import unlock
from ratusha.access.settings import IAccessSettings
from ratusha.core.dates import short_datetime


class AccessSettingsForm(controlpanel.RegistryEditForm):
    schema = IAccessSettings
    schema_prefix = "ratusha.access"
    label = _("access_title", default="Access: two-factor login and lockouts")
    description = _(
        "access_description",
        default="Who must confirm logins with a code, and when repeated failed "
        "logins lock an account or an address. Current locks and resets "
        "are on the page «Locks and resets».",
    )


class AccessControlPanel(controlpanel.ControlPanelFormWrapper):
    form = AccessSettingsForm


class AccessLocksView(BrowserView):
    template = ViewPageTemplateFile("templates/access_locks.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            key = self.request.form.get("key", "")
            if unlock(key):
                IStatusMessage(self.request).add(
                    _("access_unlocked", default="Unlocked: ${key}", mapping={"key": key}),
                    type="info",
                )
            return self.request.response.redirect(f"{self.context.absolute_url()}/@@access-locks")
        return self.template()

    def locks(self):
        return [
            {
                "key": key,
                "kind": key.split(":", 1)[0],
                "who": key.split(":", 1)[1],
                "failures": counter.failures,
                "until": short_datetime(
                    datetime.datetime.fromtimestamp(counter.locked_until, datetime.UTC)
                ),
            }
            for key, counter in attempts.locks()
        ]
