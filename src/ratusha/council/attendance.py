"""Presence of councillors and quorum checks of a session: the Python API of the council.

    present_councillors(session)        -> sorted user ids of the councillors present now
    quorum_status(session)              -> the live quorum picture (dict)
    require_quorum(session)             -> None, or QuorumError with a message and a reason
    record_quorum_check(session, user)  -> the recorded check (dict)
    record_presence(session, user_id, inside, source, actor) -> what changed (dict)

Presence events and checks live in SQL (council.store); the rules are council.quorum. Video
presence is read from the meetings' attendance events of the session's video room (the same
events Jitsi's event_sync posts to @jitsi-events), reduced by the meetings' own reducer.
"""

import contextlib
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.audit.interfaces import request_id
from ratusha.core.dates import epoch
from ratusha.council import quorum
from ratusha.council import rules
from ratusha.council import store
from ratusha.council.councils import council_of
from ratusha.council.councils import frozen_composition
from ratusha.council.councils import fullname
from ratusha.council.councils import session_councillor_ids
from ratusha.council.interfaces import IPresenceChangedEvent
from ratusha.council.interfaces import IQuorumCheckedEvent
from ratusha.council.quorum import QuorumError
from ratusha.meetings.interfaces import room_attendees
import threading
import time
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent


LIVE_STATES = ("convened", "open")
VIDEO_EARLY = 3 * 3600  # video connections this long before the start count


class PresenceError(Exception):
    """A presence change that cannot be made; `status` is the HTTP status to answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@implementer(IPresenceChangedEvent)
class PresenceChanged(ObjectEvent):
    def __init__(self, session, user_id, kind, source, at, present):
        super().__init__(session)
        self.user_id, self.kind, self.source, self.at = user_id, kind, source, at
        self.present = present


@implementer(IQuorumCheckedEvent)
class QuorumChecked(ObjectEvent):
    def __init__(self, session, check):
        super().__init__(session)
        self.check = check


def seats(session) -> int:
    """All seats for the session's quorum and majorities: frozen when it opened."""
    frozen = frozen_composition(session)
    if frozen is not None:
        return frozen.seats
    council = council_of(session)
    return int(council.seats) if council is not None and council.seats else 0


def video_counts(session) -> bool:
    return session.mode in rules.WITH_VIDEO


def _state(session):
    return api.content.get_state(session, default=None)


def _video_window(session):
    start = epoch(session.start) - VIDEO_EARLY
    end = session.closed_at.timestamp() if session.closed_at else None
    return start, end


def sync_video(session, now=None) -> int:
    """Take the councillors' video connections into the session's presence (idempotent).

    Returns how many new events were stored; each one is audited.
    """
    if not video_counts(session) or not session.video_room or _state(session) not in LIVE_STATES:
        return 0
    since, until = _video_window(session)
    attendees = room_attendees(session.video_room, since, until, now=now or time.time())
    members = set(session_councillor_ids(session))
    uid = IUUID(session)
    existing = store.presence_events(uid)
    added = 0
    for person in attendees:
        if person.guest or person.user_id not in members:
            continue
        first_in = min(
            (
                e.at
                for e in existing
                if e.user_id == person.user_id and e.kind in quorum.IN and e.source != quorum.VIDEO
            ),
            default=None,
        )
        for kind, at in quorum.video_events(person.intervals, person.present, first_in):
            direction = "in" if kind in quorum.IN else "out"
            key = store.event_key(uid, person.user_id, quorum.VIDEO, direction, repr(at))
            if store.add_presence(uid, person.user_id, kind, quorum.VIDEO, at, key=key):
                added += 1
                _changed(session, person.user_id, kind, quorum.VIDEO, at)
    return added


_local = threading.local()


@contextlib.contextmanager
def snapshot():
    """Within it, presence is read once per session (a live poll asks several sections)."""
    owner = getattr(_local, "cache", None) is None
    if owner:
        _local.cache = {}
    try:
        yield
    finally:
        if owner:
            _local.cache = None


def forget(session):
    cache = getattr(_local, "cache", None)
    if cache is not None:
        cache.pop(IUUID(session), None)


def events(session, sync=True) -> list:
    cache = getattr(_local, "cache", None)
    uid = IUUID(session)
    if cache is not None and uid in cache:
        return cache[uid]
    if sync and sync_video(session):
        forget(session)
    found = store.presence_events(uid)
    if cache is not None:
        cache[uid] = found
    return found


def present_councillors(session) -> list[str]:
    """Sorted user ids of the councillors present now (every source taken into account)."""
    members = set(session_councillor_ids(session))
    return [u for u in quorum.present_ids(events(session), video_counts(session)) if u in members]


def _check_dict(check):
    if check is None:
        return None
    return {
        "at": check.at,
        "actor": check.actor,
        "seats": check.seats,
        "present": check.present,
        "quorate": check.quorate,
    }


def quorum_status(session) -> dict:
    all_events = events(session)
    last = store.last_check(IUUID(session))
    state = quorum.quorum_state(all_events, seats(session), last, video_counts(session))
    state["last_check"] = _check_dict(last)
    return state


