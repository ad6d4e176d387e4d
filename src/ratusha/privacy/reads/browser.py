"""The officers' page of alerts and the clock's call that raises them."""

from AccessControl import Unauthorized
import datetime
import json
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha.core.dates import short_datetime
from ratusha.core.permissions import ManagePersonalData
from ratusha.privacy.reads import alerts
from zExceptions import Forbidden
from zope.interface import alsoProvides


def when(value: str) -> str:
    return short_datetime(datetime.datetime.fromisoformat(value))


class AlertsView(BrowserView):
    """@@personal-data-alerts: the latest alerts, newest first (Manage personal data)."""

    template = ViewPageTemplateFile("templates/alerts.pt")

    def __call__(self):
        # checked here for a 403 to a signed-in person (Zope would send them to log in again)
        if api.user.is_anonymous():
            raise Unauthorized("personal-data-alerts")
        if not api.user.has_permission(ManagePersonalData, obj=self.context):
            raise Forbidden("Only data protection officers may read these alerts.")
        return self.template()

    def alerts(self):
        return [
            dict(item, start=when(item["window_start"]), end=when(item["window_end"]))
            for item in alerts.recent()
        ]


class AlertsCheckView(BrowserView):
    """@@personal-data-alerts-check: the clock's call (Manage portal); idempotent, answers JSON."""

    def __call__(self):
        # a cron job with the administrator's credentials, not a browser form
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(alerts.check())
