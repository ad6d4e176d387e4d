"""Pages of the council: the council (public listing), a session, an agenda item, a
committee, and the live session page."""

from DateTime import DateTime
import datetime
import json
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core import permissions
from ratusha.core.dates import short_datetime
from ratusha.core.dates import sofia
from ratusha.core.links import safe_link
from ratusha.core.rest import InputError
from ratusha.council import fromdocument
from ratusha.council import lifecycle
from ratusha.council import live
from ratusha.council import opinions
from ratusha.council.councils import agenda
from ratusha.council.councils import committees
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import fullname
from ratusha.council.councils import SESSION
from ratusha.council.councils import staff_ids
from ratusha.council.rooms import room
from ratusha.council.vocabularies import ITEM_KINDS
from ratusha.council.vocabularies import label
from ratusha.council.vocabularies import MODES
from ratusha.council.vocabularies import rapporteur_title
from ratusha.council.vocabularies import SESSION_KINDS
from ratusha.council.vocabularies import VERDICTS
from ratusha.meetings.interfaces import video_call
from ratusha.meetings.interfaces import video_content_security_policy
from zope.i18n import translate
from zope.interface import alsoProvides


PUBLIC_STATES = (
    "convened",
    "open",
    "closed",
    "protocol_correction",
    "protocol_approved",
    "published",
)
LIVE_TEXTS = {"failed": _("live_failed", default="The request failed; try again.")}


class Base(BrowserView):
    def portal_url(self):
        return api.portal.get().absolute_url()

    def css_url(self):
        return f"{self.portal_url()}/++plone++ratusha.council/council.css"

    def t(self, msgid):
        return translate(msgid, context=self.request)

    def state(self, obj=None):
        return api.content.get_state(obj or self.context, default=None)

    def state_title(self, obj=None):
        state = self.state(obj)
        return self.t(live.STATE_TITLES.get(state, state or ""))

    def may_manage(self, obj=None):
        return live.may_manage(obj or self.context)

    def when(self, session=None):
        session = session or self.context
        start, end = sofia(session.start), sofia(session.end)
        if start.date() == end.date():
            return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
        return f"{short_datetime(start)} – {short_datetime(end)}"

    def compliance(self, session=None):
        session = session or self.context
        if not self.may_manage(session):
            return []
        return [
            {"code": w["code"], "message": self.t(w["message"])}
            for w in lifecycle.compliance(session)
        ]


class CouncilView(Base):
    """The council's page: sessions (public ones for everybody) and who is who."""

    def sessions(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.searchResults(
            portal_type=SESSION,
            sort_on="start",
            sort_order="descending",
            path="/".join(self.context.getPhysicalPath()),
        )
        now = DateTime()
        result = []
        for brain in brains:
            session = brain.getObject()
            public = brain.review_state in PUBLIC_STATES
            result.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "when": self.when(session),
                    "place": session.place or "",
                    "state": brain.review_state,
                    "state_title": self.state_title(session),
                    "closed_door": bool(session.closed_door),
                    "livestream_url": safe_link(session.livestream_url) if public else None,
                    "upcoming": brain.end >= now if brain.end else False,
                    "warnings": self.compliance(session),
                }
            )
        return result

    def people(self):
        council = self.context
        return {
            "chair": fullname(council.chair) if council.chair else "",
            "deputies": [fullname(u) for u in council.deputy_chairs or ()],
            "councillors": [fullname(u) for u in councillor_ids(council)],
            "staff": [fullname(u) for u in staff_ids(council)],
        }

    def committees(self):
        return [
            {
                "title": c.Title(),
                "url": c.absolute_url(),
                "chair": fullname(c.chair) if c.chair else "",
            }
            for c in committees(self.context, unrestricted=False)
        ]

    def groups(self):
        return [
            {"title": b.Title, "url": b.getURL(), "members": len(b.getObject().members or ())}
            for b in api.content.find(
                context=self.context, portal_type="PoliticalGroup", sort_on="sortable_title"
            )
        ]

    def can_add(self):
        return self.may_manage() and api.user.has_permission("Add portal content", obj=self.context)


CHANGE_LABELS = {
    "session-changed": _("change_session_changed", default="session details changed"),
    "item-added": _("change_item_added", default="item added"),
    "item-changed": _("change_item_changed", default="item changed"),
    "item-removed": _("change_item_removed", default="item removed"),
    "item-publish": _("change_item_published", default="item published"),
    "item-publish-closed": _(
        "change_item_published_closed", default="item published to the council"
    ),
    "item-retract": _("change_item_withdrawn", default="item withdrawn"),
    "material-added": _("change_material_added", default="material added"),
    "material-changed": _("change_material_changed", default="material changed"),
    "opinion-changed": _("change_opinion_changed", default="opinion changed"),
}


