"""The protocol's pages: @@protocol (the text in the site's language, the correction
requests, the recording, the next step for staff), its files (@@protocol.pdf, @@protocol.odt)
and the session's open data (@@opendata.json, @@polls.csv, @@votes.csv)."""

import datetime
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core.dates import short_datetime
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.council import opendata
from ratusha.council.browser.views import Base
from ratusha.council.councils import council_of
from ratusha.council.councils import fullname
from ratusha.council.councils import is_councillor
from ratusha.council.councils import staff_ids
from ratusha.council.lifecycle import problems
from ratusha.council.protocol import access
from ratusha.council.protocol import corrections
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import details
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import publication
from ratusha.council.protocol import render
from ratusha.council.protocol import storage
from ratusha.council.protocol.freeze import frozen_file
from ratusha.council.protocol.messages import filled
from ratusha.council.protocol.record import current_record
from ratusha.council.protocol.record import recorder_id
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate


NEXT = {
    "closed": "start_correction",
    "protocol_correction": "approve_protocol",
    "protocol_approved": "publish_protocol",
}
NEXT_TITLES = {
    "start_correction": _("Open the protocol for corrections"),
    "approve_protocol": _("Approve the protocol"),
    "publish_protocol": _("Publish"),
}
PUBLICATION_TITLES = {
    protocol_rules.DUE: _("publication_due", default="to be published by ${deadline}"),
    protocol_rules.OVERDUE: _("publication_overdue", default="overdue: was due by ${deadline}"),
    protocol_rules.PUBLISHED: _(
        "publication_published", default="published in time (by ${deadline})"
    ),
    protocol_rules.LATE: _("publication_late", default="published after the deadline ${deadline}"),
}


def day_text(iso):
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


def publication_text(info, request):
    """ "to be published by …", "overdue: …" for council staff."""
    return translate(
        filled(
            PUBLICATION_TITLES[info["status"]],
            deadline=datetime.date.fromisoformat(info["deadline"]),
        ),
        context=request,
    )


def require_reader(session):
    if not access.has_protocol(session):
        raise NotFound("No protocol yet")
    if not access.may_read(session):
        raise Unauthorized("The protocol is not published")


