"""Content classes: meeting rooms (persistent, optionally a physical hall) and meetings."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from plone.dexterity.content import Container
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.interfaces import IMeetingRoom
from zope.interface import implementer


ROOM = "MeetingRoom"
MEETING = "Meeting"


@implementer(IMeetingRoom)
class MeetingRoom(Container):
    """A room: hosts, members, lobby, and a hall (location, seats) if it is a physical one."""

    # schema fields get their defaults from the schema (Dexterity); this one is not a field
    personal_owner = None  # the employee whose "my room" this is

    def is_physical(self) -> bool:
        return bool((self.location or "").strip())


@implementer(IMeeting)
class Meeting(Container):
    """A meeting in a room; holds its materials (files, pages, links)."""

    ics_sequence = 0  # the invitations' SEQUENCE (schema fields default through Dexterity)

    security = ClassSecurityInfo()

    def organiser_id(self) -> str:
        return self.organiser or self.Creator() or ""

    # Guard of the workflow's "reschedule" (TALES calls it). No docstring: not published.
    @security.public
    def room_is_free(self):
        from ratusha.meetings.booking import BookingError
        from ratusha.meetings.scheduling import check_room_free

        try:
            check_room_free(self, self.start, self.end, self.recurrence)
        except BookingError:
            return False
        return True


InitializeClass(Meeting)
