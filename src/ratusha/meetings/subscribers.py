"""Reactions to rooms and meetings being created, edited and moved through their workflow."""

from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.app.workflow.interfaces import ILocalrolesModifiedEvent
from plone.uuid.interfaces import IUUID
from ratusha.audit.interfaces import record
from ratusha.core.dates import sofia
from ratusha.meetings import mail
from ratusha.meetings.scheduling import room_of
import transaction


ROOM_FIELDS = (
    "owners",
    "allowed_users",
    "allowed_groups",
    "allow_guests",
    "lobby",
    "location",
    "capacity",
)


def _normalise_times(meeting):
    for name in ("start", "end"):
        value = getattr(meeting, name, None)
        if value is not None:
            setattr(meeting, name, sofia(value))
    rule = getattr(meeting, "recurrence", None)
    if rule is not None and not rule.strip():
        meeting.recurrence = None


def _changed_fields(event):
    return sorted(
        {
            name.split(".")[-1]
            for description in getattr(event, "descriptions", ())
            for name in getattr(description, "attributes", ())
        }
    )


def room_added(room, event):
    if event.newParent is None:
        return
    record(
        "meetings.room-created",
        room,
        details={
            "physical": room.is_physical(),
            "lobby": bool(room.lobby),
            "personal": bool(room.personal_owner),
        },
    )


def room_modified(room, event):
    if ILocalrolesModifiedEvent.providedBy(event):
        return
    room.reindexObjectSecurity()  # hosts and members decide the local roles
    fields = [f for f in _changed_fields(event) if f in ROOM_FIELDS or f in ("title",)]
    record("meetings.room-changed", room, details={"fields": fields})


_PENDING = object()  # key of the meetings whose invitations go out when the act commits


def _at_commit(uid, new):
    meeting = uuidToObject(uid, unrestricted=True)
    if meeting is None:  # removed again in the same act
        return
    if new:
        room = room_of(meeting)
        record(
            "meetings.meeting-scheduled",
            meeting,
            details={
                "start": sofia(meeting.start).isoformat(),
                "end": sofia(meeting.end).isoformat(),
                "room": "/".join(room.getPhysicalPath()) if room is not None else None,
                "participants": len(meeting.participants or ()),
                "groups": len(meeting.participant_groups or ()),
                "guests": len(meeting.guests or ()),
                "recurrence": getattr(meeting, "recurrence", None) or None,
            },
        )
    mail.sync(meeting, cancelled=api.content.get_state(meeting, default=None) == "cancelled")


def _invite_on_commit(meeting, new=False):
    """Invitations follow the meeting's final state in this act (and its final address: a
    new item is renamed from its title after it was added)."""
    txn = transaction.get()
    try:
        pending = txn.data(_PENDING)
    except KeyError:
        pending = {}
        txn.set_data(_PENDING, pending)
    uid = IUUID(meeting)
    if uid in pending:
        pending[uid]["new"] = pending[uid]["new"] or new
        return
    pending[uid] = {"new": new}
    txn.addBeforeCommitHook(lambda: _at_commit(uid, pending[uid]["new"]))


def meeting_added(meeting, event):
    if event.newParent is None:
        return
    _normalise_times(meeting)
    if not meeting.organiser:
        meeting.organiser = api.user.get_current().getId()
    meeting.reindexObject()
    _invite_on_commit(meeting, new=True)


def meeting_modified(meeting, event):
    if ILocalrolesModifiedEvent.providedBy(event):
        return
    _normalise_times(meeting)
    meeting.reindexObject()
    meeting.reindexObjectSecurity()
    if api.content.get_state(meeting, default=None) == "cancelled":
        return
    before = getattr(meeting, mail.SNAPSHOT, None) or {}
    after = mail.snapshot(meeting)
    changed = sorted(k for k in after if before.get(k) != after[k]) if before else []
    record(
        "meetings.meeting-changed",
        meeting,
        details={"fields": _changed_fields(event), "invitation": changed},
    )
    _invite_on_commit(meeting)


def meeting_transitioned(meeting, event):
    if event.transition is None:
        return
    action = event.transition.getId()
    if action == "reschedule":
        meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
    if action in ("cancel", "reschedule"):
        _invite_on_commit(meeting)
