"""One-to-one calls: a meeting in the organiser's personal room with one colleague."""

import datetime
import dateutil.parser
from plone import api
import pytz
from ratusha import _
from ratusha.core.dates import sofia
from ratusha.core.naming import create_named
from ratusha.core.rest import InputError
from ratusha.meetings.booking import BookingError
from ratusha.meetings.content import MEETING
from ratusha.meetings.scheduling import check_room_free
from ratusha.meetings.setup import personal_room
from zope.i18n import translate


DEFAULT_MINUTES = 30


def parse_request(data):
    participant = data.get("participant")
    if not isinstance(participant, str) or api.user.get(userid=participant) is None:
        raise InputError(_("error_one_to_one_person", default="Choose a colleague to call."))
    start = data.get("start")
    if start in (None, ""):
        start = datetime.datetime.now(pytz.utc)
    else:
        try:
            start = dateutil.parser.isoparse(start)
        except (TypeError, ValueError):
            raise InputError(_("error_one_to_one_start", default="Give the start as an ISO time."))
    minutes = data.get("minutes", DEFAULT_MINUTES)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 5 <= minutes <= 480:
        raise InputError(
            _("error_one_to_one_minutes", default="A call lasts from 5 to 480 minutes.")
        )
    return participant, sofia(start), minutes


def one_to_one(participant, start, minutes):
    organiser = api.user.get_current().getId()
    if participant == organiser:
        raise InputError(_("error_one_to_one_self", default="Choose someone other than yourself."))
    room = personal_room(organiser, create=True)
    if room is None:
        raise InputError(_("error_no_personal_room", default="You have no personal room."), 409)
    end = start + datetime.timedelta(minutes=minutes)
    try:
        check_room_free(room, start, end)
    except BookingError as exc:
        raise InputError(exc.args[0])
    other = api.user.get(userid=participant)
    name = other.getProperty("fullname", "") or participant
    title = translate(
        _("one_to_one_title", default="Call with ${name}", mapping={"name": name}),
        target_language=api.portal.get_default_language(),
    )
    return create_named(
        room, MEETING, title, start=start, end=end, organiser=organiser, participants=[participant]
    )