class ProtocolPage(Base):
    """The protocol for reading, and the place where its life is run."""

    def __call__(self):
        require_reader(self.context)
        if self.request.method == "POST":
            return self.act()
        return self.index()

    # -- acts ---------------------------------------------------------------------------------

    def act(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        action = form.get("action")
        messages = IStatusMessage(self.request)
        try:
            if action == "file":
                if not access.may_follow(self.context):
                    raise Unauthorized("Council only")
                corrections.file_request(
                    self.context, api.user.get_current().getId(), form.get("text") or ""
                )
                messages.add(_("correction_filed", default="Your request has been recorded."))
            elif action in ("resolve", "details", "transition") and not self.may_manage():
                raise Unauthorized("Council staff only")
            elif action == "resolve":
                corrections.resolve(
                    self.context,
                    form.get("id"),
                    form.get("decision") or "",
                    form.get("note") or "",
                    api.user.get_current().getId(),
                )
                messages.add(_("correction_resolved", default="The request has been settled."))
            elif action == "details":
                details.update(
                    self.context,
                    {
                        key: form.get(key) or ""
                        for key in ("recording_url", "recorder")
                        if key in form
                    },
                )
                messages.add(_("protocol_details_saved", default="Saved."))
            elif action == "transition":
                self.transition(form.get("transition"))
        except InputError as exc:
            messages.add(exc.message, type="error")
        return self.request.response.redirect(f"{self.context.absolute_url()}/@@protocol")

    def transition(self, name):
        if name != NEXT.get(self.state()):
            raise InputError(
                _("error_protocol_step", default="This step is not possible now."), 409
            )
        found = problems(self.context, name)
        if found:
            raise InputError(found[0], 409)
        try:
            api.content.transition(obj=self.context, transition=name)
        except WorkflowException:
            raise InputError(
                _("error_protocol_step", default="This step is not possible now."), 409
            )
        IStatusMessage(self.request).add(_("protocol_step_done", default="Done."))

    # -- what the page shows ------------------------------------------------------------------

    def record(self):
        if getattr(self, "_record", None) is None:
            self._record = current_record(self.context)
        return self._record

    def blocks(self):
        return [
            {"kind": b.kind, "text": b.text, "label": b.label, "header": b.header, "rows": b.rows}
            for b in render.blocks(self.record(), request=self.request)
        ]

    def frozen(self):
        return bool(storage.frozen(self.context).get("pdf"))

    def checksum(self):
        return storage.frozen(self.context).get("pdf_sha256", "")

    def links(self):
        from ratusha.council.protocol.services.protocol.get import links

        return links(self.context)

    def decisions(self):
        base = self.context.absolute_url()
        ids = {
            obj.UID(): obj.getId()
            for obj in self.context.objectValues()
            if getattr(obj, "portal_type", None) == "AgendaItem"
        }
        return [
            dict(
                entry,
                url=f"{base}/{ids.get(entry['uid'], '')}/@@decision",
                result_title=self.t(decision_entries.RESULT_TITLES[entry["result"]]),
            )
            for entry in decision_entries.entries(
                self.context, self.record(), render.translator(request=self.request)
            )
        ]

    def period(self):
        info = corrections.period(self.context)
        return dict(info, last_day_text=day_text(info["last_day"]))

    def corrections(self):
        if not access.may_follow(self.context):
            return []
        return [
            dict(
                entry,
                when=short_datetime(datetime.datetime.fromisoformat(entry["filed_at"])),
                status_title=self.t(corrections.DECISION_TITLES[entry["status"]]),
            )
            for entry in corrections.listing(self.context)
        ]

    def can_file(self):
        return self.period()["open"] and is_councillor(
            council_of(self.context), api.user.get_current().getId()
        )

    def recording_url(self):
        return storage.info(self.context).get("recording_url") or ""

    def recording_required(self):
        return protocol_rules.needs_recording(self.context.mode)

    def editable(self):
        return self.may_manage() and self.state() in details.EDITABLE

    def recorders(self):
        chosen = recorder_id(self.context)
        people = list(
            dict.fromkeys(staff_ids(council_of(self.context)) + ([chosen] if chosen else []))
        )
        return [{"id": p, "name": fullname(p), "selected": p == chosen} for p in people]

    def publication(self):
        if not self.may_manage():
            return None
        info = publication.status(self.context)
        return dict(info, text=publication_text(info, self.request))

    def next_step(self):
        if not self.may_manage():
            return None
        name = NEXT.get(self.state())
        if name is None:
            return None
        return {
            "transition": name,
            "title": self.t(NEXT_TITLES[name]),
            "problems": [self.t(p) for p in problems(self.context, name)],
        }


class ProtocolFile(BrowserView):
    """@@protocol.pdf / @@protocol.odt: the approved file once frozen, else a fresh draft."""

    kind = "pdf"
    TYPES = {"pdf": "application/pdf", "odt": "application/vnd.oasis.opendocument.text"}

    def __call__(self):
        session = self.context
        require_reader(session)
        stored = frozen_file(session, self.kind)
        if stored is not None:
            data, name = stored.file.data, stored.file.filename
        else:
            record = current_record(session)
            data = (
                render.protocol_pdf(record) if self.kind == "pdf" else render.protocol_odt(record)
            )
            name = f"protocol-{record.number}-draft.{self.kind}"
        return send(self.request, data, self.TYPES[self.kind], name)


class ProtocolODT(ProtocolFile):
    kind = "odt"


def send(request, data, content_type, filename, inline=False):
    response = request.response
    response.setHeader("Content-Type", content_type)
    response.setHeader("Content-Disposition", content_disposition(filename, inline=inline))
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Cache-Control", "no-cache")
    return data


class OpenData(BrowserView):
    """@@opendata.json, @@polls.csv, @@votes.csv of a session (opendata.py's columns)."""

    kind = "json"

    def __call__(self):
        session = self.context
        require_reader(session)
        record = current_record(session)
        translate = render.translator(request=self.request)
        name = f"session-{record.number}-{record.date.isoformat()}"
        if self.kind == "json":
            data = opendata.to_json(opendata.session_json(record, translate)).encode("utf-8")
            return send(
                self.request, data, "application/json; charset=utf-8", f"{name}.json", inline=True
            )
        if self.kind == "polls":
            data = opendata.polls_csv(record)
        else:
            data = opendata.votes_csv(record, translate)
        return send(self.request, data, "text/csv; charset=utf-8", f"{name}-{self.kind}.csv")


class PollsCSV(OpenData):
    kind = "polls"


class VotesCSV(OpenData):
    kind = "votes"
