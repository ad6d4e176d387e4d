"""Pages of rooms and meetings: overview, video, guests, attendance, rooms, calendar feed."""

import datetime
import json
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
import pytz
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core import permissions
from ratusha.core.dates import long_date
from ratusha.core.dates import short_datetime
from ratusha.core.dates import sofia
from ratusha.core.rest import InputError
from ratusha.meetings import store
from ratusha.meetings.browser.series import series_info
from ratusha.meetings.calls import one_to_one
from ratusha.meetings.calls import parse_request
from ratusha.meetings.content import MEETING
from ratusha.meetings.content import ROOM
from ratusha.meetings.feed import calendar_for
from ratusha.meetings.feed import feed_url
from ratusha.meetings.feed import user_for_token
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.interfaces import IPersonalRoom
from ratusha.meetings.jitsi import content_security_policy
from ratusha.meetings.jitsi import load_config
from ratusha.meetings.jitsi import NotConfigured
from ratusha.meetings.jitsi import script_url
from ratusha.meetings.join import invitation_for
from ratusha.meetings.join import JoinRefused
from ratusha.meetings.reports import attendance_report
from ratusha.meetings.reports import conflict_warnings
from ratusha.meetings.reports import record_view
from ratusha.meetings.scheduling import guests_of
from ratusha.meetings.scheduling import join_occurrence
from ratusha.meetings.scheduling import room_of
from ratusha.meetings.scheduling import upcoming_in
from ratusha.meetings.setup import personal_room
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


STATE_TITLES = {
    "scheduled": _("Scheduled"),
    "in_progress": _("In progress"),
    "ended": _("Ended"),
    "cancelled": _("Cancelled"),
    "open": _("Open to the municipality"),
    "members": _("Members only"),
}
JS_TEXTS = {
    "joining": _("video_joining", default="Connecting to the video call…"),
    "inCall": _("video_in_call", default="You are in the call."),
    "left": _("video_left", default="You left the call."),
    "rejoin": _("video_rejoin", default="Join again"),
    "failed": _("video_failed", default="The video call could not be started."),
    "noScript": _(
        "video_no_script",
        default="Jitsi's IFrame API did not load; the Jitsi server may be unreachable.",
    ),
    "knocking": _("video_knocking", default="waiting in the lobby"),
    "admit": _("video_admit", default="Admit"),
    "reject": _("video_reject", default="Turn away"),
    "lobbyOn": _("video_lobby_on", default="The lobby is on: guests wait until you admit them."),
    "mutedAll": _("video_muted_all", default="Everyone else is muted."),
}


def names(user_ids):
    result = []
    for user_id in user_ids or ():
        user = api.user.get(userid=user_id)
        result.append((user.getProperty("fullname", "") or user_id) if user else user_id)
    return result


def group_titles(group_ids):
    result = []
    for group_id in group_ids or ():
        group = api.group.get(groupname=group_id)
        result.append((group.getProperty("title", "") or group_id) if group else group_id)
    return result


def video_problem():
    """None when video is configured, else the translated reason."""
    try:
        load_config()
    except NotConfigured as exc:
        return exc.message
    return None


def when_text(meeting, request, occurrence=None):
    """The meeting's time; for a series, the current or next occurrence's."""
    occurrence = occurrence or join_occurrence(meeting, False)[1]
    start, end = sofia(occurrence.start), sofia(occurrence.end)
    if start.date() == end.date():
        return f"{long_date(start.date(), request)}, {start:%H:%M}–{end:%H:%M}"
    return f"{short_datetime(start)} – {short_datetime(end)}"


