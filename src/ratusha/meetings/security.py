"""Who may do what in a room or meeting: local roles computed from the fields.

Hosts of a room and the organiser of a meeting get Editor (which the workflows give the
"Ratusha: Moderate meeting" permission); members and participants get Reader. Nothing is
stored as local roles, so the fields are the single truth; reindexObjectSecurity follows edits.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.interfaces import IMeetingRoom

HOST = ("Editor", "Reader")
MEMBER = ("Reader",)


def _add(table, principals, roles):
    for principal in principals or ():
        if principal:
            table.setdefault(principal, set()).update(roles)


class FieldLocalRoles:
    def __init__(self, context):
        self.context = context

    def table(self) -> dict:
        raise NotImplementedError

    def getRoles(self, principal_id):
        return tuple(sorted(self.table().get(principal_id, ())))

    def getAllRoles(self):
        for principal, roles in self.table().items():
            yield principal, tuple(sorted(roles))


@implementer(ILocalRoleProvider)
@adapter(IMeetingRoom)
class RoomLocalRoles(FieldLocalRoles):
    def table(self):
        room = self.context
        table = {}
        _add(table, room.allowed_users, MEMBER)
        _add(table, room.allowed_groups, MEMBER)
        _add(table, room.owners, HOST)
        if room.personal_owner:
            _add(table, [room.personal_owner], HOST + ("Owner",))
        return table


@implementer(ILocalRoleProvider)
@adapter(IMeeting)
class MeetingLocalRoles(FieldLocalRoles):
    def table(self):
        meeting = self.context
        table = {}
        _add(table, meeting.participants, MEMBER)
        _add(table, meeting.participant_groups, MEMBER)
        _add(table, [meeting.organiser], HOST)
        return table
