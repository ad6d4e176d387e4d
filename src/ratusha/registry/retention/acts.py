"""Disposal acts (акт за унищожаване) and hand-over inventories (опис) of the expert committee.

An act lists items whose period has ended; each member of the expert committee (експертна
комисия) approves it; then whoever manages retention executes it: a disposal act destroys the
items' content (destroy.py), a hand-over inventory marks them handed to the State Archive
(its ZIP: inventory.py). Each act checks, then writes, and refuses with a message and a status.

Acts are kept on the registry folder (an annotation, a BTree by number), not as content: an
act is a record of decisions that never changes once approved, read by the people on its
committee and by those who manage retention; the audit trail keeps each decision too.
"""

from BTrees.OOBTree import OOBTree
import datetime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import today
from ratusha.core.rest import InputError
from ratusha.registry.retention import destroy
from ratusha.registry.retention import listing
from ratusha.registry.retention.status import evaluate
from ratusha.registry.retention.status import marks
from zope.annotation.interfaces import IAnnotations


KEY = "ratusha.registry.retention.acts"
DISPOSAL, HANDOVER = "disposal", "handover"
KINDS = {DISPOSAL: "dispose", HANDOVER: "state"}  # act kind -> what the plan says is due
DRAFT, APPROVED, EXECUTED = "draft", "approved", "executed"
COMMITTEE_MIN = 3  # a chair and at least two members (the committee's order; a practice)
MAX_ITEMS = 5000
PERMISSION = "Ratusha: Manage retention"


def _registry():
    return api.portal.get().registry


def storage(create=False):
    annotations = IAnnotations(_registry())
    if KEY not in annotations and create:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY, OOBTree())


def _now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _me():
    return api.user.get_current().getId()


def may_manage() -> bool:
    return bool(api.user.has_permission(PERMISSION, obj=_registry()))


def serialize(act) -> dict:
    return {
        "number": act["number"],
        "kind": act["kind"],
        "state": act["state"],
        "date": act["date"],
        "created_by": act["created_by"],
        "committee": list(act["committee"]),
        "approvals": dict(act["approvals"]),
        "executed_by": act.get("executed_by"),
        "executed": act.get("executed"),
        "items": [dict(item) for item in act["items"]],
    }


def visible_acts() -> list[dict]:
    """Acts the current user may read: all for those who manage retention, else their own."""
    me, manager = _me(), may_manage()
    return [
        serialize(act)
        for act in reversed(list(storage().values()))
        if manager or me in act["committee"]
    ]


def get(number):
    """An act the current user may read, or 404."""
    try:
        act = storage().get(int(number))
    except (TypeError, ValueError):
        act = None
    if act is None or not (may_manage() or _me() in act["committee"]):
        raise InputError(_("error_no_act", default="There is no such act."), status=404)
    return act


def refuse_unless_manager():
    if not may_manage():
        raise InputError(
            _("error_retention_forbidden", default="You may not manage retention."), status=403
        )


def _committee(committee):
    if not isinstance(committee, list) or not all(isinstance(u, str) for u in committee):
        committee = []
    committee = list(dict.fromkeys(u.strip() for u in committee if u.strip()))
    unknown = [u for u in committee if api.user.get(userid=u) is None]
    if unknown:
        raise InputError(
            _(
                "error_unknown_users",
                default="Unknown users: ${names}.",
                mapping={"names": ", ".join(unknown)},
            )
        )
    if len(committee) < COMMITTEE_MIN:
        raise InputError(
            _(
                "error_committee_size",
                default="The expert committee needs a chair and at least two members "
                "(${size} people).",
                mapping={"size": COMMITTEE_MIN},
            )
        )
    return committee


def _in_open_acts():
    return {
        item["UID"]
        for act in storage().values()
        if act["state"] != EXECUTED
        for item in act["items"]
    }


