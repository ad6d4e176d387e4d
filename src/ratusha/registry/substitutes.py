"""Substitutes (заместници): who acts for an absent approver or signatory, for a date range.

Kept in one persistent list on the site root, changed only by the approver concerned or a
manager; read on every approval check, so the list stays small (absences, not history).
"""

import datetime
from persistent.list import PersistentList
from plone import api
from ratusha.core.localroles import forget_cached_roles
from ratusha.registry.chain import Substitution
from zope.annotation.interfaces import IAnnotations


KEY = "ratusha.registry.substitutions"


def _storage(create=False, portal=None):
    portal = portal if portal is not None else api.portal.get()
    annotations = IAnnotations(portal)
    if KEY not in annotations and create:
        annotations[KEY] = PersistentList()
    return annotations.get(KEY, ())


def all_substitutions(portal=None) -> list[Substitution]:
    return [
        Substitution(
            item["approver"],
            item["substitute"],
            datetime.date.fromisoformat(item["start"]),
            datetime.date.fromisoformat(item["end"]),
        )
        for item in _storage(portal=portal)
    ]


def add(approver, substitute, start, end) -> Substitution:
    if end < start:
        raise ValueError("end before start")
    _storage(create=True).append(
        {
            "approver": approver,
            "substitute": substitute,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
    )
    refresh(approver)
    return Substitution(approver, substitute, start, end)


def remove(approver, substitute, start) -> bool:
    storage = _storage()
    for index, item in enumerate(list(storage)):
        if (item["approver"], item["substitute"], item["start"]) == (
            approver,
            substitute,
            start.isoformat(),
        ):
            del storage[index]
            refresh(approver)
            return True
    return False


def refresh(approver=None):
    """Documents waiting for `approver` (or for anybody with a substitute) get their readers
    recomputed, so a substitute finds them from the first day of the absence and loses them
    after the last (the daily clock calls this without an approver)."""
    if approver is None:
        approvers = sorted({item["approver"] for item in _storage()})
    else:
        approvers = [approver]
    if not approvers:
        return 0
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(
        review_state="in_approval", registry_approver=approvers
    ):
        obj = brain._unrestrictedGetObject()
        obj.reindexObjectSecurity()
        forget_cached_roles(obj)
        count += 1
    return count


def serialize(item: Substitution) -> dict:
    return {
        "approver": item.approver,
        "substitute": item.substitute,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
    }
