"""Contracts and schemas of meeting rooms and meetings."""

from dataclasses import dataclass
import datetime
import email.utils
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.formwidget.recurrence.z3cform.widget import RecurrenceFieldWidget
from plone.supermodel import model
from ratusha import _
from ratusha.core.dates import sofia
from ratusha.core.linkfields import web_link
import re
from zope import schema
from zope.component import getUtility
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema import ValidationError
from zope.schema.interfaces import IContextAwareDefaultFactory


USERS = "plone.app.vocabularies.Users"
GROUPS = "plone.app.vocabularies.Groups"
SOFIA_ZONE = "Europe/Sofia"
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
FIND_ADDRESS = re.compile(r"<?([^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+)>?")


class IMeetingRoom(Interface):
    """Marker: a persistent meeting room (virtual, optionally also a physical hall)."""


class IPersonalRoom(IMeetingRoom):
    """Marker: an employee's own room ("my room") for one-to-one calls."""


class IMeeting(Interface):
    """Marker: a scheduled meeting in a room."""


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar feed or invitation (written as iCalendar by meetings.ics)."""

    uid: str
    sequence: int
    summary: str
    start: datetime.datetime
    end: datetime.datetime
    stamp: datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    organiser: Person | None = None
    attendees: tuple = ()
    cancelled: bool = False
    rrule: str = ""  # e.g. "FREQ=WEEKLY;COUNT=10" (UNTIL in UTC)
    exdates: tuple = ()  # starts of the skipped occurrences
    recurrence_id: datetime.datetime | None = None  # one occurrence of a series


class ICalendarSource(Interface):
    """A named utility that lists a user's events for the personal calendar feed.

    Meetings provide one; other capabilities (council sessions) add theirs.
    """

    def events(user_id, start, end):
        """CalendarEvent objects for the user between start and end."""


class IVideoRooms(Interface):
    """Meetings' video rooms as other capabilities use them (council sessions held by video);
    the utility is `ratusha.meetings.rooms`."""

    def create_room(title, location=None, open_to_staff=True):
        """A new shared meeting room in the meetings folder, with the lobby on."""

    def attendees(room_uid, since, until=None, now=None):
        """Who was in the room's call between the epochs `since` and `until`, from the video
        server's events (meetings.attendance.Attendee: user_id, guest, intervals, present)."""

    def call(room, request):
        """What a page needs to put the room's call on it: problem (why video cannot start, or
        None), endpoint, script_url, js_url and texts (JSON, in the request's language)."""

    def content_security_policy():
        """The header value a page with the call needs (the site's policy plus the video server)."""


def create_room(title, location=None, open_to_staff=True):
    return getUtility(IVideoRooms).create_room(title, location, open_to_staff)


def room_attendees(room_uid, since, until=None, now=None):
    return getUtility(IVideoRooms).attendees(room_uid, since, until, now)


def video_call(room, request) -> dict:
    return getUtility(IVideoRooms).call(room, request)


def video_content_security_policy() -> str:
    return getUtility(IVideoRooms).content_security_policy()


def parse_guest(line):
    """("Name", "address") from "Name <address>", "Name, address" or "address"."""
    line = (line or "").strip()
    found = FIND_ADDRESS.findall(line)
    if len(found) != 1:
        raise ValueError(line)
    address = found[0].lower()
    name, parsed = email.utils.parseaddr(line)
    if parsed.lower() != address or "," in line:
        name = FIND_ADDRESS.sub("", line)
    name = name.strip(" \t,;\"'")
    if not ADDRESS.match(address):
        raise ValueError(line)
    return name, address


def valid_guest(value):
    try:
        parse_guest(value)
    except ValueError:
        raise Invalid(
            _(
                "error_guest_address",
                default="Write a guest as a name and an e-mail address, e.g. "
                "Ana Ivanova, ana@example.org: ${value}",
                mapping={"value": value},
            )
        )
    return True


class RecurrenceInvalid(ValidationError):
    """The repetition rule cannot be used; the message says why (forms and REST show it)."""

    def doc(self):
        return self.args[0]


def valid_recurrence(value):
    from ratusha.meetings import recurrence
    from ratusha.meetings import series

    try:
        recurrence.parse(value)
    except recurrence.RecurrenceError as exc:
        raise RecurrenceInvalid(series.message(exc))
    return True


def monday():
    """The recurrence widget's first day of the week (0 is Sunday)."""
    return 1


def form_context(data):
    """Where the meeting is (or will be): edit forms and REST validate with the meeting as
    context; z3c.form add forms validate without one, so ask the published add view."""
    context = getattr(data, "__context__", None)
    if context is not None and not isinstance(context, dict):
        return context
    from zope.globalrequest import getRequest

    request = getRequest()
    published = request.get("PUBLISHED") if request is not None else None
    return getattr(published, "context", None)


@provider(IContextAwareDefaultFactory)
def default_start(context):
    import pytz

    zone = pytz.timezone(SOFIA_ZONE)
    now = datetime.datetime.now(zone).replace(minute=0, second=0, microsecond=0)
    return zone.normalize(now + datetime.timedelta(hours=1))


@provider(IContextAwareDefaultFactory)
def default_end(context):
    start = default_start(context)
    return start.tzinfo.normalize(start + datetime.timedelta(hours=1))


