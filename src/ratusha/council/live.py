"""The live session: its state as JSON (with an ETag) and the page's own sections.

Every part of the live page is an ILiveSessionSection, so part 2's voting panel is one more
adapter: the page renders them by order, GET @live-state carries their state() by name, and a
change of any state changes the ETag (an unchanged poll answers 304 Not Modified).
"""

import datetime
import hashlib
import json
from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core import permissions
from ratusha.core.dates import short_datetime
from ratusha.core.links import safe_link
from ratusha.council import attendance
from ratusha.council import lifecycle
from ratusha.council import opening
from ratusha.council import opinions
from ratusha.council.councils import agenda
from ratusha.council.councils import council_of
from ratusha.council.councils import sits_in
from ratusha.council.interfaces import ILiveSessionSection
from ratusha.council.vocabularies import ITEM_KINDS
from ratusha.council.vocabularies import label
from ratusha.council.vocabularies import rapporteur_title
from ratusha.council.vocabularies import VERDICTS
from zope.component import getAdapters
from zope.i18n import translate
from zope.interface import implementer


STATE_TITLES = {
    "draft": _("Draft"),
    "convened": _("Convened"),
    "open": _("In session"),
    "closed": _("Closed"),
    "protocol_correction": _("Protocol in correction"),
    "protocol_approved": _("Protocol approved"),
    "published": _("Published"),
}


REASON_ASKED = "asked on the page"  # stands for the reason the page's field will carry


def state_of(obj):
    return api.content.get_state(obj, default=None)


def may_manage(session):
    return bool(api.user.has_permission(permissions.ManageSession, obj=session))


def current_item(session):
    uid = session.current_item
    if not uid:
        return None
    for item in agenda(session):
        if item.UID() == uid:
            return item
    return None


class Section:
    """Base of the page's own sections: a template fed with this section."""

    order = 100
    title = None
    template = None

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def available(self):
        return True

    def render(self):
        return self.template()

    def state(self):
        return {}

    def translate(self, msgid):
        return translate(msgid, context=self.request)


@implementer(ILiveSessionSection)
class QuorumSection(Section):
    order = 10
    title = _("live_quorum", default="Quorum")
    template = ViewPageTemplateFile("browser/templates/live_quorum.pt")

    def status(self):
        return attendance.quorum_status(self.context)

    def state(self):
        status = self.status()
        return {
            k: status[k]
            for k in (
                "seats",
                "required",
                "present",
                "quorate",
                "check_current",
                "may_act",
                "last_check",
            )
        }

    def last_check_text(self):
        check = self.status()["last_check"]
        if check is None:
            return ""
        return short_datetime(datetime.datetime.fromtimestamp(check["at"], datetime.UTC))


@implementer(ILiveSessionSection)
class ControlsSection(Section):
    order = 5
    title = _("live_controls", default="Chair and staff")
    template = ViewPageTemplateFile("browser/templates/live_controls.pt")
    TRANSITIONS = (("open", _("Open the session")), ("close", _("Close the session")))

    def available(self):
        return may_manage(self.context)

    def transitions(self):
        state = state_of(self.context)
        wanted = {"convened": "open", "open": "close"}.get(state)
        result = []
        for transition, title in self.TRANSITIONS:
            if transition != wanted:
                continue
            ask = None
            if transition == "open":
                verdict = lifecycle.opening_verdict(self.context, reason="")
                if verdict.code == opening.NEEDS_REASON:
                    ask = self.translate(lifecycle.opening_message(verdict))
            # the page asks for the reason: judge the rest as if it were given
            found = lifecycle.problems(
                self.context, transition, reason=REASON_ASKED if ask else None
            )
            result.append(
                {
                    "id": transition,
                    "title": title,
                    "reason": ask,
                    "problems": [self.translate(p) for p in found],
                }
            )
        return result

    def is_open(self):
        return state_of(self.context) == "open"

    def live(self):
        return state_of(self.context) in attendance.LIVE_STATES

    def state(self):
        return {
            "state": state_of(self.context),
            "transitions": [
                {"id": t["id"], "problems": t["problems"], "reason": bool(t["reason"])}
                for t in self.transitions()
            ],
        }


