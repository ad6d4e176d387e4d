"""Reactions to the council's content being made, edited and moved through its workflows.

After convening, every change of the agenda (items, their fields, materials, their state) is
kept on the session (who, when, what) and on the audit trail; an item added while the session
is open is marked as needing the council's vote (part 2 holds the vote).
"""

from Acquisition import aq_parent
import contextvars
import datetime
from plone import api
from plone.app.workflow.interfaces import ILocalrolesModifiedEvent
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import sofia
from ratusha.council import composition
from ratusha.council import lifecycle
from ratusha.council import opinions
from ratusha.council import rooms
from ratusha.council.councils import agenda
from ratusha.council.councils import AGENDA_ITEM
from ratusha.council.councils import committee_by_uid
from ratusha.council.councils import committee_people
from ratusha.council.councils import composition_now
from ratusha.council.councils import council_of
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import item_of
from ratusha.council.councils import SESSION
from ratusha.council.councils import session_of
from ratusha.council.councils import staff_ids
from ratusha.council.interfaces import IAgendaItem
from ratusha.council.interfaces import ISession
from ratusha.council.schemas import next_number
from ratusha.notifications.interfaces import notify
from zope.container.interfaces import IContainerModifiedEvent
from zope.i18n import translate


# set while convening publishes the agenda: that publication is the convening, not a change
CONVENING = contextvars.ContextVar("ratusha_council_convening", default=False)
UTC = datetime.UTC


def _ignored(event):
    """Sharing changes and "something was added inside" are not edits of the object itself."""
    return ILocalrolesModifiedEvent.providedBy(event) or IContainerModifiedEvent.providedBy(event)


def _fields(event):
    return sorted(
        {
            name.split(".")[-1]
            for description in getattr(event, "descriptions", ())
            for name in getattr(description, "attributes", ())
        }
    )


def record_change(session, action, obj, details=None):
    """Keep a change of the agenda made after convening (who, when, what)."""
    if session is None:
        return None
    state = api.content.get_state(session, default=None)
    if state in (None, "draft"):
        return None
    if CONVENING.get():
        return None
    entry = {
        "at": datetime.datetime.now(UTC).isoformat(),
        "actor": api.user.get_current().getId(),
        "action": action,
        "uid": obj.UID(),
        "title": obj.Title(),
        "session_state": state,
    }
    entry.update(details or {})
    if action == "item-added" and state == "open":
        entry["needs_vote"] = True
    session.agenda_changes = tuple(session.agenda_changes or ()) + (entry,)
    record(
        "council.agenda-changed",
        obj,
        details={k: v for k, v in entry.items() if k not in ("title", "at", "actor")},
    )
    return entry


# councils and committees


def council_changed(council, event):
    if _ignored(event):
        return
    if getattr(event, "newParent", "") is None:  # removed
        return
    if council.video_room or council.chair or council.staff or council.councillors:
        rooms.ensure_council_room(council)
    council.reindexObjectSecurity()
    record("council.council-changed", council, details={"fields": _fields(event)})
    composition_changed(council)


def composition_changed(council):
    """Audit a change of the seats or of the named councillors (from the next session on)."""
    now = composition_now(council)
    before = getattr(council, "composition_recorded", None)
    found = composition.difference(before, now.seats, now.named)
    if not found:
        return
    council.composition_recorded = (now.seats, now.named)
    record("council.composition-changed", council, details=found)


def published_on_add(obj, event):
    """Committees and political groups are public facts about the council."""
    if (
        event.oldParent is None
        and event.newParent is not None
        and api.content.get_state(obj, default=None) == "private"
    ):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=obj, to_state="published")


def committee_changed(committee, event):
    if _ignored(event):
        return
    if getattr(event, "newParent", "") is None:
        return
    if getattr(event, "oldParent", "") is None:
        published_on_add(committee, event)
    rooms.ensure_committee_room(committee)
    for opinion in opinions.find(committee_uids={committee.UID()}, unrestricted=True):
        opinion.reindexObjectSecurity()
    record("council.committee-changed", committee, details={"fields": _fields(event)})


# sessions


def numbered(obj, portal_type):
    """A new session or item without a number gets the next one in its container."""
    if not obj.__dict__.get("number"):
        obj.number = next_number(aq_parent(obj), portal_type)


def session_saved(session, event):
    if _ignored(event):
        return
    numbered(session, SESSION)
    for name in ("start", "end"):
        value = getattr(session, name, None)
        if value is not None:
            setattr(session, name, sofia(value))
    council = council_of(session)
    if session.has_video() and not session.video_room and council is not None:
        session.video_room = rooms.ensure_council_room(council).UID()
    session.reindexObject()
    fields = _fields(event)
    if fields:
        record_change(session, "session-changed", session, {"fields": fields})