class IMeetingRoomSchema(model.Schema):
    """A meeting room: who hosts it, who may enter, lobby, and the hall if there is one."""

    directives.widget("owners", AjaxSelectFieldWidget, vocabulary=USERS)
    owners = schema.List(
        title=_("label_room_owners", default="Hosts"),
        description=_(
            "help_room_owners",
            default="They moderate video calls in this room and its meetings and "
            "may change the room.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    directives.widget("allowed_users", AjaxSelectFieldWidget, vocabulary=USERS)
    allowed_users = schema.List(
        title=_("label_room_users", default="Members"),
        description=_(
            "help_room_users",
            default="People who may enter the room and schedule meetings in it. "
            "A room open to the municipality lets in all staff.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    directives.widget("allowed_groups", AjaxSelectFieldWidget, vocabulary=GROUPS)
    allowed_groups = schema.List(
        title=_("label_room_groups", default="Member groups"),
        description=_("help_room_groups", default="Departments or groups whose people may enter."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    allow_guests = schema.Bool(
        title=_("label_room_guests", default="Guests by invitation"),
        description=_(
            "help_room_guests",
            default="Meetings in this room may invite people from outside by e-mail; "
            "they join with a personal link and never moderate.",
        ),
        default=True,
        required=False,
    )

    lobby = schema.Bool(
        title=_("label_room_lobby", default="Lobby"),
        description=_(
            "help_room_lobby",
            default="Guests and people who are not invited wait in a lobby until a "
            "host admits them.",
        ),
        default=False,
        required=False,
    )

    location = schema.TextLine(
        title=_("label_room_location", default="Physical room"),
        description=_(
            "help_room_location",
            default="Where the hall is, e.g. «Площад „Централен“ 1, ет. 2, зала 204». "
            "A physical room cannot be booked twice at the same time.",
        ),
        required=False,
    )

    capacity = schema.Int(
        title=_("label_room_capacity", default="Seats"),
        required=False,
        min=1,
        max=10000,
    )


class IMeetingSchema(model.Schema):
    """A meeting: when, who, what, and what remains afterwards."""

    directives.widget("start", default_timezone=SOFIA_ZONE)
    start = schema.Datetime(
        title=_("label_meeting_start", default="Starts"),
        description=_("help_meeting_times", default="Time in Sofia (EET/EEST)."),
        required=True,
        defaultFactory=default_start,
    )

    directives.widget("end", default_timezone=SOFIA_ZONE)
    end = schema.Datetime(
        title=_("label_meeting_end", default="Ends"),
        required=True,
        defaultFactory=default_end,
    )

    directives.widget(
        "recurrence",
        RecurrenceFieldWidget,
        start_field="start",
        first_day=monday,
        show_repeat_forever=False,
    )
    recurrence = schema.Text(
        title=_("label_meeting_recurrence", default="Repeats"),
        description=_(
            "help_meeting_recurrence",
            default="Optional. A weekly meeting, a daily stand-up or a monthly "
            "review: at most 200 times and two years ahead, at the same time "
            "in Sofia. Skipped dates are kept as EXDATE.",
        ),
        required=False,
        constraint=valid_recurrence,
    )

    directives.widget("organiser", AjaxSelectFieldWidget, vocabulary=USERS)
    organiser = schema.Choice(
        title=_("label_meeting_organiser", default="Organiser"),
        description=_(
            "help_meeting_organiser",
            default="Moderates the video call and sends the invitations. Empty: you.",
        ),
        vocabulary=USERS,
        required=False,
    )

    directives.widget("participants", AjaxSelectFieldWidget, vocabulary=USERS)
    participants = schema.List(
        title=_("label_meeting_participants", default="Participants"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    directives.widget("participant_groups", AjaxSelectFieldWidget, vocabulary=GROUPS)
    participant_groups = schema.List(
        title=_("label_meeting_groups", default="Participating groups"),
        description=_("help_meeting_groups", default="Everyone in these groups is invited."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    guests = schema.List(
        title=_("label_meeting_guests", default="Guests from outside"),
        description=_(
            "help_meeting_guests",
            default="One per line: name and e-mail address, e.g. Ana Ivanova, "
            "ana@example.org. Each gets a personal link that works until the "
            "meeting ends.",
        ),
        value_type=schema.TextLine(constraint=valid_guest),
        required=False,
        default=[],
    )

    agenda = RichText(
        title=_("label_meeting_agenda", default="Agenda"),
        required=False,
        allowed_mime_types=("text/html",),  # one editor, no raw MIME types to choose from
    )

    model.fieldset(
        "after",
        label=_("fieldset_after_meeting", default="After the meeting"),
        fields=["notes", "recording_url"],
    )

    notes = RichText(
        title=_("label_meeting_notes", default="Notes and minutes"),
        required=False,
        allowed_mime_types=("text/html",),
    )

    recording_url = schema.URI(
        title=_("label_meeting_recording", default="Recording"),
        description=_(
            "help_meeting_recording", default="A link to the recording, if one was made."
        ),
        required=False,
        constraint=web_link,
    )

    @invariant
    def times_and_room(data):
        from ratusha.meetings import series
        from ratusha.meetings.booking import BookingError
        from ratusha.meetings.recurrence import check
        from ratusha.meetings.recurrence import RecurrenceError
        from ratusha.meetings.scheduling import check_guests_allowed
        from ratusha.meetings.scheduling import check_room_free

        context = form_context(data)
        try:
            rule = data.recurrence
        except (AttributeError, TypeError):  # a form without the field, on a room
            rule = None
        try:
            check_guests_allowed(context, data.guests)
            if data.start is not None and data.end is not None:
                if rule and sofia(data.end) > sofia(data.start):
                    check(sofia(data.start), sofia(data.end), rule)
                check_room_free(context, data.start, data.end, rule)
        except RecurrenceError as exc:
            raise Invalid(series.message(exc))
        except BookingError as exc:
            raise Invalid(exc.args[0])