@implementer(ILiveSessionSection)
class AgendaSection(Section):
    order = 20
    title = _("live_agenda", default="Agenda")
    template = ViewPageTemplateFile("browser/templates/live_agenda.pt")

    def items(self):
        current = self.context.current_item
        return [
            {
                "uid": item.UID(),
                "number": item.number,
                "title": item.Title(),
                "url": item.absolute_url(),
                "kind": item.kind,
                "kind_title": self.translate(label(ITEM_KINDS, item.kind)),
                "basis": item.legal_basis_text(),
                "state": state_of(item),
                "current": item.UID() == current,
            }
            for item in agenda(self.context, unrestricted=False)
        ]

    def state(self):
        return {
            "current": self.context.current_item,
            "items": [
                [i["uid"], i["number"], i["title"], i["state"], i["basis"]] for i in self.items()
            ],
        }


@implementer(ILiveSessionSection)
class CurrentItemSection(Section):
    order = 30
    title = _("live_current_item", default="Current item")
    template = ViewPageTemplateFile("browser/templates/live_current.pt")

    def item(self):
        item = current_item(self.context)
        if item is None or not api.user.has_permission("View", obj=item):
            return None
        return item

    def details(self):
        item = self.item()
        if item is None:
            return None
        return {
            "number": item.number,
            "title": item.Title(),
            "url": item.absolute_url(),
            "kind": self.translate(label(ITEM_KINDS, item.kind)),
            "basis": item.legal_basis_text(),
            "rapporteur": rapporteur_title(item, item.rapporteur),
            "draft_decision": item.draft_decision.output if item.draft_decision else "",
            "materials": [
                {"title": f.Title(), "url": f"{f.absolute_url()}/@@download/file"}
                for f in lifecycle.materials(item)
            ],
            "opinions": [
                dict(
                    opinions.describe(o),
                    verdict_title=self.translate(label(VERDICTS, o.verdict)) if o.verdict else "",
                )
                for o in opinions.opinions_of(item)
            ],
        }

    def state(self):
        item = self.item()
        if item is None:
            return {"uid": None}
        return {
            "uid": item.UID(),
            "modified": item.modified().ISO8601(),
            "opinions": [[o.committee, o.verdict] for o in opinions.opinions_of(item)],
            "materials": len(lifecycle.materials(item)),
        }


@implementer(ILiveSessionSection)
class PresenceSection(Section):
    order = 40
    title = _("live_presence", default="Present")
    template = ViewPageTemplateFile("browser/templates/live_presence.pt")

    def rows(self):
        return attendance.presence_table(self.context)

    def may_record(self):
        return may_manage(self.context) and state_of(self.context) in attendance.LIVE_STATES

    def me(self):
        return api.user.get_current().getId()

    def may_check_in(self):
        council = council_of(self.context)
        return bool(
            council is not None
            and council.self_checkin
            and state_of(self.context) in attendance.LIVE_STATES
            and sits_in(self.context, self.me())
        )

    def am_present(self):
        return self.me() in attendance.present_councillors(self.context)

    def state(self):
        return {
            "rows": [[r["user"], r["present"], r["hall"], r["video"]] for r in self.rows()],
            "may_record": self.may_record(),
            "may_check_in": self.may_check_in(),
        }


def sections(session, request) -> list:
    """(name, section) of every available section, by order."""
    found = [
        (name, section)
        for name, section in getAdapters((session, request), ILiveSessionSection)
        if section.available()
    ]
    return sorted(found, key=lambda pair: (pair[1].order, pair[0]))


def session_summary(session, request) -> dict:
    state = state_of(session)
    return {
        "uid": session.UID(),
        "title": session.Title(),
        "url": session.absolute_url(),
        "state": state,
        "state_title": translate(STATE_TITLES.get(state, state or ""), context=request),
        "start": session.start.isoformat() if session.start else None,
        "end": session.end.isoformat() if session.end else None,
        "place": session.place or "",
        "mode": session.mode,
        "closed_door": bool(session.closed_door),
        "livestream_url": safe_link(session.livestream_url),
        "current_item": session.current_item,
    }


def live_state(session, request, with_html=False) -> tuple[dict, str]:
    """(state, etag) of the live page; html of sections only when asked (and not for the tag)."""
    with attendance.snapshot():
        return _live_state(session, request, with_html)


def _live_state(session, request, with_html):
    found = sections(session, request)
    data = {
        "session": session_summary(session, request),
        "present": attendance.present_councillors(session),
        "sections": {name: {"state": section.state()} for name, section in found},
    }
    if may_manage(session):
        data["compliance"] = [
            {"code": w["code"], "message": translate(w["message"], context=request)}
            for w in lifecycle.compliance(session)
        ]
    text = json.dumps(data, sort_keys=True, default=str)
    etag = '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'
    data["etag"] = etag
    if with_html:
        for name, section in found:
            data["sections"][name]["html"] = section.render()
    return data, etag