def draft(kind, uids, committee) -> dict:
    """A new act listing items due for `kind`; 400 for items not due or already listed."""
    refuse_unless_manager()
    if not isinstance(kind, str) or kind not in KINDS:
        raise InputError(
            _("error_act_kind", default="The act is a disposal act or a hand-over inventory.")
        )
    if (
        not isinstance(uids, list)
        or not uids
        or len(uids) > MAX_ITEMS
        or not all(isinstance(uid, str) for uid in uids)
    ):
        raise InputError(_("error_act_items", default="Choose the items the act lists."))
    committee = _committee(committee)
    due = {item["UID"]: item for item in listing.due(KINDS[kind])}
    listed = _in_open_acts()
    wrong = [_number(uid) for uid in uids if uid not in due or uid in listed]
    if wrong:
        raise InputError(
            _(
                "error_act_not_due",
                default="Not due for this act (or on another act already): ${items}.",
                mapping={"items": ", ".join(wrong[:20])},
            )
        )
    acts = storage(create=True)
    number = (acts.maxKey() + 1) if len(acts) else 1
    act = acts[number] = PersistentMapping(
        number=number,
        kind=kind,
        state=DRAFT,
        date=today().isoformat(),
        created_by=_me(),
        committee=PersistentList(committee),
        approvals=PersistentMapping(),
        items=PersistentList(PersistentMapping(due[uid]) for uid in dict.fromkeys(uids)),
    )
    _record(act, "draft")
    return serialize(act)


def approve(number) -> dict:
    """A committee member approves; the act is approved when all of them have."""
    act = get(number)
    me = _me()
    if me not in act["committee"]:
        raise InputError(
            _("error_not_committee", default="Only the committee's members approve the act."),
            status=403,
        )
    if act["state"] != DRAFT:
        raise InputError(_("error_act_state", default="The act is not a draft."), status=409)
    if me in act["approvals"]:
        raise InputError(
            _("error_act_approved", default="You have approved the act already."), status=409
        )
    act["approvals"][me] = _now()
    if set(act["approvals"]) >= set(act["committee"]):
        act["state"] = APPROVED
    _record(act, "approve")
    return serialize(act)


def execute(number) -> dict:
    """Destroy the items of an approved disposal act, or mark an inventory's items handed over.

    Every item is checked again: a legal hold set since the approval refuses the act (409)."""
    refuse_unless_manager()
    act = get(number)
    if act["state"] != APPROVED:
        raise InputError(
            _("error_act_not_approved", default="The committee has not approved the act."),
            status=409,
        )
    objects = [find_item(item["UID"]) for item in act["items"]]
    stopped = [
        item["number"]
        for item, obj in zip(act["items"], objects, strict=True)
        if obj is not None and evaluate(obj).due != KINDS[act["kind"]]
    ]
    if stopped:
        raise InputError(
            _(
                "error_act_stopped",
                default="Held or no longer due since the approval: ${items}.",
                mapping={"items": ", ".join(stopped)},
            ),
            status=409,
        )
    mark = {"act": act["number"], "at": _now(), "by": _me()}
    for obj in objects:
        if obj is None:
            continue
        if act["kind"] == DISPOSAL:
            with api.env.adopt_roles(["Manager"]):  # the act is checked; not each reader's
                destroy.destroy(obj, act["number"])
        marks(obj, create=True)["disposed" if act["kind"] == DISPOSAL else "handed_over"] = (
            PersistentMapping(mark)
        )
        obj.reindexObject()
    act["state"], act["executed_by"], act["executed"] = EXECUTED, mark["by"], mark["at"]
    _record(act, "execute")
    return serialize(act)


def _number(uid):
    """How a refusal names an item: its registration number (a UID if there is no such)."""
    found = find_item(uid) if isinstance(uid, str) else None
    return getattr(found, "registration_number", None) or str(uid)


def find_item(uid):
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


AUDIT_ACTIONS = {
    (DISPOSAL, "draft"): "registry.disposal-draft",
    (DISPOSAL, "approve"): "registry.disposal-approve",
    (DISPOSAL, "execute"): "registry.disposal",
    (HANDOVER, "draft"): "registry.handover-draft",
    (HANDOVER, "approve"): "registry.handover-approve",
    (HANDOVER, "execute"): "registry.handover",
}


def _record(act, step):
    """What the audit trail keeps of an act: what was listed, by whose decision; no titles
    (a subject may name a citizen)."""
    record(AUDIT_ACTIONS[act["kind"], step], details=_summary(act))


def _summary(act) -> dict:
    return {
        "act": act["number"],
        "kind": act["kind"],
        "state": act["state"],
        "committee": list(act["committee"]),
        "approvals": dict(act["approvals"]),
        "items": [
            {
                "uid": item["UID"],
                "number": item["number"],
                "registered": item["registered"],
                "kind": item["kind"],
                "plan_index": item["plan_index"],
            }
            for item in act["items"]
        ],
    }