def _convened(session):
    token = CONVENING.set(True)
    try:
        published = lifecycle.publish_items(session)
    finally:
        CONVENING.reset(token)
    session.published_on = datetime.datetime.now(UTC)
    session.convened_by = api.user.get_current().getId()
    session.convened_for = session.start
    council = council_of(session)
    asked = {uid for item in agenda(session) for uid in (item.committees or ())}
    people = set(councillor_ids(council)) | set(staff_ids(council))
    for uid in asked:
        committee = committee_by_uid(uid)
        if committee is not None:
            people |= set(committee_people(committee))
    start = sofia(session.start)
    language = api.portal.get_default_language()
    notify(
        sorted(people),
        "council.convened",
        _(
            "notice_session_convened",
            default="Session convened: ${title}, ${date}",
            mapping={"title": session.Title(), "date": start.strftime("%d.%m.%Y %H:%M")},
        ),
        "\n".join(
            [translate(_("notice_session_agenda", default="Agenda:"), target_language=language)]
            + [f"{item.number}. {item.Title()}" for item in agenda(session)]
        ),
        session.absolute_url(),
    )
    return {
        "items": len(published),
        "notified": len(people),
        "published_on": session.published_on.isoformat(),
    }


def _opened(session, now):
    """Record when the session actually opened (and why on another day) and freeze the
    composition its quorum and majorities count from."""
    verdict = lifecycle.opening_verdict(session, now)
    session.opened_at = now
    session.opening_reason = verdict.reason or None
    frozen = composition_now(council_of(session))
    session.composition = frozen.to_dict()
    return {
        "convened_for": verdict.convened.isoformat(),
        "opened_on": verdict.day.isoformat(),
        "opening": verdict.code,
        "reason": verdict.reason,
        "seats": frozen.seats,
        "councillors": list(frozen.councillors),
    }


def session_transitioned(session, event):
    if event.transition is None:
        return
    action = event.transition.getId()
    details = {"from": event.old_state.getId(), "to": event.new_state.getId()}
    now = datetime.datetime.now(UTC)
    if action == "convene":
        details.update(_convened(session))
    elif action == "open":
        details.update(_opened(session, now))
        if not session.current_item:
            first = next(
                (i for i in agenda(session) if api.content.get_state(i, default=None) != "draft"),
                None,
            )
            session.current_item = first.UID() if first is not None else None
    elif action == "close":
        session.closed_at = now
    session.reindexObject()
    record(f"council.session-{action.replace('_', '-')}", session, details=details)


# agenda items and their materials


def item_added(item, event):
    if event.oldParent is not None or event.newParent is None:
        return
    numbered(item, AGENDA_ITEM)
    opinions.sync_opinions(item)
    record_change(session_of(item), "item-added", item)


def item_modified(item, event):
    if _ignored(event):
        return
    opinions.sync_opinions(item)
    record_change(session_of(item), "item-changed", item, {"fields": _fields(event)})


def item_removed(item, event):
    if event.newParent is not None:
        return
    parent = event.oldParent
    if ISession.providedBy(parent):
        record_change(parent, "item-removed", item)


def item_transitioned(item, event):
    if event.transition is None:
        return
    record_change(
        session_of(item),
        f"item-{event.transition.getId().replace('_', '-')}",
        item,
        {"to": event.new_state.getId()},
    )


def _material_change(obj, parent, action):
    if not IAgendaItem.providedBy(parent):
        return
    blob = getattr(obj, "file", None)
    record_change(
        session_of(parent),
        action,
        obj,
        {"item": parent.UID(), "file": getattr(blob, "filename", None)},
    )


def material_added(obj, event):
    if event.oldParent is None and event.newParent is not None:
        _material_change(obj, event.newParent, "material-added")


def material_modified(obj, event):
    if not _ignored(event):
        _material_change(obj, aq_parent(obj), "material-changed")


def material_removed(obj, event):
    if event.newParent is None and event.oldParent is not None:
        _material_change(obj, event.oldParent, "material-removed")


def opinion_modified(opinion, event):
    if _ignored(event):
        return
    opinions.mark_given(opinion)
    item = item_of(opinion)
    if item is not None:
        record_change(
            session_of(item),
            "opinion-changed",
            opinion,
            {"item": item.UID(), "verdict": opinion.verdict},
        )
