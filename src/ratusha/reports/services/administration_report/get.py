"""GET @administration-report?from=YYYY-MM-DD&to=YYYY-MM-DD&department=<group id>: how the
administration is doing (docs/reports.md). Anonymous 401 (the service needs a signed-in user),
403 for a user who may not read the report, 400 with a message for bad filters."""

from plone.restapi.services import Service
from ratusha.core.rest import error
from ratusha.reports import report
from ratusha.reports.figures import FilterError


class AdministrationReportGet(Service):
    def reply(self):
        if not report.may_read():
            return error(self.request, report.REFUSED, 403)
        try:
            filters = report.read_filters(self.request.form)
        except FilterError as exc:
            return error(self.request, report.filter_message(exc))
        data = report.build(filters, self.request)
        data["@id"] = f"{self.context.absolute_url()}/@administration-report"
        return data