MESSAGES = {
    "no-seats": _("quorum_no_seats", default="The council's number of seats is not set."),
    "no-check": _(
        "quorum_no_check", default="Check the quorum first: no quorum check has been recorded."
    ),
    "negative": _(
        "quorum_negative", default="The last quorum check found no quorum: check it again."
    ),
    "stale": _("quorum_stale", default="The quorum was lost since the last check: check it again."),
    "lost": _("quorum_lost", default="There is no quorum: ${present} present, ${required} needed."),
}


def require_quorum(session) -> None:
    """Raise QuorumError unless the last check was positive and still holds."""
    if not seats(session):
        raise QuorumError(MESSAGES["no-seats"], "no-seats", 409)
    status = quorum_status(session)
    last = status["last_check"]
    if not status["quorate"]:
        raise QuorumError(
            Message(
                MESSAGES["lost"],
                mapping={"present": status["present"], "required": status["required"]},
            ),
            "lost",
            409,
        )
    if last is None:
        raise QuorumError(MESSAGES["no-check"], "no-check", 409)
    if not last["quorate"]:
        raise QuorumError(MESSAGES["negative"], "negative", 409)
    if not status["check_current"]:
        raise QuorumError(MESSAGES["stale"], "stale", 409)


def _actor(user):
    if user is None:
        return api.user.get_current().getId()
    return user if isinstance(user, str) else user.getId()


def record_quorum_check(session, user=None) -> dict:
    """Count who is present now and record the result (who checked, when, how many)."""
    count = seats(session)
    if not count:
        raise QuorumError(MESSAGES["no-seats"], "no-seats", 409)
    present = present_councillors(session)
    need = quorum.required(count)
    check = store.add_check(
        IUUID(session),
        time.time(),
        _actor(user),
        count,
        need,
        present,
        quorum.is_quorate(len(present), count),
    )
    record(
        "council.quorum-check",
        session,
        details={
            "present": check["present"],
            "required": need,
            "seats": count,
            "quorate": check["quorate"],
        },
    )
    notify(QuorumChecked(session, check))
    return check


def _changed(session, user_id, kind, source, at):
    forget(session)
    record("council.presence", session, details={"user": user_id, "kind": kind, "source": source})
    present = user_id in quorum.present_ids(
        store.presence_events(IUUID(session)), video_counts(session)
    )
    notify(PresenceChanged(session, user_id, kind, source, at, present))


def record_presence(session, user_id, inside, source, actor=None) -> dict:
    """Record that a councillor came in (inside=True) or went out, as seen by `source`.

    Refuses non-councillors (400), sessions not convened or open (409) and self check-in
    where the council does not allow it (403). Recording what is already so changes nothing.
    """
    council = council_of(session)
    if source not in (quorum.STAFF, quorum.SELF):
        raise PresenceError(
            _(
                "error_presence_source",
                default="Presence is recorded by staff or by the councillor.",
            )
        )
    if user_id not in session_councillor_ids(session):
        raise PresenceError(
            _(
                "error_presence_not_councillor",
                default="${user} is not a councillor of this council.",
                mapping={"user": user_id},
            ),
            400,
        )
    if _state(session) not in LIVE_STATES:
        raise PresenceError(
            _(
                "error_presence_state",
                default="Presence is recorded only in a convened or open session.",
            ),
            409,
        )
    if source == quorum.SELF and not (council.self_checkin and _actor(actor) == user_id):
        raise PresenceError(
            _(
                "error_self_checkin",
                default="Councillors of this council cannot check in themselves.",
            ),
            403,
        )
    uid = IUUID(session)
    all_events = events(session)
    if quorum.is_in(all_events, user_id, (source,), video_counts(session)) == bool(inside):
        return {
            "changed": False,
            "user": user_id,
            "source": source,
            "present": user_id in quorum.present_ids(all_events, video_counts(session)),
        }
    kind = quorum.next_kind(all_events, user_id, bool(inside))
    now = time.time()
    token = request_id(getRequest()) or repr(time.time_ns())
    key = store.event_key(uid, user_id, source, kind, len(all_events), token)
    if store.add_presence(uid, user_id, kind, source, now, actor=_actor(actor), key=key):
        _changed(session, user_id, kind, source, now)
    present = user_id in quorum.present_ids(store.presence_events(uid), video_counts(session))
    return {"changed": True, "user": user_id, "kind": kind, "source": source, "present": present}


def presence_table(session) -> list[dict]:
    """One row per councillor: present or not, per channel, and each source's last word."""
    all_events = events(session)
    statuses = quorum.presence(all_events, video_counts(session))
    rows = []
    for user_id in session_councillor_ids(session):
        status = statuses.get(user_id)
        rows.append(
            {
                "user": user_id,
                "name": fullname(user_id),
                "present": bool(status and status.present),
                "hall": bool(status and status.hall),
                "video": bool(status and status.video),
                "since": status.since if status and status.present else None,
                "sources": dict(status.sources) if status else {},
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def presence_log(session) -> list[dict]:
    return [
        {
            "user": r["user_id"],
            "kind": r["kind"],
            "source": r["source"],
            "at": r["at"],
            "actor": r["actor"],
        }
        for r in store.presence_rows(IUUID(session))
    ]
