"""Pages of the registry: overview, registers with filters and CSV, documents, worklists."""

import csv
import datetime
import io
import json

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.CMFCore.utils import _checkPermission
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import BadRequest
from zope.i18n import translate
from zope.interface import alsoProvides

from ratusha import _
from ratusha.audit.recorder import record
from ratusha.core.permissions import RegisterDocument
from ratusha.core.permissions import WriteResolution
from ratusha.core.rest import InputError
from ratusha.registry import actions
from ratusha.registry import chain
from ratusha.registry import seos
from ratusha.registry import worklists
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.content import DOCUMENT_TYPES
from ratusha.registry.content import REGISTER
from ratusha.registry.content import REGISTER_TYPES
from ratusha.registry.deadlines import status as deadline_status
from ratusha.registry.security import review_state
from ratusha.registry.vocabularies import CHANNELS
from ratusha.registry.vocabularies import INCOMING_KINDS
from ratusha.registry.vocabularies import INTERNAL_KINDS
from ratusha.registry.vocabularies import OUTGOING_KINDS
from ratusha.registry.vocabularies import label
from ratusha.registry.vocabularies import user_title

PAGE = 50
STATUS_CLASSES = {"overdue": "text-bg-danger", "today": "text-bg-warning",
                  "soon": "text-bg-warning", "open": "text-bg-secondary",
                  "done": "text-bg-success", "none": "text-bg-light"}
STATE_CLASSES = {"draft": "secondary", "in_approval": "warning", "approved": "info",
                 "signed": "info", "received": "secondary", "registered": "primary",
                 "assigned": "primary", "in_progress": "warning", "answered": "success",
                 "closed": "success", "dispatched": "success", "archived": "dark",
                 "returned": "danger", "left_without_consideration": "danger",
                 "cancelled": "danger", "done": "success", "open": "primary"}
KINDS = dict(INCOMING_KINDS + OUTGOING_KINDS + INTERNAL_KINDS)


def day_text(value):
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def state_title(obj_or_type, state, request):
    workflows = api.portal.get_tool("portal_workflow")
    portal_type = obj_or_type if isinstance(obj_or_type, str) else obj_or_type.portal_type
    title = workflows.getTitleForStateOnType(state, portal_type) or state
    return translate(title, domain="ratusha", context=request)


def safe_return(request, fallback):
    came_from = request.form.get("came_from") or ""
    url_tool = api.portal.get_tool("portal_url")
    if came_from and url_tool.isURLInPortal(came_from):
        return came_from
    return fallback


class Helpers:
    """Formatting shared by the registry's templates."""

    def full_width(self):
        # the registry's pages use the whole width, like the personal room
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)

    def day(self, value):
        return day_text(value)

    def user(self, user_id):
        return user_title(user_id)

    def state_title(self, obj, state=None):
        return state_title(obj, state or review_state(obj), self.request)

    def state_class(self, state):
        return "badge text-bg-" + STATE_CLASSES.get(state, "secondary")

    def status_class(self, status):
        return "badge " + STATUS_CLASSES.get(status, "text-bg-light")

    def kind_title(self, kind):
        return translate(KINDS.get(kind, kind or ""), context=self.request)

    def authenticator(self):
        return api.portal.get().restrictedTraverse("@@authenticator").token()


