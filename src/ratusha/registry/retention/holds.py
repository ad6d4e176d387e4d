"""Legal holds (a court case, an inspection, a request under way): they stop the clock.

A hold on a case file holds its documents. Who set it, when and why stays on the item (its
retention marks), lifted holds too; the audit trail records the act with the number, not the
reason, which may name people (as the registry keeps comments out of the audit details)."""

import datetime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.rest import InputError
from ratusha.registry.retention import plan
from ratusha.registry.retention.status import marks


MAX_REASON = 2000


def _now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _details(obj):
    return {"number": getattr(obj, "registration_number", None), "kind": plan.key_of(obj)}


def set_hold(obj, reason):
    """Put the item on legal hold; 409 if it already is, 400 without a reason."""
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason or len(reason) > MAX_REASON:
        raise InputError(
            _(
                "error_hold_reason",
                default="Say why the item is held (up to ${size} characters).",
                mapping={"size": MAX_REASON},
            )
        )
    found = marks(obj, create=True)
    if found.get("hold"):
        raise InputError(
            _("error_hold_exists", default="The item is already on legal hold."), status=409
        )
    if found.get("disposed"):
        raise InputError(
            _("error_hold_destroyed", default="The item has been destroyed."), status=409
        )
    hold = PersistentMapping(
        by=api.user.get_current().getId(), at=_now(), reason=reason, lifted=None
    )
    found["hold"] = hold
    obj.reindexObject(idxs=["modified"])
    record("registry.hold", obj, details=_details(obj))
    return dict(hold)


def lift_hold(obj):
    """End the hold: the clock runs again (from the same event); the hold stays in history."""
    found = marks(obj)
    hold = found.get("hold") if found else None
    if not hold:
        raise InputError(_("error_hold_none", default="The item is not on legal hold."), status=409)
    hold["lifted"] = {"by": api.user.get_current().getId(), "at": _now()}
    found.setdefault("past_holds", PersistentList()).append(hold)
    found["hold"] = None
    record("registry.hold-lifted", obj, details=_details(obj))
    return dict(hold)