class SessionView(Base):
    """A session: public facts, the agenda with materials; for staff also its problems."""

    def is_closed_to_me(self):
        """A closed session shows visitors only that it took place."""
        return bool(self.context.closed_door) and not api.user.has_permission(
            permissions.FollowSession, obj=self.context
        )

    def facts(self):
        session = self.context
        return {
            "kind": self.t(label(SESSION_KINDS, session.kind)),
            "mode": self.t(label(MODES, session.mode)),
            "number": session.number,
            "published_on": short_datetime(session.published_on) if session.published_on else "",
        }

    def items(self):
        result = []
        for item in agenda(self.context, unrestricted=False):
            result.append(
                {
                    "number": item.number,
                    "title": item.Title(),
                    "url": item.absolute_url(),
                    "kind": self.t(label(ITEM_KINDS, item.kind)),
                    "basis": item.legal_basis_text(),
                    "rapporteur": rapporteur_title(item, item.rapporteur),
                    "state": self.state(item),
                    "state_title": self.state_title(item),
                    "materials": [
                        {"title": f.Title(), "url": f"{f.absolute_url()}/@@download/file"}
                        for f in lifecycle.materials(item)
                        if api.user.has_permission("View", obj=f)
                    ],
                }
            )
        return result

    def problems(self):
        if not self.may_manage() or self.state() != "draft":
            return []
        return [self.t(p) for p in lifecycle.problems(self.context, "convene")]

    def changes(self):
        if not self.may_manage():
            return []
        return [
            dict(
                change,
                who=fullname(change.get("actor")),
                label=self.t(CHANGE_LABELS.get(change["action"], change["action"])),
                when=short_datetime(datetime.datetime.fromisoformat(change["at"])),
            )
            for change in reversed(self.context.agenda_changes or ())
        ]

    def live_url(self):
        if api.user.has_permission(permissions.FollowSession, obj=self.context):
            return f"{self.context.absolute_url()}/@@live"
        return None

    def can_add(self):
        return self.may_manage() and api.user.has_permission("Add portal content", obj=self.context)

    def documents(self):
        return fromdocument.documents() if self.can_add() else []


class FromDocumentView(Base):
    """POST from the session page: an agenda item made from an internal document."""

    def __call__(self):
        if self.request.method != "POST":
            return self.request.response.redirect(self.context.absolute_url())
        CheckAuthenticator(self.request)
        try:
            document = fromdocument.document_for(self.request.form.get("document"))
        except InputError as exc:
            IStatusMessage(self.request).add(exc.message, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        item = fromdocument.create_item(self.context, document)
        return self.request.response.redirect(f"{item.absolute_url()}/edit")


class AgendaItemView(Base):
    def session(self):
        return self.context.aq_parent

    def facts(self):
        item = self.context
        return {
            "kind": self.t(label(ITEM_KINDS, item.kind)),
            "basis": item.legal_basis_text(),
            "rapporteur": rapporteur_title(item, item.rapporteur),
        }

    def materials(self):
        return [
            {
                "title": f.Title(),
                "url": f"{f.absolute_url()}/@@download/file",
                "view": f.absolute_url(),
            }
            for f in lifecycle.materials(self.context)
            if api.user.has_permission("View", obj=f)
        ]

    def opinions(self):
        result = []
        for opinion in opinions.opinions_of(self.context):
            if not api.user.has_permission("View", obj=opinion):
                continue
            data = opinions.describe(opinion)
            data["verdict_title"] = (
                self.t(label(VERDICTS, opinion.verdict)) if opinion.verdict else ""
            )
            data["can_give"] = bool(api.user.has_permission("Modify portal content", obj=opinion))
            result.append(data)
        return result

    def document(self):
        uid = self.context.report_document
        if not uid:
            return None
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.searchResults(UID=uid)
        return {"title": brains[0].Title, "url": brains[0].getURL()} if brains else None

    def can_add_material(self):
        return api.user.has_permission("plone.app.contenttypes: Add File", obj=self.context)


class CommitteeView(Base):
    def people(self):
        committee = self.context
        return {
            "chair": fullname(committee.chair) if committee.chair else "",
            "secretary": fullname(committee.secretary) if committee.secretary else "",
            "members": [fullname(u) for u in committee.members or ()],
        }

    def room(self):
        found = room(self.context.room)
        if found is None or not api.user.has_permission("View", obj=found):
            return None
        return {
            "title": found.Title(),
            "url": found.absolute_url(),
            "join": f"{found.absolute_url()}/@@join",
        }

    def opinions(self):
        result = []
        for opinion in opinions.find(committee_uids={self.context.UID()}):
            data = opinions.describe(opinion)
            data["verdict_title"] = (
                self.t(label(VERDICTS, opinion.verdict)) if opinion.verdict else ""
            )
            result.append(data)
        return result


class LiveView(Base):
    """@@live: the agenda, the current item, presence, quorum and video, kept fresh by
    polling GET @live-state."""

    template = ViewPageTemplateFile("templates/live.pt")
    interval = 1000  # milliseconds: updates reach the page within two seconds

    def __call__(self):
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.request.response.setHeader("Cache-Control", "no-store, max-age=0")
        if self.video():
            self.request.response.setHeader(
                "Content-Security-Policy", video_content_security_policy()
            )
        self.initial, self.etag = live.live_state(self.context, self.request)
        return self.template()

    def section_state(self, name):
        """The state the page was rendered with: the first poll changes only what changed."""
        return json.dumps(self.initial["sections"][name]["state"], sort_keys=True, default=str)

    def me(self):
        return api.user.get_current().getId()

    def summary(self):
        return live.session_summary(self.context, self.request)

    def sections(self):
        return live.sections(self.context, self.request)

    def texts(self):
        return json.dumps({k: self.t(v) for k, v in LIVE_TEXTS.items()}, ensure_ascii=False)

    def js_url(self):
        return f"{self.portal_url()}/++plone++ratusha.council/live.js"

    def meetings_css_url(self):
        return f"{self.portal_url()}/++plone++ratusha.meetings/meetings.css"

    def video(self):
        """The video room's call for sessions held by video, if this user may enter it."""
        if getattr(self, "_video", False) is not False:
            return self._video
        self._video = None
        found = room(self.context.video_room) if self.context.has_video() else None
        if found is not None and api.user.has_permission("View", obj=found):
            self._video = video_call(found, self.request)
        return self._video


class RemindersView(BrowserView):
    """@@council-reminders: the clock's call (Manage portal); flags overdue opinions."""

    def __call__(self):
        # a cron job with the administrator's credentials, not a browser form
        alsoProvides(self.request, IDisableCSRFProtection)
        flagged = opinions.flag_overdue()
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps({"flagged": flagged})
