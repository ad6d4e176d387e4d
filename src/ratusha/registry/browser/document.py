"""A document's page and the acts done from it: transitions, decisions, resolutions."""

import datetime
from plone import api
from Products.CMFCore.utils import _checkPermission
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.core.permissions import WriteResolution
from ratusha.core.rest import InputError
from ratusha.notifications.interfaces import resolve
from ratusha.privacy.interfaces import personal_data_shown
from ratusha.registry import actions
from ratusha.registry import chain
from ratusha.registry import seos
from ratusha.registry.browser.common import day_text
from ratusha.registry.browser.common import Helpers
from ratusha.registry.browser.common import safe_return
from ratusha.registry.browser.common import transition_title
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.deadlines import status as deadline_status
from ratusha.registry.security import review_state
from ratusha.registry.special import readable
from ratusha.registry.vocabularies import CHANNELS
from ratusha.registry.vocabularies import label
from ratusha.registry.vocabularies import SEOS_STATUSES
from ratusha.registry.vocabularies import user_title
from zExceptions import BadRequest
from zope.i18n import translate


class DocumentView(BrowserView, Helpers):
    """A document with its number, state, chain, resolutions and what the reader may do."""

    template = ViewPageTemplateFile("templates/document.pt")

    def __call__(self):
        self.full_width()
        personal_data_shown(self.context, via="page")
        return self.template()

    def state(self):
        return review_state(self.context)

    def seos_code(self):
        return seos.STATE_CODES.get(self.state())

    def seos_label(self):
        code = self.seos_code()
        return translate(label(SEOS_STATUSES, code), context=self.request) if code else ""

    def register(self):
        return self.context.register()

    def body(self):
        return readable(self.context, "body")

    def is_incoming(self):
        return self.context.portal_type == "IncomingDocument"

    def is_approvable(self):
        return self.context.portal_type in ("OutgoingDocument", "InternalDocument")

    def deadline_status(self):
        done = self.state() in (
            "answered",
            "closed",
            "returned",
            "left_without_consideration",
            "cancelled",
        )
        return deadline_status(self.context.deadline, today(), work_calendar(), done)

    def fields(self):
        """(label, value) pairs the reader may see; personal data only with its permission."""
        doc = self.context
        rows = [(_("label_kind", default="Kind"), self.kind_title(getattr(doc, "kind", None)))]
        if self.is_incoming():
            rows += [
                (
                    _("label_channel", default="Received through"),
                    translate(label(CHANNELS, doc.channel), context=self.request),
                ),
                (_("label_received", default="Received on"), day_text(doc.received)),
                (
                    _("label_sender_name", default="Name of the person or organisation"),
                    doc.sender_name
                    or (
                        "—"
                        if not doc.anonymous
                        else translate(
                            _("label_anonymous", default="Anonymous"), context=self.request
                        )
                    ),
                ),
                (_("label_sender_eik", default="EIK / BULSTAT (organisations)"), doc.sender_eik),
            ]
            if _checkPermission("Ratusha: View personal data", doc):
                rows += [
                    (
                        _("label_sender_personal_number", default="Personal number (ЕГН/ЛНЧ)"),
                        doc.sender_personal_number,
                    ),
                    (_("label_sender_address", default="Address"), doc.sender_address),
                    (_("label_sender_email", default="E-mail"), doc.sender_email),
                ]
        else:
            if doc.portal_type == "OutgoingDocument":
                rows.append(
                    (_("label_recipients", default="Recipients"), readable(doc, "recipients"))
                )
            else:
                rows.append(
                    (
                        _("label_addressee", default="Addressed to"),
                        user_title(doc.addressee) if doc.addressee else "",
                    )
                )
            rows.append(
                (_("label_signatory", default="Signatory"), user_title(doc.effective_signatory()))
            )
        rows.append(
            (
                _("label_department", default="Responsible department"),
                self.group_title(doc.department),
            )
        )
        if getattr(doc, "attention_to", None):
            rows.append(
                (
                    _("label_attention_to", default="For the attention of"),
                    user_title(doc.attention_to),
                )
            )
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
            found.append(
                {
                    "version": index + 1,
                    "who": user_title(meta.get("principal")),
                    "when": short_datetime(
                        datetime.datetime.fromtimestamp(meta["timestamp"], datetime.UTC)
                    ),
                    "comment": meta.get("comment") or "",
                }
            )
        return list(reversed(found))

    def group_title(self, group_id):
        group = api.group.get(groupname=group_id) if group_id else None
        return (group.getProperty("title") or group_id) if group is not None else group_id

    def steps(self):
        if not self.is_approvable():
            return []
        return actions.approval_data(self.context)["steps"] or [
            dict(chain.step(a), fullname=user_title(a), current=False)
            for a in self.context.approvers or ()
        ]

    def resolutions(self):
        found = []
        for resolution in self.context.objectValues():
            if resolution.portal_type != "Resolution":
                continue
            tasks = []
            for task in resolution.tasks():
                state = review_state(task)
                tasks.append(
                    {
                        "task": task,
                        "state": state,
                        "assignee": task.assignee,
                        "name": user_title(task.assignee),
                        "responsible": task.responsible,
                        "transitions": self.transitions(task),
                    }
                )
            done = sum(1 for t in tasks if t["state"] == "done")
            found.append(
                {
                    "resolution": resolution,
                    "author": user_title(resolution.author),
                    "tasks": tasks,
                    "done": done,
                    "progress": int(100 * done / len(tasks)) if tasks else 0,
                }
            )
        return found

    def attachments(self):
        return [o for o in self.context.objectValues() if o.portal_type == "File"]

    def transitions(self, obj=None):
        workflows = api.portal.get_tool("portal_workflow")
        return [
            {"id": t["id"], "title": translate(t["title"], domain="ratusha", context=self.request)}
            for t in workflows.getTransitionsFor(obj or self.context)
        ]

    def document_transitions(self):
        # approvals have their own form with a comment; the rest are buttons
        return [
            t for t in self.transitions() if t["id"] not in ("approve", "approve_final", "reject")
        ]

    def can_decide(self):
        return {"approve", "approve_final", "reject"} & {t["id"] for t in self.transitions()}

    def can_resolve(self):
        return (
            self.is_incoming()
            and self.state() in actions.RESOLVABLE_STATES
            and bool(_checkPermission(WriteResolution, self.context))
        )

    def suggested_deadline(self):
        if not self.is_incoming():
            return ""
        from ratusha.registry.config import term_for

        return work_calendar().due(today(), term_for(self.context.kind)).isoformat()

    def today_iso(self):
        return today().isoformat()

    def staff(self):
        users = resolve(["role:Employee"])[0]
        return sorted(((u, user_title(u)) for u in users), key=lambda item: item[1])

    def history(self):
        workflows = api.portal.get_tool("portal_workflow")
        entries = []
        for entry in reversed(workflows.getInfoFor(self.context, "review_history", [])):
            if not entry.get("action"):
                continue
            entries.append(
                {
                    "when": short_datetime(entry["time"].asdatetime()),  # Sofia, not the server
                    "actor": user_title(entry.get("actor")),
                    "act": transition_title(self.context, entry["action"], self.request),
                    "comment": entry.get("comments") or "",
                }
            )
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
            api.portal.show_message(
                translate(_("message_done", default="Done."), context=self.request), self.request
            )
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
            api.portal.show_message(
                translate(exc.message, context=self.request), self.request, type="error"
            )
        else:
            message = (
                _(
                    "message_approved",
                    default="Approved: ${title}",
                    mapping={"title": self.context.Title()},
                )
                if decision == "approve"
                else _(
                    "message_rejected",
                    default="Returned to the author: ${title}",
                    mapping={"title": self.context.Title()},
                )
            )
            api.portal.show_message(translate(message, context=self.request), self.request)
        return self.request.response.redirect(
            safe_return(self.request, self.context.absolute_url())
        )


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
            actions.issue_resolution(
                self.context,
                assignees,
                form.get("instruction", ""),
                deadline=form.get("deadline") or None,
                term=form.get("term") or None,
            )
        except InputError as exc:
            import transaction

            transaction.doom()
            api.portal.show_message(
                translate(exc.message, context=self.request), self.request, type="error"
            )
        else:
            api.portal.show_message(
                translate(
                    _("message_resolution", default="The resolution was issued."),
                    context=self.request,
                ),
                self.request,
            )
        return self.request.response.redirect(self.context.absolute_url())
