"""The retention status of a document or case file (the IRetention utility).

What retention writes on an item is kept in one annotation (`marks`): the legal hold (who,
when, why), and the end of the item: destroyed by a disposal act or handed over to the State
Archive with an inventory. Items without marks need nothing stored (no migration)."""

from dataclasses import replace
import datetime
from persistent.mapping import PersistentMapping
from plone import api
from ratusha import _
from ratusha.core.dates import SOFIA
from ratusha.core.dates import today
from ratusha.registry.interfaces import IRetention
from ratusha.registry.retention import plan
from ratusha.registry.retention import rules
from zope.annotation.interfaces import IAnnotations
from zope.interface import moduleProvides


moduleProvides(IRetention)  # registered as the IRetention utility in configure.zcml

KEY = "ratusha.registry.retention"
CASE_FILE = "CaseFile"
# the states after which nothing more happens to a document (its "closing")
FINAL_STATES = {
    "closed",
    "returned",
    "left_without_consideration",
    "cancelled",
    "dispatched",
    "archived",
}


def marks(obj, create=False):
    annotations = IAnnotations(obj)
    if KEY not in annotations and create:
        annotations[KEY] = PersistentMapping()
    return annotations.get(KEY, {})


def case_file_of(obj):
    """The case file decides a document's clock, even for a reader who cannot see it."""
    uid = getattr(obj, "case_file", None)
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def closed_on(obj) -> datetime.date | None:
    """The Sofia day an item entered its final state (case files: closed), if it is there."""
    history = getattr(obj, "workflow_history", {}) or {}
    finals = {"closed"} if obj.portal_type == CASE_FILE else FINAL_STATES
    for entries in history.values():
        if entries and entries[-1].get("review_state") in finals:
            return entries[-1]["time"].asdatetime().astimezone(SOFIA).date()
    return None


def hold_of(obj):
    """The legal hold on the item or on its case file, or None."""
    own = marks(obj).get("hold")
    if own:
        return own
    case = case_file_of(obj) if obj.portal_type != CASE_FILE else None
    return marks(case).get("hold") if case is not None else None


def evaluate(obj, day=None, entries=None, handover_years=None) -> rules.Status:
    """The pure rule's status of the item on `day` (default: today in Sofia); a list passes
    the plan's `entries` and `handover_years`, read once for all its items."""
    entry = entries.get(plan.key_of(obj)) if entries is not None else plan.entry_for(obj)
    case = case_file_of(obj) if obj.portal_type != CASE_FILE else None
    closed = closed_on(case) if case is not None else closed_on(obj)
    return rules.status(
        entry,
        registered=getattr(obj, "registration_date", None),
        closed=closed,
        held=hold_of(obj) is not None,
        today=day or today(),
        handover_years=handover_years or plan.handover_years(),
    )


def message(reason):
    msgid, default, mapping = reason
    return _(msgid, default=default, mapping=mapping)


def retention_status(obj):
    """See ratusha.registry.interfaces.retention_status; `reason` is a Message here."""
    found = evaluate(obj)
    ended = marks(obj).get("disposed")
    if ended:
        reason = _(
            "retention_destroyed",
            default="Destroyed with disposal act № ${act}.",
            mapping={"act": ended["act"]},
        )
        return replace(found, until=None, may_erase=False, due=None, reason=reason)
    return replace(found, reason=message(found.reason))
