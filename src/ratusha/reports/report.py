"""The administration report for the current user: what REST, the page and the CSV all show."""

from plone import api
from ratusha import _
from ratusha.core import dates
from ratusha.registry.interfaces import working_days_between
from ratusha.reports import collect
from ratusha.reports import figures
from ratusha.reports.permissions import ViewAdministrationReport
from ratusha.reports.permissions import ViewCouncilReport
from zope.i18n import translate


NOT_YET = _(
    "report_participation_not_yet",
    default="Not yet: events, registrations and satisfaction surveys are not part of Ratusha yet.",
)
REFUSED = _(
    "report_refused",
    default="The administration report is for the mayor, the secretary and the council's chair.",
)
NO_DEPARTMENT = _("report_no_department", default="No department")
FILTER_MESSAGES = {
    "bad-from": _(
        "report_error_from", default="The start of the period must be a date (YYYY-MM-DD)."
    ),
    "bad-to": _("report_error_to", default="The end of the period must be a date (YYYY-MM-DD)."),
    "bad-period": _("report_error_period", default="The period ends before it starts."),
    "period-too-long": _(
        "report_error_period_too_long", default="The period may be at most five years long."
    ),
    "bad-department": _("report_error_department", default="Choose a department from the list."),
}


def may_read() -> bool:
    """Signed-in users reach the report's addresses (anonymous ones get 401); only holders of
    a report permission read it, the others get 403 with a message."""
    return bool(api.user.has_permission(ViewCouncilReport, obj=api.portal.get()))


def may_read_administration() -> bool:
    """The documents and meetings part is the administration's (not the council chair's)."""
    return bool(api.user.has_permission(ViewAdministrationReport, obj=api.portal.get()))


def filter_message(exc: figures.FilterError):
    return FILTER_MESSAGES.get(exc.code, str(exc))


def read_filters(params) -> figures.Filters:
    """Raises figures.FilterError with a code and a message for a filter that cannot be used."""
    return figures.parse_filters(params, dates.today(), collect.departments())


def build(filters: figures.Filters, request) -> dict:
    today = dates.today()
    names = collect.departments()
    no_department = translate(NO_DEPARTMENT, context=request)
    report = {
        "period": {"from": filters.start.isoformat(), "to": filters.end.isoformat()},
        "department": filters.department or None,
        "today": today.isoformat(),
        "departments": [{"id": key, "title": title} for key, title in names.items()],
    }
    if may_read_administration():
        docs = collect.documents(filters, today)
        documents = figures.documents_report(docs, filters, today, working_days_between)
        for row in documents["rows"]:
            row["department_title"] = names.get(row["department"]) or no_department
        documents["overdue_by_department"] = [
            {"department": key, "department_title": names.get(key) or no_department, "count": n}
            for key, n in documents["overdue_by_department"].items()
        ]
        report["documents"] = documents
        report["meetings"] = figures.meetings_report(collect.meetings(filters), filters)
    report["council"] = figures.council_report(collect.sessions(filters), filters)
    report["participation"] = {
        "status": "not-yet",
        "message": translate(NOT_YET, context=request),
    }
    return report
