"""The report's page (@@administration-report) and its CSV (@@administration-report-csv)."""

import csv
import io
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.filenames import content_disposition
from ratusha.reports import charts
from ratusha.reports import report
from ratusha.reports.figures import FilterError
from urllib.parse import urlencode
from zExceptions import Forbidden
from zope.i18n import translate


FILTERS = ("from", "to", "department")
DOCUMENT_FIGURES = (
    ("received", _("report_received", default="Received")),
    ("sent", _("report_sent", default="Sent")),
    ("due", _("report_due", default="Deadline reached")),
    ("on_time", _("report_on_time", default="Answered on time")),
    ("share_on_time", _("report_share_on_time", default="Share answered on time")),
    ("answered", _("report_answered", default="Answered")),
    ("average_working_days", _("report_average_days", default="Average working days to answer")),
)
MEETING_FIGURES = (
    ("held", _("report_meetings_held", default="Meetings held")),
    ("invited", _("report_invited", default="Invitations")),
    ("attended", _("report_attended", default="Joined")),
    ("attendance", _("report_attendance", default="Attendance")),
)
COUNCIL_FIGURES = (
    ("sessions", _("report_sessions", default="Sessions in the period")),
    ("held", _("report_sessions_held", default="Sessions held")),
    ("decisions", _("report_decisions", default="Decisions")),
    ("compliant", _("report_compliant", default="Sessions that kept every statutory deadline")),
    ("share_compliant", _("report_share_compliant", default="Share of sessions on time")),
)
WARNINGS = {
    "no-livestream": _("report_warning_no_livestream", default="No live stream of an open session"),
    "not-published": _("report_warning_not_published", default="Not convened in time"),
    "published-late": _("report_warning_published_late", default="Convened late"),
    "materials-late": _("report_warning_materials_late", default="Materials added late"),
    "materials-missing": _("report_warning_materials_missing", default="Materials missing"),
}
DOCUMENTS = _("report_section_documents", default="Documents")
MEETINGS = _("report_section_meetings", default="Meetings")
COUNCIL = _("report_section_council", default="Council")
OVERDUE = _("report_overdue_now", default="Overdue now")
SHARES = ("share_on_time", "attendance", "share_compliant")


def month_label(key: str) -> str:
    """2026-11 → 11.2026, as Bulgarian dates are written."""
    year, month = key.split("-")
    return f"{month}.{year}"


def shown(key, value) -> str:
    if value is None:
        return "—"
    if key in SHARES:
        return f"{round(value * 100)} %"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


class ReportView(BrowserView):
    def _read(self):
        """The report, or None with `self.error` set (and the response's status 400)."""
        self.error = None
        if not report.may_read():
            raise Forbidden(translate(report.REFUSED, context=self.request))
        try:
            filters = report.read_filters(self.request.form)
        except FilterError as exc:
            self.error = translate(report.filter_message(exc), context=self.request)
            self.request.response.setStatus(400)
            return None
        return report.build(filters, self.request)

    def label(self, message, language=None):
        return translate(message, context=self.request, target_language=language)


class AdministrationReportView(ReportView):
    template = ViewPageTemplateFile("templates/administration_report.pt")
    document_figures = DOCUMENT_FIGURES
    meeting_figures = MEETING_FIGURES
    council_figures = COUNCIL_FIGURES
    month_label = staticmethod(month_label)
    shown = staticmethod(shown)

    def __call__(self):
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.report = self._read()
        return self.template()

    def warning(self, code):
        return self.label(WARNINGS[code]) if code in WARNINGS else code

    def value(self, name):
        value = self.request.form.get(name, "")
        if not isinstance(value, str):
            return ""
        if not value and self.report and name in ("from", "to"):
            return self.report["period"][name]
        return value

    def csv_url(self):
        query = {k: self.value(k) for k in FILTERS if self.value(k)}
        return f"{self.context.absolute_url()}/@@administration-report-csv?{urlencode(query)}"

    def documents_chart(self):
        documents = self.report["documents"]
        keys = sorted({row["month"] for row in documents["rows"]})
        received = [sum(r["received"] for r in documents["rows"] if r["month"] == k) for k in keys]
        sent = [sum(r["sent"] for r in documents["rows"] if r["month"] == k) for k in keys]
        return charts.bar_chart(
            self.label(
                _("report_chart_documents", default="Documents received and sent per month")
            ),
            [month_label(k) for k in keys],
            [
                (self.label(DOCUMENT_FIGURES[0][1]), received),
                (self.label(DOCUMENT_FIGURES[1][1]), sent),
            ],
        )

    def meetings_chart(self):
        by_month = self.report["meetings"]["by_month"]
        return charts.bar_chart(
            self.label(_("report_chart_meetings", default="Meetings held per month")),
            [month_label(k) for k in by_month],
            [(self.label(MEETING_FIGURES[0][1]), list(by_month.values()))],
        )


class AdministrationReportCSV(ReportView):
    """One row per figure (section, department, month, figure, value), UTF-8 with a BOM so that
    Excel opens it in Cyrillic; headers in Bulgarian whatever the reader's language."""

    def rows(self, data):
        def line(section, title, value, department="", month=""):
            return self.label(section, "bg"), department, month, self.label(title, "bg"), value

        if "documents" in data:
            documents = data["documents"]
            for row in documents["rows"]:
                place = row["department_title"], month_label(row["month"])
                for key, title in DOCUMENT_FIGURES:
                    yield line(DOCUMENTS, title, shown(key, row[key]), *place)
            for key, title in DOCUMENT_FIGURES:
                yield line(DOCUMENTS, title, shown(key, documents["total"][key]))
            for row in documents["overdue_by_department"]:
                yield line(DOCUMENTS, OVERDUE, row["count"], row["department_title"])
            yield line(DOCUMENTS, OVERDUE, documents["overdue_now"])
            for key, title in MEETING_FIGURES:
                yield line(MEETINGS, title, shown(key, data["meetings"][key]))
        for key, title in COUNCIL_FIGURES:
            yield line(COUNCIL, title, shown(key, data["council"][key]))

    def __call__(self):
        data = self._read()
        if data is None:
            return self.error
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                self.label(_("report_csv_section", default="Section"), "bg"),
                self.label(_("report_csv_department", default="Department"), "bg"),
                self.label(_("report_csv_month", default="Month"), "bg"),
                self.label(_("report_csv_figure", default="Figure"), "bg"),
                self.label(_("report_csv_value", default="Value"), "bg"),
            ]
        )
        writer.writerows(self.rows(data))
        name = f"administration-report-{data['period']['from']}-{data['period']['to']}.csv"
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", content_disposition(name))
        return "\ufeff" + out.getvalue()
