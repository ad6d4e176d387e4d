"""Attendance from Jitsi's server-side events (the community `event_sync` prosody module).

event_sync POSTs room created/destroyed and occupant joined/left as JSON, with the token's
`context.user` (id, name, email) for each occupant and Unix-second timestamps. Deliveries can
repeat (retries) and arrive out of order; the room-destroyed event lists `all_occupants` with
their join and leave times, which repairs anything lost. So attendance is not counted as
events arrive: it is reduced from the set of distinct events, whatever their order.
"""

from dataclasses import dataclass
from dataclasses import field
import hashlib
import json
import math


GUEST_PREFIX = "guest:"
KINDS = {
    ("room", "created"): "room-created",
    ("room", "destroyed"): "room-destroyed",
    ("occupant", "joined"): "occupant-joined",
    ("occupant", "left"): "occupant-left",
}
EVENT_NAMES = {
    "muc-room-created": "room-created",
    "muc-room-destroyed": "room-destroyed",
    "muc-occupant-joined": "occupant-joined",
    "muc-occupant-left": "occupant-left",
}
MAX_OCCUPANTS = 5000
# any time an event can carry: 2000-01-01 .. 2100-01-01 (Unix seconds, UTC)
EARLIEST = 946_684_800
LATEST = 4_102_444_800
# how long one connection may have lasted before the event that reports it
MAX_CONNECTION = 7 * 24 * 3600
DEFAULT_WINDOW_MINUTES = 120


class EventError(ValueError):
    """The posted event is not what event_sync sends."""


@dataclass(frozen=True)
class Occupant:
    jid: str
    joined_at: float
    left_at: float | None = None
    user_id: str = ""
    name: str = ""
    email: str = ""

    @property
    def guest(self) -> bool:
        return not self.user_id or self.user_id.startswith(GUEST_PREFIX)

    @property
    def identity(self) -> str:
        if not self.guest:
            return f"user:{self.user_id}"
        if self.user_id:
            return self.user_id
        return GUEST_PREFIX + (self.email.lower() or self.name or self.jid)


@dataclass(frozen=True)
class Event:
    kind: str
    room_name: str
    room_jid: str
    at: float
    occupant: Occupant | None = None
    occupants: tuple = ()
    breakout: bool = False

    def key(self) -> str:
        """Idempotency key: the same delivery twice has the same key."""
        parts = [self.kind, self.room_jid, repr(self.at)]
        if self.occupant is not None:
            parts += [self.occupant.jid, repr(self.occupant.joined_at), repr(self.occupant.left_at)]
        return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Attendee:
    identity: str
    user_id: str
    name: str
    email: str
    guest: bool
    first_join: float
    last_leave: float | None  # None while still in the room
    total: float  # seconds, overlapping connections counted once
    present: bool
    sessions: int = 0
    intervals: list = field(default_factory=list, repr=False)


def timestamp(value, what) -> float:
    """Unix seconds between EARLIEST and LATEST; EventError for anything else (text, booleans,
    NaN, infinities, 10**400 - which json.loads gives as an int too big for a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EventError(f"{what} must be a number of seconds")
    if isinstance(value, float) and not math.isfinite(value):
        raise EventError(f"{what} must be a finite number")
    if not EARLIEST <= value <= LATEST:
        raise EventError(f"{what} is not a time between 2000 and 2100")
    return float(value)


def _number(value, what, required=True):
    if value is None and not required:
        return None
    return timestamp(value, what)


def _times(event: Event):
    for occupant in ((event.occupant,) if event.occupant else ()) + tuple(event.occupants):
        yield occupant.joined_at
        if occupant.left_at is not None:
            yield occupant.left_at


def check_fresh(event: Event, now: float, window_minutes: int = DEFAULT_WINDOW_MINUTES) -> None:
    """EventError unless the event happened within `window_minutes` of `now` and the connections
    it reports fit around it (joined at most MAX_CONNECTION before it, nothing after it)."""
    window = window_minutes * 60
    if not now - window <= event.at <= now + window:
        raise EventError(f"the event is more than {window_minutes} minutes away from now")
    for moment in _times(event):
        if not event.at - MAX_CONNECTION <= moment <= event.at + window:
            raise EventError("a connection's times do not fit the event's time")


def sane(event: Event) -> bool:
    """Stored before the numbers were checked? Such an event is left out of attendance."""
    try:
        timestamp(event.at, "at")
        for moment in _times(event):
            timestamp(moment, "time")
    except EventError:
        return False
    return True


def _text(value, what, limit=512):
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise EventError(f"{what} must be text")
    return str(value)[:limit]


def _occupant(data, need_left=False) -> Occupant:
    if not isinstance(data, dict):
        raise EventError("occupant must be an object")
    jid = _text(data.get("occupant_jid"), "occupant_jid")
    if not jid:
        raise EventError("occupant_jid is missing")
    left = _number(data.get("left_at"), "left_at", required=need_left)
    return Occupant(
        jid=jid,
        joined_at=_number(data.get("joined_at"), "joined_at"),
        left_at=left,
        user_id=_text(data.get("id"), "id", 255),
        name=_text(data.get("name"), "name", 255),
        email=_text(data.get("email"), "email", 255),
    )


def parse(group: str, action: str, payload) -> Event:
    """An Event from the URL's last two steps (e.g. occupant/joined) and the JSON body."""
    kind = KINDS.get((group, action))
    if kind is None:
        raise EventError(f"unknown event {group}/{action}")
    if not isinstance(payload, dict):
        raise EventError("the body must be a JSON object")
    named = EVENT_NAMES.get(payload.get("event_name"))
    if payload.get("event_name") is not None and named != kind:
        raise EventError("event_name does not match the address")
    room_name = _text(payload.get("room_name"), "room_name", 255).lower()
    room_jid = _text(payload.get("room_jid"), "room_jid", 512).lower()
    if not room_name or not room_jid:
        raise EventError("room_name and room_jid are required")
    breakout = bool(payload.get("is_breakout", False))
    if kind == "room-created":
        return Event(
            kind,
            room_name,
            room_jid,
            _number(payload.get("created_at"), "created_at"),
            breakout=breakout,
        )
    if kind == "room-destroyed":
        everyone = payload.get("all_occupants") or []
        if not isinstance(everyone, list) or len(everyone) > MAX_OCCUPANTS:
            raise EventError("all_occupants must be a list")
        return Event(
            kind,
            room_name,
            room_jid,
            _number(payload.get("destroyed_at"), "destroyed_at"),
            occupants=tuple(_occupant(o) for o in everyone),
            breakout=breakout,
        )
    occupant = _occupant(payload.get("occupant"), need_left=kind == "occupant-left")
    at = occupant.left_at if kind == "occupant-left" else occupant.joined_at
    return Event(kind, room_name, room_jid, at, occupant=occupant, breakout=breakout)


