"""When a session may open, as plain Python (no Zope), table-tested.

A session opens on the day it was convened for (Sofia time). Opening before that day is
refused outright: the councillors and the public were told another day. Opening on a later
day (a postponed or continued session) needs a reason, which the protocol prints.
"""

from dataclasses import dataclass
import datetime
from ratusha.core.dates import local


ON_DAY = "on-day"
LATER_WITH_REASON = "later-with-reason"
TOO_EARLY = "before-convened-day"
NEEDS_REASON = "later-needs-reason"
ALLOWED = frozenset({ON_DAY, LATER_WITH_REASON})
REASON_LIMIT = 2000


@dataclass(frozen=True)
class Opening:
    """The verdict: a code, the day convened for and the day of opening (both in Sofia)."""

    code: str
    convened: datetime.date
    day: datetime.date
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return self.code in ALLOWED


def sofia_day(moment: datetime.datetime) -> datetime.date:
    """The calendar day in Sofia of an instant (a naive one is taken as UTC)."""
    return local(moment).date()


def opening(convened_for: datetime.datetime, now: datetime.datetime, reason: str = "") -> Opening:
    """May a session convened for `convened_for` open at `now`, with this reason?

    The reason is kept only when it is needed (another day than convened)."""
    convened, day = sofia_day(convened_for), sofia_day(now)
    reason = reason.strip() if isinstance(reason, str) else ""
    if day < convened:
        return Opening(TOO_EARLY, convened, day)
    if day == convened:
        return Opening(ON_DAY, convened, day)
    if not reason:
        return Opening(NEEDS_REASON, convened, day)
    return Opening(LATER_WITH_REASON, convened, day, reason)
