"""Invitations by e-mail with an iCalendar attachment, sent when the meeting's transaction commits.

New meeting: METHOD:REQUEST, SEQUENCE 0. A change of title, time, room or people: SEQUENCE + 1,
REQUEST to everyone invited now and CANCEL to anyone removed. Cancelled: CANCEL to all.
Each recipient gets their own message: staff a link to the meeting's video page, guests their
personal signed invitation link.
"""

import datetime
from email.message import EmailMessage
import email.policy
from email.utils import formataddr
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import short_datetime
from ratusha.core.dates import sofia
from ratusha.meetings import ics
from ratusha.meetings import invitations
from ratusha.meetings import recurrence
from ratusha.meetings import series
from ratusha.meetings.jitsi import links_key
from ratusha.meetings.jitsi import settings as jitsi_settings
from ratusha.meetings.scheduling import guests_of
from ratusha.meetings.scheduling import invited_users
from ratusha.meetings.scheduling import room_of
from ratusha.notifications.interfaces import mail_configured
from ratusha.notifications.interfaces import notify
from zope.i18n import translate


SNAPSHOT = "_ratusha_invitation_snapshot"


def language():
    return api.portal.get_default_language()


def _t(message):
    return translate(message, target_language=language())


def where(meeting) -> str:
    room = room_of(meeting)
    if room is None:
        return ""
    if room.is_physical():
        return f"{room.Title()}, {room.location}"
    return room.Title()


def snapshot(meeting) -> dict:
    return {
        "title": meeting.Title(),
        "start": sofia(meeting.start).isoformat(),
        "end": sofia(meeting.end).isoformat(),
        "where": where(meeting),
        "recurrence": (getattr(meeting, "recurrence", None) or "").strip(),
        "users": tuple(sorted(u for u in invited_users(meeting) if u != meeting.organiser_id())),
        "guests": tuple(sorted(address for _name, address in guests_of(meeting))),
    }


def person(user_id) -> ics.Person | None:
    user = api.user.get(userid=user_id)
    if user is None:
        return None
    return ics.Person(user.getProperty("fullname", "") or user_id, user.getProperty("email", ""))


def guest_expiry(meeting) -> int:
    """A guest's link works until the meeting's (last occurrence's) end plus the overtime."""
    margin = jitsi_settings().margin_minutes or 0
    return int((series.of(meeting)[-1].end + datetime.timedelta(minutes=margin)).timestamp())


def guest_link(meeting, address, name) -> str:
    token = invitations.sign_invitation(
        links_key(), IUUID(meeting), address, name, guest_expiry(meeting)
    )
    return f"{api.portal.get().absolute_url()}/@@meeting-guest?invitation={token}"


def organiser_person(meeting) -> ics.Person:
    organiser = person(meeting.organiser_id())
    if organiser is not None and organiser.email:
        return organiser
    name = organiser.name if organiser is not None else meeting.organiser_id()
    return ics.Person(
        name, api.portal.get_registry_record("plone.email_from_address", default="") or ""
    )


def repetition(meeting) -> dict:
    """The CalendarEvent fields of a series (RRULE, EXDATE); nothing for a single meeting."""
    rule = series.rule_of(meeting)
    if rule is None:
        return {}
    try:
        return {
            "rrule": recurrence.ical_rule(meeting.start, meeting.end, rule),
            "exdates": tuple(o.start for o in series.skipped_of(meeting)),
        }
    except recurrence.RecurrenceError:
        return {}


def calendar_event(
    meeting, url, attendees, sequence, cancelled=False, occurrence=None
) -> ics.CalendarEvent:
    """The series (or the single meeting); with `occurrence`, just that one (RECURRENCE-ID)."""
    description = meeting.Description() or ""
    if url:
        description = (description + "\n\n" if description else "") + _t(
            _("ics_join", default="Join the video call: ${url}", mapping={"url": url})
        )
    if occurrence is not None:
        times = {
            "start": occurrence.start,
            "end": occurrence.end,
            "recurrence_id": occurrence.start,
        }
    else:
        times = {"start": sofia(meeting.start), "end": sofia(meeting.end), **repetition(meeting)}
    return ics.CalendarEvent(
        uid=f"{IUUID(meeting)}@ratusha",
        sequence=sequence,
        summary=meeting.Title(),
        stamp=datetime.datetime.now(datetime.UTC),
        description=description,
        location=where(meeting),
        url=url,
        organiser=organiser_person(meeting),
        attendees=tuple(attendees),
        cancelled=cancelled,
        **times,
    )


def _message(meeting, to, subject, body, calendar, method):
    # CRLF line ends: MailHost sends the bytes as they are, and SMTP servers read lines by CRLF
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = subject
    message["From"] = formataddr(
        (
            api.portal.get_registry_record("plone.email_from_name", default=""),
            api.portal.get_registry_record("plone.email_from_address"),
        )
    )
    message["To"] = formataddr(to)
    organiser = person(meeting.organiser_id())
    if organiser is not None and organiser.email:
        message["Reply-To"] = formataddr((organiser.name, organiser.email))
    message.set_content(body)
    message.add_attachment(
        calendar,
        maintype="text",
        subtype="calendar",
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
        params={"method": method, "charset": "utf-8"},
    )
    return message


