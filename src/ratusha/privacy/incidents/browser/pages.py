"""Pages of the incident register: the list with the clock, one incident, reporting, the PDF."""

from AccessControl import Unauthorized
import datetime
import json
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import short_datetime
from ratusha.core.dates import SOFIA
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.privacy.incidents import acts
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import pdf
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import reminders
from ratusha.privacy.incidents import rules
from ratusha.privacy.incidents.content import IDataIncident
from ratusha.privacy.incidents.content import RISKS
from ratusha.privacy.incidents.content import SOURCES
import transaction
from zope.i18n import translate
from zope.interface import alsoProvides


STATUS = {
    "running": _("incident_clock_running", default="${hours} h ${minutes} min left"),
    "due_soon": _("incident_clock_due_soon", default="Due soon: ${hours} h ${minutes} min left"),
    "overdue": _("incident_clock_overdue", default="Overdue by ${hours} h ${minutes} min"),
    "notified": _("incident_clock_notified", default="Notified in time"),
    "notified_late": _("incident_clock_notified_late", default="Notified late"),
    "not_required": _("incident_clock_not_required", default="No notification owed"),
}
BADGE = {
    "running": "bg-secondary",
    "due_soon": "bg-warning text-dark",
    "overdue": "bg-danger",
    "notified": "bg-success",
    "notified_late": "bg-warning text-dark",
    "not_required": "bg-light text-dark border",
}
STEPS = {
    "assess": _("incident_step_assess", default="Assessed"),
    "notify": _("incident_step_notify", default="КЗЛД notified"),
    "not_notifiable": _("incident_step_not_notifiable", default="No notification owed"),
    "reassess": _("incident_step_reassess", default="Reassess"),
    "close": _("incident_step_close", default="Close"),
}


def clock_view(incident, request) -> dict:
    state = incident.clock()
    hours, minutes = clock.left_text(state.seconds_left)
    message = STATUS[state.status]
    return {
        "status": state.status,
        "badge": BADGE[state.status],
        "text": translate(
            _(
                message,
                default=message.default,
                mapping={"hours": hours, "minutes": f"{minutes:02d}"},
            ),
            context=request,
        ),
        "deadline": short_datetime(state.deadline),
    }


def state_title(incident, request):
    wf = api.portal.get_tool("portal_workflow")
    return translate(
        _(wf.getTitleForStateOnType(incident.state(), incident.portal_type)), context=request
    )


class RegisterView(BrowserView):
    """@@incidents: every incident with its clock, the most urgent first."""

    def items(self):
        found = []
        for incident in register.incidents():
            facts = incident.facts()
            found.append(
                {
                    "id": incident.getId(),
                    "url": incident.absolute_url(),
                    "title": facts["title"],
                    "source": translate(
                        SOURCES.getTerm(facts["source"]).title, context=self.request
                    ),
                    "discovered": short_datetime(facts["discovered"]),
                    "state": state_title(incident, self.request),
                    "clock": clock_view(incident, self.request),
                    "order": (
                        incident.state() not in ("reported", "assessed"),
                        incident.clock().seconds_left,
                    ),
                }
            )
        record("privacy.incidents-read", details={"count": len(found)})
        return sorted(found, key=lambda item: item["order"])


class ReportView(BrowserView):
    """@@report-incident: any employee reports a suspected incident; the officer is told."""

    filed = None
    error = None

    def __call__(self):
        if not register.may_report():
            raise Unauthorized("report-incident")
        if self.request.method == "POST":
            data = {
                name: self.request.form.get(name, "")
                for name in ("title", "description", "discovered")
            }
            if not data["discovered"]:
                del data["discovered"]
            try:
                self.filed = acts.report(data).getId()
            except InputError as exc:
                self.error = translate(exc.message, context=self.request)
                self.request.response.setStatus(400)
        return self.index()

    def now(self):
        return datetime.datetime.now(SOFIA).strftime("%Y-%m-%dT%H:%M")