def to_json(event: Event) -> str:
    def occupant(o):
        return {
            "occupant_jid": o.jid,
            "joined_at": o.joined_at,
            "left_at": o.left_at,
            "id": o.user_id,
            "name": o.name,
            "email": o.email,
        }

    return json.dumps(
        {
            "kind": event.kind,
            "room_name": event.room_name,
            "room_jid": event.room_jid,
            "at": event.at,
            "breakout": event.breakout,
            "occupant": occupant(event.occupant) if event.occupant else None,
            "occupants": [occupant(o) for o in event.occupants],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def from_json(text: str) -> Event:
    data = json.loads(text)

    def occupant(o):
        return Occupant(
            o["occupant_jid"],
            o["joined_at"],
            o.get("left_at"),
            o.get("id", ""),
            o.get("name", ""),
            o.get("email", ""),
        )

    return Event(
        data["kind"],
        data["room_name"],
        data["room_jid"],
        data["at"],
        occupant(data["occupant"]) if data.get("occupant") else None,
        tuple(occupant(o) for o in data.get("occupants", ())),
        data.get("breakout", False),
    )


def _merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def reduce(events, now: float | None = None) -> list[Attendee]:
    """Who attended: one Attendee per person, whatever order or repetition the events came in.

    A connection is (occupant jid, joined_at). Its leave time is the latest one reported by a
    left event or by all_occupants; a connection still open when the room was destroyed ends
    then; one still open otherwise counts until `now` (and the person is present).
    """
    events = [event for event in events if sane(event)]
    sessions: dict[tuple, dict] = {}
    destroyed = sorted({e.at for e in events if e.kind == "room-destroyed"})

    def note(occupant: Occupant):
        key = (occupant.jid, occupant.joined_at)
        session = sessions.setdefault(key, {"occupant": occupant, "left": None})
        if occupant.user_id or occupant.name:
            session["occupant"] = occupant  # the richer description wins
        if occupant.left_at is not None:
            session["left"] = max(session["left"] or occupant.left_at, occupant.left_at)

    for event in events:
        if event.occupant is not None:
            note(event.occupant)
        for occupant in event.occupants:
            note(occupant)

    people: dict[str, Attendee] = {}
    for (_jid, joined), session in sorted(sessions.items(), key=lambda item: item[0][1]):
        occupant = session["occupant"]
        left = session["left"]
        if left is None:
            left = next((at for at in destroyed if at >= joined), None)
        present = left is None
        end = left if left is not None else (max(now, joined) if now is not None else joined)
        person = people.get(occupant.identity)
        if person is None:
            person = people[occupant.identity] = Attendee(
                identity=occupant.identity,
                user_id=occupant.user_id,
                name=occupant.name,
                email=occupant.email,
                guest=occupant.guest,
                first_join=joined,
                last_leave=left,
                total=0.0,
                present=present,
            )
        else:
            person.first_join = min(person.first_join, joined)
            person.present = person.present or present
            person.name = person.name or occupant.name
            person.email = person.email or occupant.email
            if left is not None and person.last_leave is not None:
                person.last_leave = max(person.last_leave, left)
        person.sessions += 1
        person.intervals.append((joined, max(end, joined)))
    for person in people.values():
        person.intervals = _merge(person.intervals)
        person.total = sum(end - start for start, end in person.intervals)
        if person.present:
            person.last_leave = None
    return sorted(people.values(), key=lambda p: (p.first_join, p.identity))
