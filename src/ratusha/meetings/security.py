"""Who may do what in a room or meeting: local roles computed from the fields.

Hosts of a room and the organiser of a meeting get Editor (which the workflows give the
"Ratusha: Moderate meeting" permission); members and participants get Reader. Nothing is
stored as local roles, so the fields are the single truth; reindexObjectSecurity follows edits.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from ratusha.core.localroles import add_roles
from ratusha.core.localroles import FieldLocalRoles
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.interfaces import IMeetingRoom
from zope.component import adapter
from zope.interface import implementer


HOST = ("Editor", "Reader")
MEMBER = ("Reader",)


@implementer(ILocalRoleProvider)
@adapter(IMeetingRoom)
class RoomLocalRoles(FieldLocalRoles):
    def table(self):
        room = self.context
        table = {}
        add_roles(table, room.allowed_users, MEMBER)
        add_roles(table, room.allowed_groups, MEMBER)
        add_roles(table, room.owners, HOST)
        if room.personal_owner:
            add_roles(table, [room.personal_owner], HOST + ("Owner",))
        return table


@implementer(ILocalRoleProvider)
@adapter(IMeeting)
class MeetingLocalRoles(FieldLocalRoles):
    def table(self):
        meeting = self.context
        table = {}
        add_roles(table, meeting.participants, MEMBER)
        add_roles(table, meeting.participant_groups, MEMBER)
        add_roles(table, [meeting.organiser], HOST)
        return table