class Base(BrowserView):
    def state_title(self, obj=None):
        state = api.content.get_state(obj or self.context, default=None)
        return STATE_TITLES.get(state, state)

    def state(self, obj=None):
        return api.content.get_state(obj or self.context, default=None)

    def video_problem(self):
        return video_problem()

    def is_moderator(self, obj=None):
        return bool(api.user.has_permission(permissions.ModerateMeeting, obj=obj or self.context))

    def can_edit(self):
        return bool(api.user.has_permission("Modify portal content", obj=self.context))

    def static_url(self):
        return f"{api.portal.get().absolute_url()}/++plone++ratusha.meetings"

    def css_url(self):
        return f"{self.static_url()}/meetings.css"


class RoomView(Base):
    def room(self):
        return self.context

    def is_personal(self):
        return IPersonalRoom.providedBy(self.context)

    def is_mine(self):
        return self.context.personal_owner == api.user.get_current().getId()

    def hosts(self):
        return names(self.context.owners)

    def members(self):
        return names(self.context.allowed_users) + group_titles(self.context.allowed_groups)

    def can_schedule(self):
        return bool(
            api.user.has_permission("Add portal content", obj=self.context)
            and api.user.has_permission(permissions.OrganiseMeeting, obj=self.context)
        )

    def add_url(self):
        return f"{self.context.absolute_url()}/++add++{MEETING}"

    def upcoming(self):
        now = datetime.datetime.now(pytz.utc)
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "when": f"{short_datetime(o.start)}–{sofia(o.end):%H:%M}",
                "state": STATE_TITLES.get(brain.review_state),
                "recurring": bool(getattr(brain, "meeting_recurrence", None)),
            }
            for brain, o in upcoming_in(self.context, now, 10)
        ]

    def present(self):
        people = store.present_in([IUUID(self.context)]).get(IUUID(self.context), [])
        return sorted(
            {names([p.user_id])[0] if not p.guest else (p.name or p.email) for p in people}
        )

    def people_picker(self):
        """Plone's people picker (pat-select2 on the Users vocabulary, searched by name), as the
        meeting forms' participants use it: one colleague."""
        portal_url = api.portal.get().absolute_url()
        return json.dumps(
            {
                "vocabularyUrl": f"{portal_url}/@@getVocabulary?name=plone.app.vocabularies.Users",
                "maximumSelectionSize": 1,
                "separator": ";",
                "allowNewItems": "false",
                "placeholder": translate(
                    _("call_colleague_placeholder", default="Name…"), context=self.request
                ),
            }
        )


class MeetingView(Base):
    def when(self):
        return when_text(self.context, self.request)

    def room(self):
        return room_of(self.context)

    def organiser(self):
        return names([self.context.organiser_id()])[0]

    def participants(self):
        return names(self.context.participants)

    def groups(self):
        return group_titles(self.context.participant_groups)

    def guests(self):
        return [{"name": name, "email": address} for name, address in guests_of(self.context)]

    def join(self):
        moderator = self.is_moderator()
        state, occurrence = join_occurrence(self.context, moderator)
        opens = sofia(occurrence.start) - datetime.timedelta(minutes=30 if moderator else 10)
        return {
            "state": state,
            "url": f"{self.context.absolute_url()}/@@join",
            "opens": short_datetime(opens),
        }

    def series(self):
        return series_info(self.context, self.request, self.is_moderator())

    def materials(self):
        return [
            {"title": b.Title, "url": b.getURL(), "type": b.portal_type}
            for b in api.content.find(
                context=self.context, depth=1, sort_on="getObjPositionInParent"
            )
        ]

    def conflicts(self):
        if not self.is_moderator():
            return []
        result = []
        for _user, name, title, start, end in conflict_warnings(self.context):
            result.append(
                {
                    "name": name,
                    "title": title,
                    "when": f"{short_datetime(start)}–{sofia(end):%H:%M}",
                }
            )
        return result

    def guest_links(self):
        """Hosts may copy a guest's personal link (the same one the e-mail carries)."""
        if not self.is_moderator():
            return {}
        from ratusha.meetings.mail import guest_link

        return {
            address: guest_link(self.context, address, name)
            for name, address in guests_of(self.context)
        }

    def add_material_url(self):
        if api.user.has_permission("Add portal content", obj=self.context):
            return f"{self.context.absolute_url()}/folder_factories"
        return None


