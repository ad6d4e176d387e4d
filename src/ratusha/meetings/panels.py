"""Personal room panels: today's meetings, upcoming ones, and "my room"."""

import datetime
from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
import pytz
from ratusha import _
from ratusha.core import dates
from ratusha.core import permissions
from ratusha.core.dates import short_datetime
from ratusha.core.dates import sofia
from ratusha.meetings import booking
from ratusha.meetings import recurrence
from ratusha.meetings import series
from ratusha.meetings.scheduling import join_state
from ratusha.meetings.scheduling import meetings_of
from ratusha.meetings.scheduling import room_of
from ratusha.meetings.setup import personal_room
from ratusha.personal.interfaces import IPersonalRoomPanel
from zope.i18n import translate
from zope.interface import implementer


UPCOMING_DAYS = 14
UPCOMING_LIMIT = 8


def now():
    return datetime.datetime.now(pytz.utc)


def day_bounds(moment):
    """The Sofia day of `moment` (23 or 25 hours long when the clocks change)."""
    start, end = dates.day_bounds(sofia(moment).date())
    return sofia(start), sofia(end)


def meeting_item(meeting, request, at=None, occurrence=None):
    """One line of a panel; with `occurrence`, that date of a series (its own join window)."""
    moderator = bool(api.user.has_permission(permissions.ModerateMeeting, obj=meeting))
    state = join_state(meeting, moderator, now=at or now())
    if occurrence is not None and state != "cancelled":
        state = booking.join_window(occurrence.start, occurrence.end, at or now(), moderator)
    occurrence = occurrence or series.of(meeting)[0]
    start, end = sofia(occurrence.start), sofia(occurrence.end)
    early = booking.MODERATOR_EARLY if moderator else booking.JOIN_EARLY
    opens = sofia(start.astimezone(pytz.utc) - early)  # real minutes, even over the clock change
    room = room_of(meeting)
    return {
        "title": meeting.Title(),
        "url": meeting.absolute_url(),
        "join_url": f"{meeting.absolute_url()}/@@join",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "date": short_datetime(start).split(" ")[0],
        "room": room.Title() if room is not None else "",
        "state": api.content.get_state(meeting),
        "join_open": state == "open",
        "opens": translate(
            _("join_opens", default="from ${time}", mapping={"time": opens.strftime("%H:%M")}),
            context=request,
        ),
        "moderator": moderator,
        "recurring": series.is_recurring(meeting),
    }


def may_organise():
    return bool(api.user.has_permission(permissions.OrganiseMeeting, obj=api.portal.get()))


class MeetingsPanel:
    template = ViewPageTemplateFile("browser/templates/panel_meetings.pt")
    icon = "camera-video"

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self._items = None

    def span(self):
        raise NotImplementedError

    def meetings(self):
        """The occurrences in the span not over yet, by start (a series by its own dates)."""
        if self._items is None:
            start, end = self.span()
            user_id = api.user.get_current().getId()
            brains = meetings_of(user_id, start, end, states=("scheduled", "in_progress"))
            current = now()
            found = []
            for brain in brains[:50]:
                meeting = brain.getObject()
                coming = [
                    o
                    for o in recurrence.between(series.of(meeting), start, end)
                    if o.end > current and (o.start >= start or not self.starting_in_span)
                ]
                found += [(o.start, meeting, o) for o in coming[: self.per_series]]
            found.sort(key=lambda item: item[0])
            self._items = [
                meeting_item(meeting, self.request, current, occurrence)
                for _start, meeting, occurrence in found[: self.limit]
            ]
        return self._items

    limit = 20
    per_series = 20
    show_date = False
    # today lists what overlaps the day (a meeting still running after midnight too); upcoming
    # lists what starts in its days, so an evening meeting ending after midnight is not twice
    starting_in_span = False

    def available(self):
        return not api.user.is_anonymous() and (may_organise() or bool(self.meetings()))

    def count(self):
        return len(self.meetings())

    def items(self):
        return self.meetings()

    def render(self):
        return self.template(panel=self)


@implementer(IPersonalRoomPanel)
class TodayPanel(MeetingsPanel):
    order = 5
    title = _("panel_meetings_today", default="Today")
    empty = _("panel_meetings_today_empty", default="No more meetings today.")

    def span(self):
        start, end = day_bounds(now())
        return max(start, now()), end


@implementer(IPersonalRoomPanel)
class UpcomingPanel(MeetingsPanel):
    order = 15
    title = _("panel_meetings_upcoming", default="Upcoming meetings")
    empty = _("panel_meetings_upcoming_empty", default="Nothing scheduled for the next two weeks.")
    limit = UPCOMING_LIMIT
    per_series = 1  # a weekly meeting shows its next date, not the next two weeks of it
    show_date = True
    starting_in_span = True

    def span(self):
        _today, tomorrow = day_bounds(now())
        last = tomorrow.date() + datetime.timedelta(days=UPCOMING_DAYS - 1)
        return tomorrow, sofia(dates.day_bounds(last)[1])

    def count(self):
        return 0  # a badge for "today" is enough


@implementer(IPersonalRoomPanel)
class MyRoomPanel:
    order = 25
    title = _("panel_my_room", default="My room")
    icon = "door-open"
    template = ViewPageTemplateFile("browser/templates/panel_my_room.pt")

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def available(self):
        return not api.user.is_anonymous() and may_organise()

    def count(self):
        return 0

    def room(self):
        return personal_room(api.user.get_current().getId(), create=False)

    def room_url(self):
        room = self.room()
        if room is not None:
            return room.absolute_url()
        return f"{api.portal.get().absolute_url()}/@@my-room"

    def items(self):
        return [
            {
                "title": translate(self.title, context=self.request),
                "url": self.room_url(),
                "join_url": f"{api.portal.get().absolute_url()}/@@my-room?join=1",
            }
        ]

    def render(self):
        return self.template(panel=self)
