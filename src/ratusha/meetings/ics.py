"""iCalendar (RFC 5545/5546) for invitations and calendar feeds, built with `icalendar`.

An invitation is METHOD:REQUEST with the meeting's stable UID and a SEQUENCE that grows with
every change; a cancellation is METHOD:CANCEL with the same UID and a higher SEQUENCE. Times are
written in UTC, which every calendar client reads without a VTIMEZONE.
"""

import datetime
from dataclasses import dataclass

import icalendar

PRODID = "-//Ratusha//Meetings//BG"
UTC = datetime.timezone.utc


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
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


def vevent(event: CalendarEvent, cancel: bool = False) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("sequence", int(event.sequence))
    component.add("dtstamp", _utc(event.stamp))
    component.add("dtstart", _utc(event.start))
    component.add("dtend", _utc(event.end))
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
            component.add("attendee", _address(
                person, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE",
                CUTYPE="INDIVIDUAL"), encode=False)
    return component


def _calendar(method: str | None, name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def invitation(event: CalendarEvent, method: str = "REQUEST") -> bytes:
    """One meeting as an iTIP message: REQUEST (new or changed) or CANCEL."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError("method must be REQUEST or CANCEL")
    if event.organiser is None or not event.organiser.email:
        raise ValueError("an invitation needs an organiser with an e-mail address")
    calendar = _calendar(method)
    calendar.add_component(vevent(event, cancel=method == "CANCEL"))
    return calendar.to_ical()


def feed(events, name: str = "") -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) with every event, cancelled ones marked so."""
    calendar = _calendar("PUBLISH", name)
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        calendar.add_component(vevent(event))
    return calendar.to_ical()