class DocumentView(BrowserView, Helpers):
    """A document with its number, state, chain, resolutions and what the reader may do."""

    template = ViewPageTemplateFile("templates/document.pt")

    def __call__(self):
        self.full_width()
        return self.template()

    def state(self):
        return review_state(self.context)

    def seos_code(self):
        return seos.STATE_CODES.get(self.state())

    def register(self):
        return self.context.register()

    def is_incoming(self):
        return self.context.portal_type == "IncomingDocument"

    def is_approvable(self):
        return self.context.portal_type in ("OutgoingDocument", "InternalDocument")

    def deadline_status(self):
        done = self.state() in ("answered", "closed", "returned", "left_without_consideration",
                                "cancelled")
        return deadline_status(self.context.deadline, today(), work_calendar(), done)

    def fields(self):
        """(label, value) pairs the reader may see; personal data only with its permission."""
        doc = self.context
        rows = [(_("label_kind", default="Kind"), self.kind_title(getattr(doc, "kind", None)))]
        if self.is_incoming():
            rows += [
                (_("label_channel", default="Received through"),
                 translate(label(CHANNELS, doc.channel), context=self.request)),
                (_("label_received", default="Received on"), day_text(doc.received)),
                (_("label_sender_name", default="Name of the person or organisation"),
                 doc.sender_name or ("—" if not doc.anonymous else
                                     translate(_("label_anonymous", default="Anonymous"),
                                               context=self.request))),
                (_("label_sender_eik", default="EIK / BULSTAT (organisations)"), doc.sender_eik),
            ]
            if _checkPermission("Ratusha: View personal data", doc):
                rows += [
                    (_("label_sender_personal_number", default="Personal number (ЕГН/ЛНЧ)"),
                     doc.sender_personal_number),
                    (_("label_sender_address", default="Address"), doc.sender_address),
                    (_("label_sender_email", default="E-mail"), doc.sender_email),
                ]
        else:
            if doc.portal_type == "OutgoingDocument":
                rows.append((_("label_recipients", default="Recipients"), doc.recipients))
            else:
                rows.append((_("label_addressee", default="Addressed to"),
                             user_title(doc.addressee) if doc.addressee else ""))
            rows.append((_("label_signatory", default="Signatory"),
                         user_title(doc.effective_signatory())))
        rows.append((_("label_department", default="Responsible department"),
                     self.group_title(doc.department)))
        if getattr(doc, "attention_to", None):
            rows.append((_("label_attention_to", default="For the attention of"),
                         user_title(doc.attention_to)))
        case_file = getattr(doc, "case_file", None)
        case = api.content.get(UID=case_file) if case_file else None
        if case is not None and api.user.has_permission("View", obj=case):
            rows.append((_("label_case_file", default="Case file"), case.Title()))
        return [(title, value) for title, value in rows if value]

    def versions(self):
        """The main file's versions: when, who uploaded it, the note (CMFEditions)."""
        repository = api.portal.get_tool("portal_repository")
        if not _checkPermission("CMFEditions: Access previous versions", self.context):
            return []
        try:
            history = repository.getHistoryMetadata(self.context)
        except Exception:
            return []
        if not history:
            return []
        found = []
        for index in range(history.getLength(countPurged=False)):
            meta = history.retrieve(index)["metadata"]["sys_metadata"]
            found.append({"version": index + 1, "who": user_title(meta.get("principal")),
                          "when": datetime.datetime.fromtimestamp(meta["timestamp"]).strftime(
                              "%d.%m.%Y %H:%M"),
                          "comment": meta.get("comment") or ""})
        return list(reversed(found))

    def group_title(self, group_id):
        group = api.group.get(groupname=group_id) if group_id else None
        return (group.getProperty("title") or group_id) if group is not None else group_id

    def steps(self):
        if not self.is_approvable():
            return []
        return actions.approval_data(self.context)["steps"] or [
            dict(chain.step(a), fullname=user_title(a), current=False)
            for a in self.context.approvers or ()]

    def resolutions(self):
        found = []
        for resolution in self.context.objectValues():
            if resolution.portal_type != "Resolution":
                continue
            tasks = []
            for task in resolution.tasks():
                state = review_state(task)
                tasks.append({"task": task, "state": state, "assignee": task.assignee,
                              "name": user_title(task.assignee),
                              "responsible": task.responsible,
                              "transitions": self.transitions(task)})
            done = sum(1 for t in tasks if t["state"] == "done")
            found.append({"resolution": resolution, "author": user_title(resolution.author),
                          "tasks": tasks, "done": done,
                          "progress": int(100 * done / len(tasks)) if tasks else 0})
        return found

    def attachments(self):
        return [o for o in self.context.objectValues() if o.portal_type == "File"]

    def transitions(self, obj=None):
        workflows = api.portal.get_tool("portal_workflow")
        return [{"id": t["id"], "title": translate(t["title"], domain="ratusha",
                                                   context=self.request)}
                for t in workflows.getTransitionsFor(obj or self.context)]

    def document_transitions(self):
        # approvals have their own form with a comment; the rest are buttons
        return [t for t in self.transitions()
                if t["id"] not in ("approve", "approve_final", "reject")]

    def can_decide(self):
        return {"approve", "approve_final", "reject"} & {t["id"] for t in self.transitions()}

    def can_resolve(self):
        return self.is_incoming() and self.state() in actions.RESOLVABLE_STATES and bool(
            _checkPermission(WriteResolution, self.context))

    def suggested_deadline(self):
        if not self.is_incoming():
            return ""
        from ratusha.registry.config import term_for

        return work_calendar().due(today(), term_for(self.context.kind)).isoformat()

    def today_iso(self):
        return today().isoformat()

    def staff(self):
        from ratusha.notifications.recipients import resolve

        users = resolve(["role:Employee"])[0]
        return sorted(((u, user_title(u)) for u in users), key=lambda item: item[1])

    def history(self):
        workflows = api.portal.get_tool("portal_workflow")
        entries = []
        for entry in reversed(workflows.getInfoFor(self.context, "review_history", [])):
            if not entry.get("action"):
                continue
            entries.append({
                "when": entry["time"].strftime("%d.%m.%Y %H:%M"),
                "actor": user_title(entry.get("actor")),
                "state": self.state_title(self.context, entry.get("review_state")),
                "comment": entry.get("comments") or "",
            })
        return entries

    def pdf_url(self):
        if self.context.portal_type != "OutgoingDocument":
            return None
        return f"{self.context.absolute_url()}/@@letter.pdf"