class VideoPage(Base):
    template = ViewPageTemplateFile("templates/join.pt")

    def secure(self):
        response = self.request.response
        response.setHeader("Content-Security-Policy", content_security_policy())
        response.setHeader("Cache-Control", "no-store, max-age=0")
        response.setHeader("Referrer-Policy", "no-referrer")

    def script_url(self):
        return script_url()

    def texts(self):
        return json.dumps(
            {k: translate(v, context=self.request) for k, v in JS_TEXTS.items()}, ensure_ascii=False
        )

    def js_url(self):
        return f"{api.portal.get().absolute_url()}/++plone++ratusha.meetings/join.js"


class JoinView(VideoPage):
    guest = False
    invitation = ""

    def __call__(self):
        self.request.set("disable_border", True)
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.secure()
        return self.template()

    def endpoint(self):
        return f"{self.context.absolute_url()}/@jitsi-join"

    def title(self):
        return self.context.Title()

    def subtitle(self):
        if IMeeting.providedBy(self.context):
            room = room_of(self.context)
            return " · ".join(
                p
                for p in (
                    when_text(self.context, self.request),
                    room.Title() if room is not None else "",
                )
                if p
            )
        return self.context.Description()

    def back_url(self):
        return self.context.absolute_url()


class GuestView(VideoPage):
    guest = True

    def __call__(self):
        self.request.set("disable_border", True)
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.secure()
        self.request.response.setHeader("X-Robots-Tag", "noindex, nofollow")
        self.invitation = self.request.form.get("invitation", "")
        self.refusal = None
        self.meeting = None
        try:
            self.meeting, self.details = invitation_for(self.invitation)
        except JoinRefused as exc:
            self.refusal = exc.message
            self.request.response.setStatus(exc.status)
        return self.template()

    def endpoint(self):
        return f"{api.portal.get().absolute_url()}/@jitsi-guest-join"

    def title(self):
        return self.meeting.Title() if self.meeting is not None else ""

    def subtitle(self):
        if self.meeting is None:
            return ""
        return when_text(self.meeting, self.request)

    def back_url(self):
        return None


class AttendanceView(Base):
    def __call__(self):
        self.report = attendance_report(self.context)
        record_view(self.context, "@@attendance", self.report)
        self.request.response.setHeader("Cache-Control", "no-store, max-age=0")
        return self.index()

    def when(self, iso):
        if not iso:
            return ""
        return short_datetime(datetime.datetime.fromisoformat(iso))

    def duration(self, minutes):
        minutes = int(round(minutes))
        return f"{minutes // 60}:{minutes % 60:02d}"

    def is_meeting(self):
        return IMeeting.providedBy(self.context)

    def meeting_when(self):
        return when_text(self.context, self.request) if self.is_meeting() else ""


class RoomsListing(Base):
    def rooms(self):
        brains = api.content.find(
            context=self.context, depth=1, portal_type=ROOM, sort_on="sortable_title"
        )
        rooms = [b.getObject() for b in brains]
        present = store.present_in([IUUID(r) for r in rooms])
        now = datetime.datetime.now(pytz.utc)
        result = []
        for room in rooms:
            upcoming = upcoming_in(room, now, 1)
            people = present.get(IUUID(room), [])
            result.append(
                {
                    "title": room.Title(),
                    "url": room.absolute_url(),
                    "description": room.Description(),
                    "location": room.location,
                    "capacity": room.capacity,
                    "state": api.content.get_state(room),
                    "state_title": STATE_TITLES.get(api.content.get_state(room)),
                    "lobby": room.lobby,
                    "present": sorted(
                        {
                            (names([p.user_id])[0] if not p.guest else (p.name or p.email))
                            for p in people
                        }
                    ),
                    "next": {
                        "title": upcoming[0][0].Title,
                        "url": upcoming[0][0].getURL(),
                        "when": short_datetime(upcoming[0][1].start),
                    }
                    if upcoming
                    else None,
                }
            )
        return result

    def can_add(self):
        return bool(
            api.user.has_permission("Add portal content", obj=self.context)
            and api.user.has_permission(permissions.OrganiseMeeting, obj=self.context)
        )

    def add_url(self):
        return f"{self.context.absolute_url()}/++add++{ROOM}"

    def my_room_url(self):
        if api.user.has_permission(permissions.OrganiseMeeting, obj=api.portal.get()):
            return f"{api.portal.get().absolute_url()}/@@my-room"
        return None