class IncidentView(BrowserView):
    """The incident: facts, the clock, the notification's text, the steps that are possible now."""

    def __call__(self):
        record(
            "privacy.incident-read",
            obj=self.context,
            details={"incident": self.context.getId()},
        )
        return self.index()

    def facts(self):
        facts = self.context.facts()
        rows = []
        for name in (
            "source",
            "discovered",
            "description",
            "subject_categories",
            "subjects_count",
            "data_categories",
            "records_count",
            "consequences",
            "measures",
            "risk",
            "notified_at",
            "late_reason",
        ):
            value = facts[name]
            if name == "source":
                value = translate(SOURCES.getTerm(value).title, context=self.request)
            elif name == "risk":
                value = translate(RISKS.getTerm(value).title, context=self.request)
            elif value is not None and name in ("discovered", "notified_at"):
                value = short_datetime(value)
            field = IDataIncident[name]
            rows.append(
                {
                    "name": name,
                    "label": translate(field.title, context=self.request),
                    "value": value,
                }
            )
        return rows

    def clock(self):
        return clock_view(self.context, self.request)

    def state(self):
        return state_title(self.context, self.request)

    def steps(self):
        if not api.user.has_permission("Ratusha: Manage personal data", obj=self.context):
            return []
        now = datetime.datetime.now(datetime.UTC)
        possible = []
        for step in rules.ACTS:
            if self.context.state() not in rules.ACTS[step][0]:
                continue
            code = rules.refusal(step, self.context.state(), self.context.facts(), now)
            reason = None
            if code:
                status, (msgid, default) = rules.REFUSALS[code]
                reason = translate(_(msgid, default=default), context=self.request)
            asks_time = step == "notify"  # the form gives when it was sent, in the same act
            possible.append(
                {
                    "step": step,
                    "title": translate(STEPS[step], context=self.request),
                    "reason": reason,
                    "disabled": bool(code) and not (asks_time and code == "notified_at"),
                    "asks_time": asks_time,
                }
            )
        return possible

    def now(self):
        return datetime.datetime.now(SOFIA).strftime("%Y-%m-%dT%H:%M")

    def may_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)


class StepView(BrowserView):
    """@@incident-step (POST step=…): move the incident on; a refusal is a form message."""

    def __call__(self):
        messages = IStatusMessage(self.request)
        if self.request.method != "POST":
            self.request.response.setStatus(405)
            self.request.response.setHeader("Allow", "POST")
            self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return translate(
                _("error_incident_step_post", default="A step is taken with the incident's form."),
                context=self.request,
            )
        step = self.request.form.get("step", "")
        sent = self.request.form.get("notified_at")
        try:
            if step == "notify" and sent:
                acts.update(self.context, {"notified_at": sent})
            acts.move(self.context, step if isinstance(step, str) else "")
        except InputError as exc:
            transaction.doom()  # nothing of a refused act is kept
            messages.add(translate(exc.message, context=self.request), type="error")
        else:
            messages.add(_("incident_step_done", default="Done."), type="info")
        self.request.response.redirect(self.context.absolute_url())
        return ""


class PdfView(BrowserView):
    """@@incident-notification.pdf: the notification for КЗЛД, the form's fields and the text."""

    def __call__(self):
        facts = acts.facts_for_form(self.context)
        body = pdf.render(facts)
        record(
            "privacy.incident-exported",
            obj=self.context,
            details={"incident": self.context.getId(), "format": "pdf"},
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition",
            content_disposition(f"incident-{self.context.getId()}.pdf", inline=True),
        )
        response.setHeader("Cache-Control", "no-store, max-age=0")
        return body


class ClockView(BrowserView):
    """@@incidents-clock: the clock's call (Manage portal, e.g. cron every 15 minutes); JSON."""

    def __call__(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # a cron job, not a browser form
        result = reminders.run_clock()
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(result)