class TransitionView(BrowserView):
    """POST a workflow transition with a comment; the workflow decides whether it is allowed."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        transition = self.request.form.get("transition", "")
        comment = (self.request.form.get("comment") or "").strip()
        workflows = api.portal.get_tool("portal_workflow")
        try:
            workflows.doActionFor(self.context, transition, comment=comment)
        except WorkflowException as exc:
            import transaction

            transaction.doom()
            api.portal.show_message(actions.workflow_message(exc), self.request, type="error")
        else:
            api.portal.show_message(translate(_("message_done", default="Done."),
                                              context=self.request), self.request)
        target = self.context
        if target.portal_type == "RegistryTask":
            target = target.document()
        return self.request.response.redirect(safe_return(self.request, target.absolute_url()))


class DecideView(BrowserView):
    """POST approve or reject (with a comment) from the document page or the personal room."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        decision = self.request.form.get("decision", "")
        comment = self.request.form.get("comment", "")
        try:
            actions.decide(self.context, decision, comment)
        except InputError as exc:
            import transaction

            transaction.doom()
            api.portal.show_message(translate(exc.message, context=self.request), self.request,
                                    type="error")
        else:
            message = (_("message_approved", default="Approved: ${title}",
                         mapping={"title": self.context.Title()}) if decision == "approve" else
                       _("message_rejected", default="Returned to the author: ${title}",
                         mapping={"title": self.context.Title()}))
            api.portal.show_message(translate(message, context=self.request), self.request)
        return self.request.response.redirect(
            safe_return(self.request, self.context.absolute_url()))


