"""The registry's items and where each stands: the lists of what is due and what is held.

Every registered document and case file is read (unrestricted: the list is the archivist's,
who sees the number and kind even of a confidential item). 1,000 items are read in about 3 s
(docs/registry.md); a site with hundreds of thousands would index the end of the period."""

from plone import api
from ratusha.core.dates import today
from ratusha.registry.retention import plan
from ratusha.registry.retention.status import evaluate
from ratusha.registry.retention.status import marks


TYPES = ("IncomingDocument", "OutgoingDocument", "InternalDocument", "CaseFile")


def registry_items():
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=TYPES):
        obj = brain._unrestrictedGetObject()
        if getattr(obj, "registration_number", None):
            yield obj


def line(obj, found=None, entries=None):
    """What a list shows of an item: the register's line, the plan entry, the period."""
    entries = entries if entries is not None else plan.entries()
    entry = entries.get(plan.key_of(obj))
    ended = marks(obj)
    registered = getattr(obj, "registration_date", None)
    return {
        "UID": api.content.get_uuid(obj),
        "@type": obj.portal_type,
        "number": obj.registration_number,
        "registered": registered.isoformat() if registered else None,
        "kind": plan.key_of(obj),
        "plan_index": entry.index if entry else None,
        "plan_title": entry.title if entry else None,
        "title": obj.title,
        "until": found.until.isoformat() if found and found.until else None,
        "due": found.due if found else None,
        "disposed": dict(ended["disposed"]) if ended.get("disposed") else None,
        "handed_over": dict(ended["handed_over"]) if ended.get("handed_over") else None,
    }


def finished(obj) -> bool:
    ended = marks(obj)
    return bool(ended.get("disposed") or ended.get("handed_over"))


def due(kind=None, day=None) -> list[dict]:
    """Items whose period has ended, not held, not yet destroyed or handed over; `kind` is
    "dispose" or "state" (both when None)."""
    day, entries, handover_years = day or today(), plan.entries(), plan.handover_years()
    found = []
    for obj in registry_items():
        if finished(obj):
            continue
        status = evaluate(obj, day, entries, handover_years)
        if status.due and (kind is None or status.due == kind):
            found.append(line(obj, status, entries))
    return sorted(found, key=lambda item: (item["plan_index"] or "", item["number"]))


def held() -> list[dict]:
    """Items on legal hold with who set it, when and why (the item's own hold only)."""
    entries = plan.entries()
    found = []
    for obj in registry_items():
        hold = marks(obj).get("hold")
        if hold:
            found.append(dict(line(obj, None, entries), hold=dict(hold)))
    return sorted(found, key=lambda item: item["number"])
