"""iCalendar (RFC 5545/5546) for invitations and calendar feeds, built with `icalendar`.

An invitation is METHOD:REQUEST with the meeting's stable UID and a SEQUENCE that grows with
every change; a cancellation is METHOD:CANCEL with the same UID and a higher SEQUENCE. Every
time is written in Europe/Sofia with its VTIMEZONE (DTSTAMP and UNTIL in UTC, as RFC 5545 wants):
the file reads as the municipality's clock, and a client expanding a weekly 10:00 rule in UTC
would move it to 09:00 in winter. A single meeting in the hour that comes twice in October is in
UTC (see _wall).
"""

import datetime
import icalendar
from ratusha.meetings.interfaces import CalendarEvent
from ratusha.meetings.interfaces import Person
import zoneinfo


PRODID = "-//Ratusha//Meetings//BG"
UTC = datetime.UTC
ZONE_ID = "Europe/Sofia"
ZONE = zoneinfo.ZoneInfo(ZONE_ID)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return moment.astimezone(UTC)


def _address(person: Person, **params) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = icalendar.vText(person.name)
    for key, value in params.items():
        address.params[key] = icalendar.vText(value)
    return address


def _local(moment: datetime.datetime) -> datetime.datetime:
    return _utc(moment).astimezone(ZONE)


def _wall(moment: datetime.datetime) -> datetime.datetime:
    """Sofia's wall time, but in UTC within the hour that comes twice (03:00-04:00 on the last
    Sunday of October): a TZID time there means its first occurrence (RFC 5545, 3.3.5), so
    the second cannot be written so, and calendar programs read the first differently."""
    local = _local(moment)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return _utc(moment)
    return local


def sofia_timezone() -> icalendar.Timezone:
    """Europe/Sofia as the EU rules have it since 1997 (last Sunday of March and October)."""
    zone = icalendar.Timezone()
    zone.add("tzid", ZONE_ID)
    for kind, name, offsets, start, month in (
        (icalendar.TimezoneDaylight, "EEST", ("+0200", "+0300"), (3, 29, 3), 3),
        (icalendar.TimezoneStandard, "EET", ("+0300", "+0200"), (10, 25, 4), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", datetime.timedelta(hours=int(offsets[0][:3])))
        part.add("tzoffsetto", datetime.timedelta(hours=int(offsets[1][:3])))
        part.add("dtstart", datetime.datetime(1970, start[0], start[1], start[2]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def vevent(event: CalendarEvent, cancel: bool = False) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("sequence", int(event.sequence))
    component.add("dtstamp", _utc(event.stamp))
    if event.recurrence_id is not None:
        component.add("recurrence-id", _local(event.recurrence_id))
    when = _local if event.rrule or event.recurrence_id else _wall  # a rule needs its zone
    component.add("dtstart", when(event.start))
    component.add("dtend", when(event.end))
    if event.rrule and event.recurrence_id is None:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        if event.exdates:
            component.add("exdate", [_local(moment) for moment in event.exdates])
    component.add("summary", event.summary)
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    if event.url:
        component.add("url", event.url)
    cancelled = cancel or event.cancelled
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    if event.organiser is not None and event.organiser.email:
        component.add("organizer", _address(event.organiser))
    for person in event.attendees:
        if person.email:
            component.add(
                "attendee",
                _address(
                    person,
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                    RSVP="FALSE",
                    CUTYPE="INDIVIDUAL",
                ),
                encode=False,
            )
    return component


def _calendar(method: str | None, name: str = "", events=()) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(sofia_timezone())
    return calendar


def invitation(event: CalendarEvent, method: str = "REQUEST") -> bytes:
    """One meeting as an iTIP message: REQUEST (new or changed) or CANCEL."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method must be REQUEST or CANCEL")
    if event.organiser is None or not event.organiser.email:
        raise ValueError("an invitation needs an organiser with an e-mail address")
    calendar = _calendar(method, events=[event])
    calendar.add_component(vevent(event, cancel=method == "CANCEL"))
    return calendar.to_ical()


def feed(events, name: str = "") -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) with every event, cancelled ones marked so."""
    events = sorted(events, key=lambda e: (e.start, e.uid))
    calendar = _calendar("PUBLISH", name, events)
    for event in events:
        calendar.add_component(vevent(event))
    return calendar.to_ical()