class ResolveView(BrowserView):
    """POST the resolution form of a document."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        form = self.request.form
        assignees = form.get("assignees") or []
        if isinstance(assignees, str):
            assignees = [a.strip() for a in assignees.split(",") if a.strip()]
        try:
            actions.issue_resolution(self.context, assignees, form.get("instruction", ""),
                                     deadline=form.get("deadline") or None,
                                     term=form.get("term") or None)
        except InputError as exc:
            import transaction

            transaction.doom()
            api.portal.show_message(translate(exc.message, context=self.request), self.request,
                                    type="error")
        else:
            api.portal.show_message(translate(_("message_resolution",
                                                default="The resolution was issued."),
                                              context=self.request), self.request)
        return self.request.response.redirect(self.context.absolute_url())


class RegisterFilters:
    """Filters of a register page and its CSV export, as one catalog query."""

    FIELDS = ("year", "number", "text", "kind", "state", "assignee", "since", "until")

    def value(self, name):
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def query(self):
        register = self.context
        query = {"portal_type": list(REGISTER_TYPES.get(register.kind, DOCUMENT_TYPES)),
                 "path": {"query": "/".join(register.getPhysicalPath()), "depth": 1},
                 "sort_on": "registry_seq", "sort_order": "descending"}
        year = self.value("year")
        if year.isdigit():
            query["registry_year"] = int(year)
        if self.value("number"):
            query["SearchableText"] = self.value("number")
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
                        raise InputError(_("error_date",
                                           default="«${field}» must be a date: YYYY-MM-DD.",
                                           mapping={"field": name}))
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
        for brain in self.results[start:start + PAGE]:
            rows.append({
                "url": brain.getURL(), "number": brain.registry_number or "",
                "title": brain.Title if not brain.registry_number else
                brain.Title[len(brain.registry_number):].strip(),
                "registered": day_text(brain.registry_registered),
                "kind": self.kind_title(brain.registry_kind),
                "state": brain.review_state,
                "state_title": state_title(brain.portal_type, brain.review_state, self.request),
                "deadline": day_text(brain.registry_deadline),
                "assignees": ", ".join(user_title(u) for u in brain.registry_people or ()),
            })
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
        items = {"incoming": INCOMING_KINDS, "outgoing": OUTGOING_KINDS,
                 "internal": INTERNAL_KINDS}.get(self.context.kind, ())
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
        return [{"value": s.getId(), "title": translate(s.title, domain="ratusha",
                                                        context=self.request)}
                for s in workflow.states.objectValues()]

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


def safe_cell(value):
    """A subject typed by a citizen must not become a spreadsheet formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class ExportView(BrowserView, RegisterFilters):
    """The register as CSV for a period (registrars): what the filters select, oldest first."""

    COLUMNS = ("number", "registered", "kind", "subject", "state", "seos_status",
               "department", "deadline", "assignees", "registered_by")

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
            writer.writerow([safe_cell(value) for value in (
                obj.registration_number or "", day_text(obj.registration_date),
                getattr(obj, "kind", "") or "", obj.title or "", state,
                seos.STATE_CODES.get(state, ""), obj.department or "",
                day_text(getattr(obj, "deadline", None)),
                " ".join(getattr(obj, "registry_assignees", ())), obj.registered_by or "",
            )])
            count += 1
        record("registry.export", self.context, details={
            "rows": count, "filters": {k: self.value(k) for k in self.FIELDS if self.value(k)}})
        name = f"{self.context.getId()}-{today().isoformat()}.csv"
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader("Content-Disposition", f'attachment; filename="{name}"')
        return "\ufeff" + out.getvalue()