def when_text(start, end) -> str:
    return short_datetime(sofia(start)) + "–" + sofia(end).strftime("%H:%M")


def _texts(meeting, method, sequence, link, occurrence=None):
    first = occurrence or series.of(meeting)[0]
    mapping = {
        "title": meeting.Title(),
        "when": when_text(first.start, first.end),
        "where": where(meeting) or "—",
        "organiser": organiser_person(meeting).name,
        "link": link,
    }
    if method == "CANCEL":
        subject = _(
            "mail_meeting_cancelled_subject",
            default="Cancelled: ${title}, ${when}",
            mapping=mapping,
        )
        body = _(
            "mail_meeting_cancelled_body",
            default="The meeting «${title}» on ${when} will not take place.\n\n"
            "Organiser: ${organiser}",
            mapping=mapping,
        )
    else:
        repeats = series.describe(meeting)
        if repeats is not None:
            mapping["when"] += f" ({_t(repeats)})"
        if sequence:
            subject = _(
                "mail_meeting_changed_subject",
                default="Changed: ${title}, ${when}",
                mapping=mapping,
            )
        else:
            subject = _(
                "mail_meeting_invitation_subject",
                default="Invitation: ${title}, ${when}",
                mapping=mapping,
            )
        body = _(
            "mail_meeting_invitation_body",
            default="${organiser} invites you to «${title}».\n\nWhen: ${when}\n"
            "Where: ${where}\nJoin the video call: ${link}\n\n"
            "The attached invitation adds the meeting to your calendar.",
            mapping=mapping,
        )
    return _t(subject), _t(body)


def send(meeting, method, users, guests, sequence, occurrence=None) -> int:
    """Hand the messages to the MailHost (delivered on commit); the number of messages.
    With `occurrence`, a CANCEL of that one occurrence of the series."""
    if not mail_configured():
        return 0
    mailhost = api.portal.get_tool("MailHost")
    attendees = [p for p in (person(u) for u in invited_users(meeting)) if p and p.email]
    attendees += [ics.Person(name, address) for name, address in guests_of(meeting)]
    join_url = f"{meeting.absolute_url()}/@@join"
    sent = 0
    recipients = [(person(u), join_url) for u in users]
    recipients += [
        (
            ics.Person(name, address),
            guest_link(meeting, address, name) if method == "REQUEST" else "",
        )
        for name, address in guests
    ]
    for recipient, link in recipients:
        if recipient is None or not recipient.email:
            continue
        event = calendar_event(
            meeting, link, attendees, sequence, cancelled=method == "CANCEL", occurrence=occurrence
        )
        subject, body = _texts(meeting, method, sequence, link, occurrence)
        mailhost.send(
            _message(
                meeting,
                (recipient.name, recipient.email),
                subject,
                body,
                ics.invitation(event, method),
                method,
            ),
            immediate=False,
        )
        sent += 1
    if sent:
        details = {"method": method, "sequence": sequence, "messages": sent}
        if occurrence is not None:
            details["occurrence"] = occurrence.start.isoformat()
        record("meetings.invitations-sent", meeting, details=details)
    return sent


def sync(meeting, cancelled=False) -> None:
    """Send what the change since the last invitation calls for."""
    previous = getattr(meeting, SNAPSHOT, None)
    current = snapshot(meeting)
    all_guests = dict((address, name) for name, address in guests_of(meeting))
    if cancelled:
        if previous is None:
            return
        meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
        send(
            meeting,
            "CANCEL",
            previous["users"],
            [(all_guests.get(a, ""), a) for a in previous["guests"]],
            meeting.ics_sequence,
        )
        notify(
            list(previous["users"]),
            "meetings.cancelled",
            _(
                "notice_meeting_cancelled",
                default="Meeting cancelled: ${title}",
                mapping={"title": meeting.Title()},
            ),
            url=meeting.absolute_url(),
            sender=meeting.organiser_id(),
            email=False,
        )
        setattr(meeting, SNAPSHOT, None)
        return
    if previous == current:
        return
    if previous is not None:
        meeting.ics_sequence = (meeting.ics_sequence or 0) + 1
        removed_users = sorted(set(previous["users"]) - set(current["users"]))
        removed_guests = sorted(set(previous["guests"]) - set(current["guests"]))
        if removed_users or removed_guests:
            send(
                meeting,
                "CANCEL",
                removed_users,
                [("", a) for a in removed_guests],
                meeting.ics_sequence,
            )
        if current["users"]:
            notify(
                list(current["users"]),
                "meetings.changed",
                _(
                    "notice_meeting_changed",
                    default="Meeting changed: ${title}, ${when}",
                    mapping={
                        "title": meeting.Title(),
                        "when": short_datetime(sofia(meeting.start)),
                    },
                ),
                url=meeting.absolute_url(),
                sender=meeting.organiser_id(),
                email=False,
            )
    send(
        meeting,
        "REQUEST",
        current["users"],
        [(all_guests.get(a, ""), a) for a in current["guests"]],
        meeting.ics_sequence or 0,
    )
    setattr(meeting, SNAPSHOT, current)
