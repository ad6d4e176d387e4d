"""The council's and committees' meeting rooms (the meetings capability's rooms and calls).

The council's room has the chair and the council staff as hosts (moderators of the video
call) and the councillors as members (they skip the lobby); everyone else who may enter
waits in the lobby. A committee's room has its chair and secretary as hosts and its members
as members. What the council put on a room is remembered, so a change of chair replaces the
old one without touching hosts someone added by hand.
"""

from plone import api
from plone.app.uuid.utils import uuidToObject
from ratusha import _
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import staff_ids
from ratusha.meetings.interfaces import create_room
from zope.i18n import translate


MANAGED = "_ratusha_council_managed"


def _merge(current, previous, wanted):
    kept = [p for p in (current or ()) if p not in set(previous or ())]
    return list(dict.fromkeys(kept + [p for p in wanted if p]))


def sync_room(room, owners, members):
    """Put the wanted hosts and members on the room, replacing only what we put there."""
    managed = getattr(room, MANAGED, None) or {}
    new_owners = _merge(room.owners, managed.get("owners"), owners)
    new_members = _merge(room.allowed_users, managed.get("members"), members)
    changed = (
        new_owners != list(room.owners or ())
        or new_members != list(room.allowed_users or ())
        or not room.lobby
    )
    setattr(room, MANAGED, {"owners": list(owners), "members": list(members)})
    if changed:
        room.owners, room.allowed_users, room.lobby = new_owners, new_members, True
        room.reindexObject()
        room.reindexObjectSecurity()
    return changed


def _title(msgid):
    return translate(msgid, target_language=api.portal.get_default_language())


def room(uid):
    return uuidToObject(uid, unrestricted=True) if uid else None


def ensure_council_room(council):
    """The council's hall and video room, made on first need and kept in step."""
    found = room(council.video_room)
    if found is None:
        found = create_room(
            _title(
                _(
                    "council_room_title",
                    default="Hall of ${council}",
                    mapping={"council": council.Title()},
                )
            )
        )
        council.video_room = found.UID()
    owners = [council.chair] + staff_ids(council)
    with api.env.adopt_roles(["Manager"]):
        sync_room(found, [o for o in owners if o], councillor_ids(council))
    return found


def ensure_committee_room(committee):
    found = room(committee.room)
    if found is None:
        found = create_room(committee.Title(), open_to_staff=False)
        committee.room = found.UID()
    owners = [committee.chair, committee.secretary]
    with api.env.adopt_roles(["Manager"]):
        sync_room(found, [o for o in owners if o], list(committee.members or ()))
    return found
