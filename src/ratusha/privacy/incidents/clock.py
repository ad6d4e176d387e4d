"""The 72-hour clock of GDPR Art. 33: rules with no Zope imports.

The controller notifies the supervisory authority (КЗЛД) within 72 hours of becoming aware of
a breach. Hours are real hours, counted on the instant (UTC), so a deadline across a clock
change lands one hour off the wall-clock time of awareness; people read it in Sofia time.
"""

import dataclasses
import datetime


NOTIFY_WITHIN = datetime.timedelta(hours=72)
RISKS = ("unassessed", "none", "risk", "high")


def deadline(discovered: datetime.datetime) -> datetime.datetime:
    """When the notification is due: 72 hours after awareness, as an instant in UTC."""
    return discovered.astimezone(datetime.UTC) + NOTIFY_WITHIN


def duties(risk: str) -> tuple[bool, bool]:
    """(notify the authority, tell the people affected) for an assessed risk.

    Art. 33(1): notify unless the breach is unlikely to result in a risk to people's rights;
    Art. 34(1): tell the people affected when the risk is high. Unassessed counts as a risk,
    so the clock runs until the officer decides otherwise.
    """
    if risk not in RISKS:
        raise ValueError(risk)
    return risk != "none", risk == "high"


@dataclasses.dataclass(frozen=True)
class Clock:
    deadline: datetime.datetime
    status: str  # running, due_soon, overdue, notified, notified_late, not_required
    seconds_left: int  # negative once overdue; frozen when notified


def clock(discovered, now, notified_at=None, required=True, due_soon_hours=24) -> Clock:
    """Where the incident stands against its deadline at `now`."""
    due = deadline(discovered)
    if notified_at is not None:
        left = int((due - notified_at).total_seconds())
        return Clock(due, "notified" if left >= 0 else "notified_late", left)
    left = int((due - now).total_seconds())
    if not required:
        status = "not_required"
    elif left < 0:
        status = "overdue"
    elif left <= due_soon_hours * 3600:
        status = "due_soon"
    else:
        status = "running"
    return Clock(due, status, left)


def late(discovered, notified_at) -> bool:
    """Notified after the 72 hours: Art. 33(1) asks for the reasons for the delay."""
    return notified_at > deadline(discovered)


def reminder_due(discovered, now, thresholds, sent) -> tuple[str | None, tuple[str, ...]]:
    """(the reminder to send now, every mark to keep) for hours-left `thresholds`.

    Marks are "48h", "24h", "6h"… and "overdue". A clock call that comes late, past several
    thresholds at once, sends one reminder (the nearest to the deadline) and marks the ones it
    passed, so each reminder goes out at most once.
    """
    left = deadline(discovered) - now
    crossed = [
        f"{hours}h"
        for hours in sorted(set(thresholds), reverse=True)
        if left <= datetime.timedelta(hours=hours)
    ]
    if left < datetime.timedelta(0):
        crossed.append("overdue")
    new = [mark for mark in crossed if mark not in sent]
    if not new:
        return None, tuple(sent)
    return new[-1], tuple(sent) + tuple(new)


def left_text(seconds: int) -> tuple[int, int]:
    """(hours, minutes) of a span, for people: 83 and 5 for 83 h 05 min."""
    minutes = abs(seconds) // 60
    return minutes // 60, minutes % 60
