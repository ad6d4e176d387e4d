"""Lockout storms: many accounts or addresses locked in a short window (rules, no Zope).

A storm is a burst of lockouts (each within `window` of the previous one) that somewhere holds
`threshold` lockouts inside one `window`. A storm that goes on across several clock calls, or
one already on the register, is one incident: a burst that overlaps a known storm (or comes
within a window of it) is that storm.
"""

import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class Storm:
    first: datetime.datetime
    last: datetime.datetime
    count: int


def _bursts(times, window):
    burst = []
    for moment in sorted(times):
        if burst and moment - burst[-1] > window:
            yield burst
            burst = []
        burst.append(moment)
    if burst:
        yield burst


def _stormy(burst, window, threshold) -> bool:
    return any(
        burst[i + threshold - 1] - burst[i] <= window for i in range(len(burst) - threshold + 1)
    )


def storms(times, window: datetime.timedelta, threshold: int, known=()) -> list[Storm]:
    """The storms among lockout `times` that are not one of the `known` (first, last) pairs."""
    found = []
    for burst in _bursts(times, window):
        if not _stormy(burst, window, threshold):
            continue
        first, last = burst[0], burst[-1]
        if any(first <= k_last + window and last >= k_first - window for k_first, k_last in known):
            continue
        found.append(Storm(first, last, len(burst)))
    return found
