"""GET @meeting-attendance: who attended (from Jitsi's server events). Personal data: audited."""

from plone.restapi.services import Service
from ratusha.core.rest import no_store
from ratusha.meetings.reports import attendance_report
from ratusha.meetings.reports import record_view


class AttendanceGet(Service):
    def reply(self):
        no_store(self.request.response)
        report = attendance_report(self.context)
        record_view(self.context, "@meeting-attendance", report)
        return {"@id": f"{self.context.absolute_url()}/@meeting-attendance", **report}
