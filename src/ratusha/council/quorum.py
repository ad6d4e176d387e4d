"""Quorum and presence of councillors, as plain Python (no Zope), table-tested.

A session is quorate when more than half of ALL seats are present: present >= N // 2 + 1
(ЗМСМА; N=21 needs 11). Presence is reduced from timestamped events (arrive, leave, return)
whose sources are kept apart:

- "hall": what council staff records in the hall and the councillor's own check-in;
  the later of the two wins;
- "video": the video room's attendance, which counts only in hybrid and remote sessions;
  a staff "leave" also ends video presence (the clerk has the last word) until the
  councillor connects again.

A councillor is present when either channel says so.
"""

from dataclasses import dataclass


ARRIVE = "arrive"
LEAVE = "leave"
RETURN = "return"
KINDS = (ARRIVE, LEAVE, RETURN)
IN = frozenset({ARRIVE, RETURN})

STAFF = "staff"
SELF = "self"
VIDEO = "video"
SOURCES = (STAFF, SELF, VIDEO)


class QuorumError(Exception):
    """An act needs a positive, current quorum check; `reason` says what is missing."""

    def __init__(self, message, reason, status=None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.status = status


def required(seats: int) -> int:
    """How many councillors make a quorum: more than half of all seats."""
    if not isinstance(seats, int) or seats < 1:
        raise ValueError("a council has at least one seat")
    return seats // 2 + 1


def is_quorate(present: int, seats: int) -> bool:
    return present >= required(seats)


@dataclass(frozen=True)
class PresenceEvent:
    user_id: str
    kind: str
    source: str
    at: float
    seq: int = 0  # order of recording, for events with the same timestamp

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown presence event {self.kind!r}")
        if self.source not in SOURCES:
            raise ValueError(f"unknown presence source {self.source!r}")


@dataclass
class Status:
    user_id: str
    hall: bool = False
    video: bool = False
    since: float | None = None  # when the councillor last became present
    sources: dict = None  # source -> last event kind

    @property
    def present(self) -> bool:
        return self.hall or self.video


def _ordered(events):
    return sorted(events, key=lambda e: (e.at, e.seq))


def _apply(status: Status, event: PresenceEvent, video_counts: bool) -> None:
    was = status.present
    inside = event.kind in IN
    status.sources[event.source] = event.kind
    if event.source == VIDEO:
        if video_counts:
            status.video = inside
    else:
        status.hall = inside
        if event.source == STAFF and not inside:
            status.video = False
    if status.present and not was:
        status.since = event.at


def presence(events, video_counts=True, until=None) -> dict:
    """{user id: Status} after the events (up to `until`, if given)."""
    result = {}
    for event in _ordered(events):
        if until is not None and event.at > until:
            break
        status = result.setdefault(event.user_id, Status(event.user_id, sources={}))
        _apply(status, event, video_counts)
    return result


def present_ids(events, video_counts=True, until=None) -> list:
    return sorted(u for u, s in presence(events, video_counts, until).items() if s.present)


def is_in(events, user_id, sources, video_counts=True) -> bool:
    """Whether the channel the sources feed currently has the councillor inside."""
    status = presence([e for e in events if e.user_id == user_id], video_counts).get(user_id)
    if status is None:
        return False
    return status.video if VIDEO in sources else status.hall


def next_kind(events, user_id, inside: bool) -> str:
    """ "arrive" the first time a councillor comes in, "return" after that; "leave" going out."""
    if not inside:
        return LEAVE
    came_before = any(e.user_id == user_id and e.kind in IN for e in events)
    return RETURN if came_before else ARRIVE


def counts_after(events, video_counts=True, since=None) -> list:
    """[(at, present count)] after each event from `since` on (for quorum-loss detection)."""
    result = []
    state = {}
    for event in _ordered(events):
        status = state.setdefault(event.user_id, Status(event.user_id, sources={}))
        _apply(status, event, video_counts)
        if since is None or event.at > since:
            result.append((event.at, sum(1 for s in state.values() if s.present)))
    return result


@dataclass(frozen=True)
class Check:
    """A recorded quorum check."""

    at: float
    actor: str
    seats: int
    present: int
    quorate: bool


def check_is_current(check: Check | None, events, seats, video_counts=True) -> bool:
    """The last check stands while it was positive and presence never fell below quorum since.

    A loss of quorum (e.g. a break, people leaving) needs a new check, even when enough
    councillors have come back.
    """
    if check is None or not check.quorate or check.seats != seats:
        return False
    need = required(seats)
    for _at, count in counts_after(events, video_counts, since=check.at):
        if count < need:
            return False
    return len(present_ids(events, video_counts)) >= need


def quorum_state(events, seats, last_check: Check | None, video_counts=True) -> dict:
    """The live picture: who is present, how many are needed, and whether acts may happen."""
    present = present_ids(events, video_counts)
    need = required(seats)
    current = check_is_current(last_check, events, seats, video_counts)
    return {
        "seats": seats,
        "required": need,
        "present": len(present),
        "present_ids": present,
        "quorate": len(present) >= need,
        "check_current": current,
        "may_act": current and len(present) >= need,
    }


def video_events(intervals, present_now, first_in_at=None) -> list:
    """Arrive/return and leave events (kind, at) from a councillor's video intervals.

    `intervals` are merged [start, end] pairs from the video room's attendance; the last one
    is still open while the councillor is connected (`present_now`). `first_in_at` is when
    another source first had the councillor come in: a later connection is a return.
    """
    result = []
    first = first_in_at
    for number, (start, end) in enumerate(intervals):
        came_before = first is not None and first < start
        result.append((RETURN if came_before else ARRIVE, float(start)))
        first = start if first is None else min(first, start)
        if not (number == len(intervals) - 1 and present_now):
            result.append((LEAVE, float(end)))
    return result
