"""The four worklists of the registry, as catalog queries for the current user.

Each is one catalog query on the registry's own indexes; the catalog's security filter keeps out
whatever the user may not see, so a worklist never lists a document its owner cannot open.
"""

import datetime
from plone import api
from ratusha import _
from ratusha.registry import chain
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.content import APPROVABLE_TYPES
from ratusha.registry.content import TASK
from ratusha.registry.deadlines import status as deadline_status
from ratusha.registry.substitutes import all_substitutions


NAMES = ("for-approval", "assigned", "overdue", "drafts")
TITLES = {
    "for-approval": _("worklist_for_approval", default="For my approval"),
    "assigned": _("worklist_assigned", default="Assigned to me"),
    "overdue": _("worklist_overdue", default="Overdue"),
    "drafts": _("worklist_drafts", default="My drafts"),
}
OPEN_TASKS = ("assigned", "in_progress")
LIMIT = 50


def query(name, user_id=None, day=None):
    user_id = user_id or api.user.get_current().getId()
    day = day or today()
    if name == "for-approval":
        people = [user_id] + chain.absent_for(all_substitutions(), user_id, day)
        return {
            "portal_type": list(APPROVABLE_TYPES),
            "review_state": "in_approval",
            "registry_approver": people,
            "sort_on": "modified",
            "sort_order": "ascending",
        }
    if name == "assigned":
        return {
            "portal_type": TASK,
            "review_state": list(OPEN_TASKS),
            "registry_people": user_id,
            "sort_on": "registry_deadline",
        }
    if name == "overdue":
        return {
            "portal_type": TASK,
            "review_state": list(OPEN_TASKS),
            "registry_deadline": {
                "query": (day - datetime.timedelta(days=1)).isoformat(),
                "range": "max",
            },
            "sort_on": "registry_deadline",
        }
    if name == "drafts":
        return {
            "portal_type": list(APPROVABLE_TYPES),
            "review_state": "draft",
            "Creator": user_id,
            "sort_on": "modified",
            "sort_order": "descending",
        }
    raise KeyError(name)


def brains(name, user_id=None, day=None):
    user_id = user_id or api.user.get_current().getId()
    catalog = api.portal.get_tool("portal_catalog")
    if name != "overdue":
        return catalog(**query(name, user_id, day))
    # mine, or controlled by me (the tasks of my resolutions): one catalog query each
    found = {}
    for field in ("registry_people", "registry_controller"):
        for brain in catalog(**dict(query(name, user_id, day), **{field: user_id})):
            found.setdefault(brain.getPath(), brain)
    return sorted(found.values(), key=lambda b: b.registry_deadline or "")


def count(name, user_id=None):
    if name == "overdue":
        return len(items(name, user_id, limit=None))
    return len(brains(name, user_id))


def items(name, user_id=None, limit=LIMIT):
    if name != "overdue":
        return _rows(name, user_id, limit)
    return per_document(_rows(name, user_id))[:limit]


def per_document(rows):
    """One row per document: a resolution's tasks late together are one thing to chase, so
    the row names every late executor (and keeps the earliest deadline, as rows come sorted)."""
    merged = {}
    for row in rows:
        first = merged.setdefault(row["url"], dict(row, executors=[], tasks=[]))
        first["executors"] += [p for p in row["executors"] if p not in first["executors"]]
        first["tasks"].append(row["@id"])
    return list(merged.values())


def _rows(name, user_id=None, limit=None):
    day = today()
    work = work_calendar()
    result = []
    for brain in brains(name, user_id, day)[:limit]:
        deadline = brain.registry_deadline
        if deadline:
            state = deadline_status(datetime.date.fromisoformat(deadline), day, work)
        else:
            state = "none"
        url = brain.getURL()
        title = brain.Title
        if brain.portal_type == TASK and brain.registry_number:
            title = f"{brain.registry_number} {title}"
        if brain.portal_type == TASK:
            # a task is read on its document: two levels up (document/resolution/task)
            url = url.rsplit("/", 2)[0]
        result.append(
            {
                "title": title,
                "url": url,
                "@id": brain.getURL(),
                "UID": brain.UID,
                "@type": brain.portal_type,
                "number": brain.registry_number,
                "review_state": brain.review_state,
                "deadline": deadline,
                "deadline_status": state,
                "executors": list(brain.registry_people or ()) if brain.portal_type == TASK else [],
                "modified": brain.modified.ISO8601() if brain.modified else None,
            }
        )
    return result