class MyRoomView(BrowserView):
    """The employee's own room, made on first visit; ?join=1 goes straight to the call."""

    def __call__(self):
        user_id = api.user.get_current().getId()
        room = personal_room(user_id, create=False)
        if room is None:
            alsoProvides(self.request, IDisableCSRFProtection)  # idempotent: one's own room
            room = personal_room(user_id, create=True)
        if room is None:
            raise NotFound(self.context, "my-room", self.request)
        target = room.absolute_url() + ("/@@join" if self.request.form.get("join") else "")
        return self.request.response.redirect(target)


class CallColleagueView(BrowserView):
    """POST from "my room": a one-to-one meeting now (or at a given time), then the call."""

    def __call__(self):
        if self.request.method != "POST":
            return self.request.response.redirect(self.context.absolute_url())
        CheckAuthenticator(self.request)
        form = self.request.form
        messages = IStatusMessage(self.request)
        try:
            minutes = int(form.get("minutes") or 30)
        except (TypeError, ValueError):  # a list or a record from a forged form, or not a number
            minutes = 0
        participant = form.get("participant")
        try:
            participant, start, minutes = parse_request(
                {
                    "participant": participant.strip() if isinstance(participant, str) else None,
                    "minutes": minutes,
                    "start": form.get("start") or None,
                }
            )
            meeting = one_to_one(participant, start, minutes)
        except InputError as exc:
            messages.add(exc.message, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        return self.request.response.redirect(f"{meeting.absolute_url()}/@@join")


class CalendarFeedView(BrowserView):
    def __call__(self):
        user_id = api.user.get_current().getId()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if "renew" in self.request.form:
                store.renew_feed(user_id)
                record("meetings.feed-renewed")
                IStatusMessage(self.request).add(
                    _(
                        "feed_renewed",
                        default=("A new address was made; the previous one no longer works."),
                    )
                )
            elif "revoke" in self.request.form and store.revoke_feed(user_id):
                record("meetings.feed-revoked")
                IStatusMessage(self.request).add(
                    _("feed_revoked", default=("The address no longer works."))
                )
            return self.request.response.redirect(f"{self.context.absolute_url()}/@@calendar-feed")
        self.request.response.setHeader("Cache-Control", "no-store, max-age=0")
        self.url = feed_url(user_id)
        return self.index()


@implementer(IPublishTraverse)
class CalendarIcs(BrowserView):
    """/@@calendar.ics/<token>: the user's meetings for calendar programs (no login)."""

    token = None

    def publishTraverse(self, request, name):
        if self.token is None:
            self.token = name[:-4] if name.endswith(".ics") else name
            return self
        raise NotFound(self, name, request)

    def __call__(self):
        user_id = user_for_token(self.token or "")
        if user_id is None:
            raise NotFound(self.context, "calendar.ics", self.request)
        user = api.user.get(userid=user_id)
        name = translate(
            _(
                "feed_name",
                default="Meetings: ${name}",
                mapping={"name": (user.getProperty("fullname", "") if user else "") or user_id},
            ),
            target_language=api.portal.get_default_language(),
        )
        response = self.request.response
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader("Content-Disposition", 'inline; filename="meetings.ics"')
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        return calendar_for(user_id, name=name)
