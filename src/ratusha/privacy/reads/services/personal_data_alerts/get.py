"""GET @personal-data-alerts: the latest alerts on reads of personal data, newest first."""

import datetime
from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.core import dates
from ratusha.core import permissions
from ratusha.core.rest import error
from ratusha.privacy.reads import alerts
from zope.i18n import translate


class AlertsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return error(self.request, _("error_login_required", default="Please log in."), 401)
        if not api.user.has_permission(permissions.ManagePersonalData, obj=self.context):
            return error(
                self.request,
                _(
                    "error_alerts_forbidden",
                    default="Only data protection officers may read these alerts.",
                ),
                403,
            )
        items = []
        for item in alerts.recent():
            item = dict(item, title=translate(item["title"], context=self.request))
            item["time"] = dates.iso(datetime.datetime.fromisoformat(item["ts"]))
            items.append(item)
        return {"@id": f"{self.context.absolute_url()}/@personal-data-alerts", "items": items}
