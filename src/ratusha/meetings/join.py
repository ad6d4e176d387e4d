"""Who may join a room or meeting's video call, and the token they get.

Used by POST @jitsi-join (staff) and POST @jitsi-guest-join (guests with an invitation).
configOverwrite only shapes the user interface; rights are in the token and in Prosody.
"""

import datetime
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.uuid.interfaces import IUUID
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core import permissions
from ratusha.core.dates import epoch
from ratusha.core.dates import short_datetime
from ratusha.meetings import booking
from ratusha.meetings import invitations
from ratusha.meetings import series
from ratusha.meetings import store
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.jitsi import jitsi_room
from ratusha.meetings.jitsi import links_key
from ratusha.meetings.jitsi import load_config
from ratusha.meetings.jitsi import NotConfigured
from ratusha.meetings.jitsi import room_config
from ratusha.meetings.jitsi import settings
from ratusha.meetings.scheduling import guests_of
from ratusha.meetings.scheduling import join_occurrence
from ratusha.meetings.scheduling import principals_of
from ratusha.meetings.scheduling import room_of
from ratusha.meetings.tokens import features
from ratusha.meetings.tokens import Identity
from ratusha.meetings.tokens import mint_token
from ratusha.meetings.tokens import TokenError
import time
from zope.i18n import translate


class JoinRefused(Exception):
    def __init__(self, message, status, reason):
        super().__init__(message)
        self.message = message
        self.status = status
        self.reason = reason


def config_overwrite(language, moderator, guest):
    return {
        "defaultLanguage": language,
        "prejoinConfig": {"enabled": True},
        "startWithAudioMuted": True,
        "disableInviteFunctions": True,
        "readOnlyName": True,
        "disableProfile": True,
        "enableInsecureRoomNameWarning": False,
        "lobby": {"autoKnock": True},
        "securityUi": {"disableLobbyPassword": True, "hideLobbyButton": not moderator},
        "remoteVideoMenu": {"disableKick": not moderator, "disableGrantModerator": not moderator},
        "disableRemoteMute": not moderator,
        "toolbarButtons": [
            b
            for b in (
                "microphone",
                "camera",
                "desktop",
                "chat",
                "raisehand",
                "participants-pane",
                "tileview",
                "settings",
                "fullscreen",
                "hangup",
                "security" if moderator else None,
                "mute-everyone" if moderator else None,
            )
            if b and not (guest and b == "desktop")
        ],
    }


def _is_invited(obj, user_id) -> bool:
    """Named on the meeting or room (user or one of their groups), rather than walking in."""
    principals = set(principals_of(user_id))
    names = set()
    if IMeeting.providedBy(obj):
        names |= {obj.organiser_id(), *(obj.participants or ())}
        names |= {f"group:{g}" for g in obj.participant_groups or ()}
        obj = room_of(obj)
    if obj is not None:
        names |= {*(obj.owners or ()), *(obj.allowed_users or ()), obj.personal_owner}
        names |= {f"group:{g}" for g in obj.allowed_groups or ()}
    return bool(principals & names)


def _refuse(obj, reason, message, status, guest=False):
    record(
        "meetings.token-refused",
        obj,
        outcome="denied",
        details={"reason": reason, "guest": guest},
        immediate=True,
    )
    raise JoinRefused(message, status, reason)


def opens_at(occurrence, moderator):
    return occurrence.start - (booking.MODERATOR_EARLY if moderator else booking.JOIN_EARLY)


def _outside_occurrence(obj, state, occurrence, moderator):
    """A series gives tokens only around its occurrences: 403 between and after them."""
    if state == "early":
        message = _(
            "join_series_next",
            default="This meeting repeats; its next date is ${date} and the video call "
            "opens at ${time}.",
            mapping={
                "date": short_datetime(occurrence.start),
                "time": short_datetime(opens_at(occurrence, moderator)),
            },
        )
    else:
        message = _("join_series_over", default="The last meeting of this series is over.")
    _refuse(obj, "outside-occurrence", message, 403)


def _window(obj, moderator, config, now):
    """The current occurrence's end (epoch) for the token; refusals when it cannot be joined
    now."""
    margin = datetime.timedelta(seconds=config.margin)
    state, occurrence = join_occurrence(
        obj, moderator, now=datetime.datetime.fromtimestamp(now, datetime.UTC), margin=margin
    )
    if state == "cancelled":
        _refuse(obj, "cancelled", _("join_cancelled", default="This meeting was cancelled."), 409)
    if state != "open" and series.is_recurring(obj):
        _outside_occurrence(obj, state, occurrence, moderator)
    if state == "over":
        _refuse(obj, "over", _("join_over", default="This meeting is over."), 409)
    if state == "early":
        _refuse(
            obj,
            "early",
            _(
                "join_early",
                default="The video call opens at ${time}.",
                mapping={"time": short_datetime(opens_at(occurrence, moderator))},
            ),
            409,
        )
    return epoch(occurrence.end)


def _remember(obj, room):
    content_uid = IUUID(obj)
    physical = room_of(obj)
    store.remember_room(
        room,
        content_uid,
        IUUID(physical) if physical is not None else content_uid,
        "meeting" if IMeeting.providedBy(obj) else "room",
    )


def _answer(config, room, token, moderator, guest, obj, identity, language):
    room_obj = room_of(obj)
    return {
        "domain": config.domain,
        "roomName": config.api_room(room),
        "jwt": token,
        "configOverwrite": config_overwrite(language, moderator, guest),
        "moderator": moderator,
        "lobby": bool(room_obj.lobby) if room_obj is not None else False,
        "displayName": identity.name,
        "email": identity.email,
        "lang": language,
        "title": obj.Title(),
    }


