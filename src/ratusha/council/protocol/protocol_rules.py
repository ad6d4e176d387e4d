"""Rules of the protocol's life and of publication, as plain Python (no Zope), table-tested.

Periods count calendar days in Sofia from the day after the event, as the law counts them: a
protocol opened for corrections on the 3rd for 7 days takes corrections until the end of the
10th; the acts of a session that ended on the 3rd are due on the public side by the 10th.
A period of 0 days is over at once (the rulebook wants no period). Problems are codes with
values; the Plone side turns them into translated messages.
"""

from dataclasses import dataclass
from dataclasses import field
import datetime
from ratusha.council import quorum
from urllib.parse import urlparse


ACCEPTED, REJECTED, PENDING = "accepted", "rejected", "pending"
DECISIONS = (ACCEPTED, REJECTED)
MAX_TEXT = 5000
WITH_RECORDING = frozenset({"hybrid", "remote"})  # sessions held by video (чл. 28а ЗМСМА)
PROTOCOL_STATES = ("closed", "protocol_correction", "protocol_approved", "published")
FROZEN_STATES = ("protocol_approved", "published")


@dataclass(frozen=True)
class Problem:
    code: str
    values: dict = field(default_factory=dict)


def last_day(start: datetime.date, days: int) -> datetime.date | None:
    """The last day of a period of `days` starting after `start`; None when there is none."""
    if days <= 0:
        return None
    return start + datetime.timedelta(days=days)


def period_open(start: datetime.date | None, days: int, today: datetime.date) -> bool:
    """Whether a period begun on `start` still runs on `today`."""
    if start is None:
        return False
    end = last_day(start, days)
    return end is not None and today <= end


def needs_recording(mode: str) -> bool:
    return mode in WITH_RECORDING


def valid_url(value: str) -> bool:
    parsed = urlparse((value or "").strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


@dataclass(frozen=True)
class ApprovalFacts:
    today: datetime.date
    correction_started: datetime.date | None
    correction_days: int
    unresolved: int
    mode: str
    recording_url: str = ""


def approval_problems(facts: ApprovalFacts) -> list[Problem]:
    """Why the protocol may not be approved yet: the councillors' period still runs, a request
    is still open, or a session held by video has no recording (чл. 28а ЗМСМА)."""
    found = []
    if facts.correction_started is None:
        found.append(Problem("not-in-correction"))
    elif period_open(facts.correction_started, facts.correction_days, facts.today):
        found.append(
            Problem(
                "corrections-open",
                {"deadline": last_day(facts.correction_started, facts.correction_days)},
            )
        )
    if facts.unresolved:
        found.append(Problem("unresolved", {"count": facts.unresolved}))
    if needs_recording(facts.mode) and not valid_url(facts.recording_url):
        found.append(Problem("no-recording"))
    return found


def filing_problem(
    state: str,
    is_councillor: bool,
    started: datetime.date | None,
    days: int,
    today: datetime.date,
    text: str,
) -> Problem | None:
    """Why a councillor's correction request is refused (None: it is taken)."""
    if not is_councillor:
        return Problem("not-councillor")
    if state != "protocol_correction":
        return Problem("not-open")
    if not period_open(started, days, today):
        return Problem("period-over", {"deadline": last_day(started, days) if started else None})
    text = (text or "").strip()
    if not text:
        return Problem("empty")
    if len(text) > MAX_TEXT:
        return Problem("too-long", {"max": MAX_TEXT})
    return None


def resolution_problem(status: str, decision: str, note: str) -> Problem | None:
    """Staff settle a request once: accepted, or rejected with the reason."""
    if status != PENDING:
        return Problem("already-resolved")
    if decision not in DECISIONS:
        return Problem("bad-decision")
    if decision == REJECTED and not (note or "").strip():
        return Problem("note-needed")
    if len(note or "") > MAX_TEXT:
        return Problem("too-long", {"max": MAX_TEXT})
    return None


PUBLISHED, LATE, DUE, OVERDUE = "published", "late", "due", "overdue"


def publication_deadline(ended: datetime.date, days: int) -> datetime.date:
    return ended + datetime.timedelta(days=max(days, 0))


def publication_status(
    ended: datetime.date, days: int, published: datetime.date | None, today: datetime.date
) -> str:
    """published (in time), late (published after the deadline), due, or overdue."""
    deadline = publication_deadline(ended, days)
    if published is not None:
        return PUBLISHED if published <= deadline else LATE
    return DUE if today <= deadline else OVERDUE


def presence_moves(events, video_counts=True, since=None) -> list[tuple]:
    """(user, "arrived" | "left", at) each time a councillor's presence changed after `since`.

    Presence is what quorum.presence makes of all sources together, so a councillor seen in
    the hall and by video arrives once; events before `since` (the opening) set the start.
    """
    moves = []
    by_user = {}
    for event in sorted(events, key=lambda e: (e.at, e.seq)):
        by_user.setdefault(event.user_id, []).append(event)
    for user_id, own in by_user.items():
        was = False
        for index, event in enumerate(own):
            status = quorum.presence(own[: index + 1], video_counts).get(user_id)
            now = bool(status and status.present)
            if now != was and (since is None or event.at > since):
                moves.append((user_id, "arrived" if now else "left", event.at))
            was = now
    return sorted(moves, key=lambda move: (move[2], move[0]))


def deciding_poll(item):
    """The poll (opendata.Poll) that made an item's decision: the last one with a result,
    since amendments are voted before the whole; None without one."""
    for poll in reversed(item.polls):
        if poll.outcome or poll.election:
            return poll
    return None


def result_of(poll) -> str:
    """adopted | rejected | elected | not_elected, or "" without a poll."""
    if poll is None:
        return ""
    if poll.election:
        return "elected" if poll.elected else "not_elected"
    return "adopted" if (poll.outcome or {}).get("adopted") else "rejected"
