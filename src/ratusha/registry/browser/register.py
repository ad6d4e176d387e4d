"""A register's page with filters, and its CSV export."""

import csv
import datetime
import io
from plone import api
from Products.CMFCore.utils import _checkPermission
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.filenames import content_disposition
from ratusha.core.permissions import RegisterDocument
from ratusha.core.permissions import ViewPersonalData
from ratusha.core.rest import InputError
from ratusha.registry import seos
from ratusha.registry.browser.common import day_text
from ratusha.registry.browser.common import Helpers
from ratusha.registry.browser.common import PAGE
from ratusha.registry.browser.common import state_title
from ratusha.registry.config import today
from ratusha.registry.content import DOCUMENT_TYPES
from ratusha.registry.content import REGISTER_TYPES
from ratusha.registry.search import INDEX
from ratusha.registry.search import personal_number_query
from ratusha.registry.vocabularies import INCOMING_KINDS
from ratusha.registry.vocabularies import INTERNAL_KINDS
from ratusha.registry.vocabularies import OUTGOING_KINDS
from ratusha.registry.vocabularies import user_title
from zope.i18n import translate


class RegisterFilters:
    """Filters of a register page and its CSV export, as one catalog query."""

    FIELDS = (
        "year",
        "number",
        "personal_number",
        "text",
        "kind",
        "state",
        "assignee",
        "since",
        "until",
    )

    def value(self, name):
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def filter_note(self, name):
        """What the audit trail keeps of a filter: never the ЕГН searched for."""
        return "*" if name == "personal_number" else self.value(name)

    def query(self):
        register = self.context
        query = {
            "portal_type": list(REGISTER_TYPES.get(register.kind, DOCUMENT_TYPES)),
            "path": {"query": "/".join(register.getPhysicalPath()), "depth": 1},
            "sort_on": "registry_seq",
            "sort_order": "descending",
        }
        year = self.value("year")
        if year.isdigit():
            query["registry_year"] = int(year)
        if self.value("number"):
            query["SearchableText"] = self.value("number")
        if self.value("personal_number"):
            query[INDEX] = personal_number_query(self.value("personal_number"), register)
        if self.value("text"):
            words = self.value("text")
            query["SearchableText"] = (query.get("SearchableText", "") + " " + words).strip()
        if self.value("kind"):
            query["registry_kind"] = self.value("kind")
        if self.value("state"):
            query["review_state"] = self.value("state")
        if self.value("assignee"):
            query["registry_people"] = self.value("assignee")
        since, until = self.value("since"), self.value("until")
        if since or until:
            for name, value in (("since", since), ("until", until)):
                if value:
                    try:
                        datetime.date.fromisoformat(value)
                    except ValueError:
                        raise InputError(
                            _(
                                "error_date",
                                default="«${field}» must be a date: YYYY-MM-DD.",
                                mapping={"field": name},
                            )
                        )
            if since and until:
                query["registry_registered"] = {"query": (since, until), "range": "min:max"}
            elif since:
                query["registry_registered"] = {"query": since, "range": "min"}
            else:
                query["registry_registered"] = {"query": until, "range": "max"}
        return query

    def brains(self):
        catalog = api.portal.get_tool("portal_catalog")
        return catalog(**self.query())