class OverviewView(BrowserView, Helpers):
    """The registry's front page: the registers and the reader's four worklists."""

    template = ViewPageTemplateFile("templates/overview.pt")

    def __call__(self):
        self.full_width()
        return self.template()

    def registers(self):
        catalog = api.portal.get_tool("portal_catalog")
        found = []
        for register in self.context.objectValues():
            if register.portal_type != REGISTER:
                continue
            path = "/".join(register.getPhysicalPath())
            brains = catalog(path={"query": path, "depth": 1},
                             portal_type=list(REGISTER_TYPES.get(register.kind, ())))
            year = [b for b in brains if b.registry_year == today().year]
            found.append({"register": register, "count": len(brains), "year": len(year),
                          "kind": translate(dict(REGISTER_KIND_TITLES).get(register.kind, ""),
                                            context=self.request)})
        return found

    def lists(self):
        return [{"name": name, "title": worklists.TITLES[name],
                 "count": worklists.count(name),
                 "url": f"{self.context.absolute_url()}/@@worklist?name={name}"}
                for name in worklists.NAMES]


from ratusha.registry.vocabularies import REGISTER_KINDS as REGISTER_KIND_TITLES  # noqa: E402


class WorklistView(BrowserView, Helpers):
    """One worklist in full."""

    template = ViewPageTemplateFile("templates/worklist.pt")

    def __call__(self):
        self.full_width()
        self.name = self.request.form.get("name", "for-approval")
        if self.name not in worklists.NAMES:
            self.name = "for-approval"
        return self.template()

    def title(self):
        return worklists.TITLES[self.name]

    def items(self):
        return worklists.items(self.name, limit=500)

    def tabs(self):
        return [{"name": n, "title": worklists.TITLES[n], "active": n == self.name,
                 "url": f"{self.context.absolute_url()}/@@worklist?name={n}"}
                for n in worklists.NAMES]


class CaseFileView(BrowserView, Helpers):
    """A case file and the documents linked to it that the reader may see."""

    template = ViewPageTemplateFile("templates/casefile.pt")

    def __call__(self):
        self.full_width()
        return self.template()

    def documents(self):
        uid = api.content.get_uuid(self.context)
        catalog = api.portal.get_tool("portal_catalog")
        found = []
        for brain in catalog(portal_type=list(DOCUMENT_TYPES), registry_case=uid,
                             sort_on="created"):
            found.append({"url": brain.getURL(), "title": brain.Title,
                          "type": brain.portal_type, "state": brain.review_state,
                          "state_title": state_title(brain.portal_type, brain.review_state,
                                                     self.request)})
        return found


class RemindersView(BrowserView):
    """@@registry-reminders: the clock's call (Manage portal); idempotent, answers JSON."""

    def __call__(self):
        from ratusha.registry.reminders import parse_day
        from ratusha.registry.reminders import send_reminders

        # a cron job with the administrator's credentials, not a browser form
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            day = parse_day(self.request.form.get("day"))
        except ValueError:
            self.request.response.setStatus(400)
            return json.dumps({"error": "day must be YYYY-MM-DD"})
        result = send_reminders(day)
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(result)


class LetterPdfView(BrowserView):
    """@@letter.pdf: the outgoing letter rendered from the template."""

    def __call__(self):
        from ratusha.core.settings import get_settings
        from ratusha.registry.pdf import render_letter

        doc = self.context
        signatory = doc.effective_signatory()
        member = api.user.get(userid=signatory) if signatory else None
        replies = []
        for uid in doc.in_reply_to or ():
            answered = api.content.get(UID=uid)
            if answered is not None and answered.registration_number:
                replies.append(answered.registration_number)
        letter = {
            "municipality": get_settings().municipality_name,
            "number": doc.registration_number,
            "date": day_text(doc.registration_date) if doc.registration_date else "",
            "recipients": doc.recipients,
            "subject": doc.title,
            "body": doc.body,
            "signatory": user_title(signatory) if signatory else "",
            "signatory_title": member.getProperty("description", "") if member else "",
            "in_reply_to": replies,
        }
        data = render_letter(letter, api.portal.get_default_language())
        name = (doc.registration_number or doc.getId()).replace("/", "-")
        self.request.response.setHeader("Content-Type", "application/pdf")
        self.request.response.setHeader("Content-Disposition", f'inline; filename="{name}.pdf"')
        return data
