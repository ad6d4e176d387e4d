"""The auditor's page, its CSV export, and an object's own audit history."""

import csv
import datetime
from html import escape
import io
from plone.app.layout.viewlets.common import TitleViewlet
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.audit.labels import ACTIONS
from ratusha.audit.labels import detail_items
from ratusha.audit.labels import OUTCOMES
from ratusha.audit.query import FILTERS
from ratusha.audit.query import link_params
from ratusha.audit.query import parse_filters
from ratusha.audit.query import QueryError
from ratusha.audit.query import search
from ratusha.audit.recorder import get_store
from ratusha.core.dates import iso
from ratusha.core.dates import short_datetime
from urllib.parse import urlencode
from zope.i18n import translate


# ts as recorded (UTC, part of the hash chain), time the same instant in Sofia
CSV_COLUMNS = (
    "seq",
    "ts",
    "time",
    "actor_id",
    "actor_login",
    "auth_method",
    "client_ip",
    "action",
    "outcome",
    "object_uid",
    "object_path",
    "object_type",
    "details",
    "instance",
    "request_id",
    "user_agent",
    "hash",
)


def when(row):
    return short_datetime(datetime.datetime.strptime(row["ts"], "%Y-%m-%dT%H:%M:%S.%fZ"))


class RowsMixin:
    """How a record reads on a page."""

    def when(self, row):
        return when(row)

    def action(self, row):
        label = ACTIONS.get(row["action"])
        return translate(label, context=self.request) if label else row["action"]

    def outcome(self, row):
        return translate(OUTCOMES.get(row["outcome"], row["outcome"]), context=self.request)

    def details(self, row):
        """[(label, value)] of the record's details, ids of workflows, states and transitions
        by their titles."""
        return [
            (translate(label, context=self.request) if label else "", value)
            for label, value in detail_items(row["details"], self.workflow_title)
        ]

    def workflow_title(self, kind, value, details):
        """The translated title of a workflow, state or transition id, looked up in the
        record's workflow, else in every workflow (None if none has it)."""
        from plone import api

        tool = api.portal.get_tool("portal_workflow")
        if kind == "workflow":
            found = [tool.getWorkflowById(value)]
        else:
            named = tool.getWorkflowById(details.get("workflow") or "")
            found = [
                getattr(w, f"{kind}s").get(value)
                for w in ([named] if named else tool.objectValues())
            ]
        title = next((f.title for f in found if f is not None and f.title), None)
        return translate(title, domain="ratusha", context=self.request) if title else None


class AuditLogView(RowsMixin, BrowserView):
    template = ViewPageTemplateFile("templates/audit_log.pt")
    error = None
    rows = ()

    def __call__(self):
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        try:
            self.filters = parse_filters(self.request.form)
            self.rows = search(self.filters)
        except QueryError as exc:
            self.filters, self.error = {}, translate(exc.args[0], context=self.request)
        return self.template()

    def value(self, name):
        value = self.request.form.get(name, "")
        return value if isinstance(value, str) else ""

    def head(self):
        return get_store().head()

    def _query(self, **extra):
        return urlencode(link_params(self.request.form, FILTERS, **extra))

    def older_url(self):
        if self.rows and len(self.rows) == self.filters.get("limit"):
            return f"{self.context.absolute_url()}/@@audit-log?{self._query(before=self.rows[-1]['seq'])}"

    def export_url(self):
        return f"{self.context.absolute_url()}/@@audit-log-export?{self._query()}"


class AuditExportView(BrowserView):
    """CSV of what the filters select (up to 500 rows per file, newest first)."""

    def __call__(self):
        try:
            filters = parse_filters(self.request.form)
        except QueryError as exc:
            self.request.response.setStatus(400)
            return translate(exc.args[0], context=self.request)
        filters["limit"] = 500
        rows = search(filters, action="audit.export")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            row = row | {"time": iso(datetime.datetime.fromisoformat(row["ts"]))}
            writer.writerow([row.get(column) for column in CSV_COLUMNS])
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", 'attachment; filename="audit-log.csv"')
        return "\ufeff" + out.getvalue()


class AuditHistoryView(RowsMixin, BrowserView):
    """An object's own audit records, for those allowed to see its history."""

    template = ViewPageTemplateFile("templates/audit_history.pt")
    item = item_url = None

    def __call__(self):
        from plone import api
        from plone.uuid.interfaces import IUUID

        self.rows = search(
            {"object_uid": IUUID(self.context, None) or "-", "limit": 200}, action="audit.history"
        )
        self.item = self.context
        if api.user.has_permission("View", obj=self.item):
            self.item_url = self.item.absolute_url()
        else:
            # Plone shows its header, title and breadcrumbs only where one may View: an auditor
            # may read a confidential draft's history without seeing the draft, so the page
            # wears the site's chrome instead of the item's.
            self.context = api.portal.get()
        return self.template()

    def item_title(self):
        return self.item.Title()

    def page_title(self):
        return translate(
            _(
                "audit_history_page_title",
                default="Audit history: ${title}",
                mapping={"title": self.item_title()},
            ),
            context=self.request,
        )


class HistoryTitleViewlet(TitleViewlet):
    """The <title> of the audit history page names the item, whichever chrome the page wears."""

    def update(self):
        self.site_title = self.sep.join([escape(self.view.page_title()), self.site_title_setting])
