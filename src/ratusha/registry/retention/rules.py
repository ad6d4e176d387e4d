"""Retention rules of the filing plan (номенклатура на делата): plain Python, no Zope.

When a period runs out: a period of N years counts from 1 January of the year after the event
(the case file or document closed, or the document registered), so it ends on 31 December of
the event's year + N; the day after, the item may be disposed of or handed over. This is the
practice of municipal document instructions under чл. 41 ЗНАФ (reference BG-ARCH-1: the basis
verified, the mechanics inferred), hence a setting of each plan entry (`start`) with a default.

An entry's `archive` says what happens at the end: "dispose" (an expert committee's disposal
act) or "state" (hand-over to the State Archive). A permanent entry ("постоянен", `years`
None) is never destroyed: it goes to the State Archive after `handover_years` (a setting).
"""

from dataclasses import dataclass
import datetime
from ratusha.core.msgids import _


DISPOSE, STATE = "dispose", "state"
CLOSING, REGISTRATION = "closing", "registration"
ARCHIVE_VALUES = (DISPOSE, STATE)
START_EVENTS = (CLOSING, REGISTRATION)
HANDOVER_YEARS = 10  # setting `handover_years`: permanent files leave for the State Archive


class PlanError(ValueError):
    """A plan entry that cannot decide a period; `.message` is a (msgid, default) pair."""

    def __init__(self, message, **mapping):
        super().__init__(message[1])
        self.message = message
        self.mapping = mapping


@dataclass(frozen=True)
class PlanEntry:
    """One line of the filing plan: for one kind of document in one kind of register."""

    key: str  # "<register kind>.<document kind>", e.g. "incoming.complaint", "case.file"
    index: str
    title: str
    years: int | None  # None: permanent (постоянен)
    archive: str = DISPOSE
    start: str = CLOSING


@dataclass(frozen=True)
class Status:
    """Where an item stands: `until` is the last day it must be kept (None: permanent, or the
    period has not started); `due` is DISPOSE or STATE once that day has passed."""

    until: datetime.date | None
    held: bool
    reason: tuple  # (msgid, default, mapping)
    may_erase: bool
    due: str | None = None
    entry: str | None = None


def check_entry(key, index, title, years, archive, start) -> PlanEntry:
    """A plan entry from what a person typed, or PlanError saying what is wrong."""
    if not (index or "").strip():
        raise PlanError(_("error_plan_index", default="The entry needs an index number."))
    if not (title or "").strip():
        raise PlanError(_("error_plan_title", default="The entry needs a title."))
    if years in ("", "permanent", "постоянен"):
        years = None
    if years is not None:
        try:
            years = int(years)
        except (TypeError, ValueError):
            years = -1
        if not 0 < years <= 200:
            raise PlanError(
                _(
                    "error_plan_years",
                    default="The period is a number of years from 1 to 200, or permanent.",
                )
            )
    if archive not in ARCHIVE_VALUES:
        raise PlanError(
            _("error_plan_archive", default="Archive value: to the State Archive or disposal.")
        )
    if years is None and archive == DISPOSE:
        raise PlanError(
            _("error_plan_permanent", default="A permanent record cannot be destroyed.")
        )
    if start not in START_EVENTS:
        raise PlanError(
            _(
                "error_plan_start",
                default="The period runs from the closing or from the registration.",
            )
        )
    return PlanEntry(key, index.strip(), title.strip(), years, archive, start)


def period_end(years, event: datetime.date | None) -> datetime.date | None:
    """The last day to keep: 31 December of the event's year + years (None if not started)."""
    if event is None or years is None:
        return None
    return datetime.date(event.year + years, 12, 31)


def status(
    entry: PlanEntry | None,
    *,
    registered: datetime.date | None,
    closed: datetime.date | None,
    held: bool,
    today: datetime.date,
    handover_years: int = HANDOVER_YEARS,
) -> Status:
    """The retention status of one document or case file on `today` (a Sofia day)."""
    if entry is None:
        return Status(
            None,
            held,
            _("retention_no_entry", default="No filing plan entry: kept until one is made.")
            + ({},),
            False,
        )
    mapping = {"index": entry.index, "title": entry.title, "years": entry.years or ""}
    event = closed if entry.start == CLOSING else registered
    if entry.years is None:
        until = period_end(handover_years, event)
        reason = _(
            "retention_permanent",
            default="Filing plan ${index} «${title}»: kept permanently; handed over to the "
            "State Archive.",
        )
    else:
        until = period_end(entry.years, event)
        reason = (
            _(
                "retention_years_closing",
                default="Filing plan ${index} «${title}»: ${years} years from the end of the year "
                "it was closed.",
            )
            if entry.start == CLOSING
            else _(
                "retention_years_registration",
                default="Filing plan ${index} «${title}»: ${years} years from the end of the year "
                "it was registered.",
            )
        )
    if event is None:
        reason = _(
            "retention_not_started",
            default="Filing plan ${index} «${title}»: the period starts when it is closed.",
        )
    if held:
        reason = _("retention_held", default="On legal hold: the retention clock is stopped.")
    ended = until is not None and today > until
    due = entry.archive if ended and not held else None
    return Status(
        until if entry.years is not None else None,
        held,
        reason + (mapping,),
        due == DISPOSE,
        due,
        entry.key,
    )