def _mint(config, room, identity, ends_at, now, obj):
    try:
        return mint_token(config, room, identity, ends_at, now)
    except TokenError as exc:
        _refuse(
            obj,
            "misconfigured",
            _(
                "jitsi_misconfigured",
                default="Video is misconfigured: ${reason}.",
                mapping={"reason": str(exc)},
            ),
            503,
        )


def _started(obj, moderator):
    """A host joining a scheduled meeting starts it. A series stays scheduled between its
    occurrences (the workflow has no way back from "in progress"); auto-end ends it after
    the last one."""
    if (
        moderator
        and IMeeting.providedBy(obj)
        and api.content.get_state(obj) == "scheduled"
        and not series.is_recurring(obj)
    ):
        try:
            api.content.transition(obj=obj, transition="start")
        except api.exc.InvalidParameterError:
            pass


def _identity(obj) -> Identity:
    """The current user as their token for `obj` names them, with their rights."""
    user = api.user.get_current()
    moderator = bool(api.user.has_permission(permissions.ModerateMeeting, obj=obj))
    return Identity(
        user_id=user.getId(),
        name=user.getProperty("fullname", "") or user.getUserName(),
        email=user.getProperty("email", "") or "",
        avatar="",
        moderator=moderator,
        lobby_bypass=moderator or _is_invited(obj, user.getId()),
    )


def preview_for_user(obj) -> dict:
    """What the current user's token for `obj` would carry, without minting one: the join
    page shows it while no Jitsi is connected (the demo), so nobody mistakes it for video."""
    identity = _identity(obj)
    room_obj = room_of(obj)
    return {
        "room": jitsi_room(obj),
        "name": identity.name,
        "moderator": identity.moderator,
        "lobby": bool(room_obj.lobby) if room_obj is not None else False,
        "lobby_bypass": identity.lobby_bypass,
        "features": features(identity),
    }


def join_for_user(obj, request, now=None) -> dict:
    now = int(now or time.time())
    if api.user.is_anonymous():
        raise JoinRefused(_("error_login_required", default="Please log in."), 401, "anonymous")
    if not api.user.has_permission("View", obj=obj):
        _refuse(
            obj,
            "forbidden",
            _("join_forbidden", default="You are not invited to this room or meeting."),
            403,
        )
    try:
        config = load_config()
    except NotConfigured as exc:
        raise JoinRefused(exc.message, 503, "not-configured")
    identity = _identity(obj)
    moderator = identity.moderator
    if IMeeting.providedBy(obj):
        ends_at = _window(obj, moderator, config, now)
    else:
        ends_at = now + 3600 * (settings().room_hours or 8)
        config = room_config(config)
    room = jitsi_room(obj)
    token = _mint(config, room, identity, ends_at, now, obj)
    _remember(obj, room)
    _started(obj, moderator)
    record(
        "meetings.token-issued",
        obj,
        details={
            "room": room,
            "moderator": moderator,
            "guest": False,
            "expires": datetime.datetime.fromtimestamp(
                ends_at + config.margin, datetime.UTC
            ).isoformat(),
        },
    )
    language = api.portal.get_current_language() or "bg"
    return _answer(config, room, token, moderator, False, obj, identity, language)


def invitation_for(token, now=None):
    """(meeting, invitation) for a guest's link, or JoinRefused."""
    try:
        invitation = invitations.verify_invitation(links_key(), token or "", now=now)
    except invitations.InvitationError as exc:
        if exc.reason == "expired":
            raise JoinRefused(
                _("guest_link_expired", default="This invitation has expired."), 410, "expired"
            )
        record(
            "meetings.token-refused",
            outcome="denied",
            details={"reason": f"invitation-{exc.reason}", "guest": True},
            immediate=True,
        )
        raise JoinRefused(
            _("guest_link_invalid", default="This invitation link is not valid."), 403, exc.reason
        )
    meeting = uuidToObject(invitation["meeting"], unrestricted=True)
    if meeting is None or not IMeeting.providedBy(meeting):
        raise JoinRefused(
            _("guest_link_invalid", default="This invitation link is not valid."), 404, "no-meeting"
        )
    if invitation["email"] not in {address for _name, address in guests_of(meeting)}:
        _refuse(
            meeting,
            "uninvited",
            _("guest_uninvited", default="This invitation was withdrawn."),
            403,
            guest=True,
        )
    room = room_of(meeting)
    if room is not None and not room.allow_guests:
        _refuse(
            meeting,
            "no-guests",
            _("error_room_no_guests", default="This room does not admit guests from outside."),
            403,
            guest=True,
        )
    return meeting, invitation


def join_for_guest(token, request, now=None) -> dict:
    now = int(now or time.time())
    meeting, invitation = invitation_for(token, now=now)
    try:
        config = load_config()
    except NotConfigured as exc:
        raise JoinRefused(exc.message, 503, "not-configured")
    ends_at = _window(meeting, False, config, now)
    identity = Identity(
        user_id=f"guest:{invitation['email']}",
        name=invitation["name"] or invitation["email"],
        email=invitation["email"],
        guest=True,
    )
    room = jitsi_room(meeting)
    token = _mint(config, room, identity, ends_at, now, meeting)
    _remember(meeting, room)
    record(
        "meetings.token-issued",
        meeting,
        details={
            "room": room,
            "moderator": False,
            "guest": True,
            "expires": datetime.datetime.fromtimestamp(
                ends_at + config.margin, datetime.UTC
            ).isoformat(),
        },
    )
    language = api.portal.get_current_language() or "bg"
    return _answer(config, room, token, False, True, meeting, identity, language)


def message_text(error, request):
    return translate(error.message, context=request)