class RegisterView(BrowserView, Helpers, RegisterFilters):
    """One register: its documents, newest number first, with filters and paging."""

    template = ViewPageTemplateFile("templates/register.pt")

    def __call__(self):
        self.full_width()
        self.error = None
        try:
            self.results = self.brains()
        except InputError as exc:
            self.error = translate(exc.message, context=self.request)
            self.results = []
        return self.template()

    def start(self):
        value = self.request.form.get("b_start", "0")
        return int(value) if str(value).isdigit() else 0

    def rows(self):
        start = self.start()
        rows = []
        for brain in self.results[start : start + PAGE]:
            rows.append(
                {
                    "url": brain.getURL(),
                    "number": brain.registry_number or "",
                    "title": brain.Title
                    if not brain.registry_number
                    else brain.Title[len(brain.registry_number) :].strip(),
                    "registered": day_text(brain.registry_registered),
                    "kind": self.kind_title(brain.registry_kind),
                    "state": brain.review_state,
                    "state_title": state_title(brain.portal_type, brain.review_state, self.request),
                    "deadline": day_text(brain.registry_deadline),
                    "assignees": ", ".join(user_title(u) for u in brain.registry_people or ()),
                }
            )
        return rows

    def total(self):
        return len(self.results)

    def next_url(self):
        start = self.start() + PAGE
        if start >= self.total():
            return None
        form = {k: v for k, v in self.request.form.items() if k in self.FIELDS and v}
        form["b_start"] = start
        from urllib.parse import urlencode

        return f"{self.context.absolute_url()}?{urlencode(form)}"

    def export_url(self):
        from urllib.parse import urlencode

        form = {k: v for k, v in self.request.form.items() if k in self.FIELDS and v}
        return f"{self.context.absolute_url()}/@@register-export?{urlencode(form)}"

    def kinds(self):
        items = {
            "incoming": INCOMING_KINDS,
            "outgoing": OUTGOING_KINDS,
            "internal": INTERNAL_KINDS,
        }.get(self.context.kind, ())
        return [{"value": v, "title": translate(t, context=self.request)} for v, t in items]

    def states(self):
        workflows = api.portal.get_tool("portal_workflow")
        types = REGISTER_TYPES.get(self.context.kind, ())
        if not types:
            return []
        chain_ = workflows.getChainForPortalType(types[0])
        if not chain_:
            return []
        workflow = workflows[chain_[0]]
        return [
            {
                "value": s.getId(),
                "title": translate(s.title, domain="ratusha", context=self.request),
            }
            for s in workflow.states.objectValues()
        ]

    def years(self):
        this_year = today().year
        return [str(y) for y in range(this_year, this_year - 6, -1)]

    def add_url(self):
        types = REGISTER_TYPES.get(self.context.kind, ())
        allowed = {fti.getId() for fti in self.context.allowedContentTypes()}
        for type_id in types:
            if type_id in allowed:
                return f"{self.context.absolute_url()}/++add++{type_id}"
        return None

    def can_export(self):
        return bool(_checkPermission(RegisterDocument, self.context))

    def can_search_personal_number(self):
        return self.context.kind == "incoming" and bool(
            _checkPermission(ViewPersonalData, self.context)
        )


def safe_cell(value):
    """A subject typed by a citizen must not become a spreadsheet formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class ExportView(BrowserView, RegisterFilters):
    """The register as CSV for a period (registrars): what the filters select, oldest first."""

    COLUMNS = (
        "number",
        "registered",
        "kind",
        "subject",
        "state",
        "seos_status",
        "department",
        "deadline",
        "assignees",
        "registered_by",
    )

    def __call__(self):
        try:
            query = self.query()
        except InputError as exc:
            self.request.response.setStatus(400)
            return translate(exc.message, context=self.request)
        query.update(sort_order="ascending")
        catalog = api.portal.get_tool("portal_catalog")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.COLUMNS)
        count = 0
        for brain in catalog(**query):
            obj = brain.getObject()
            state = brain.review_state
            writer.writerow(
                [
                    safe_cell(value)
                    for value in (
                        obj.registration_number or "",
                        day_text(obj.registration_date),
                        getattr(obj, "kind", "") or "",
                        obj.title or "",
                        state,
                        seos.STATE_CODES.get(state, ""),
                        obj.department or "",
                        day_text(getattr(obj, "deadline", None)),
                        " ".join(getattr(obj, "registry_assignees", ())),
                        obj.registered_by or "",
                    )
                ]
            )
            count += 1
        record(
            "registry.export",
            self.context,
            details={
                "rows": count,
                "filters": {k: self.filter_note(k) for k in self.FIELDS if self.value(k)},
            },
        )
        name = f"{self.context.getId()}-{today().isoformat()}.csv"
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader("Content-Disposition", content_disposition(name))
        return "\ufeff" + out.getvalue()
