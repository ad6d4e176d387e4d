"""People, rooms and meetings for the meetings tests (no demo profile needed)."""

import datetime
import icalendar
from plone import api
import pytz
from z3c.form.validator import Data


PASSWORD = "secret-password-1"
SECRET = "a-jitsi-secret-of-more-than-32-bytes-for-tests"
DOMAIN = "meet.primerna.test"
SOFIA = pytz.timezone("Europe/Sofia")

# user id, full name, groups
PEOPLE = (
    ("host", "Георги Иванов", ("employees", "department-heads", "dep-budget")),
    ("ivan", "Иван Стоянов", ("employees", "dep-taxes")),
    ("maria", "Мария Петрова", ("employees", "dep-budget")),
    ("outsider", "Петър Колев", ("employees", "dep-other")),
    ("councillor", "Антон Ангелов", ("councillors",)),
)
GROUPS = (
    ("dep-budget", "Отдел „Бюджет“"),
    ("dep-taxes", "Отдел „Данъци“"),
    ("dep-other", "Друг отдел"),
)


def make_people():
    for group_id, title in GROUPS:
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=title)
    for user_id, fullname, groups in PEOPLE:
        if api.user.get(userid=user_id) is None:
            api.user.create(
                email=f"{user_id}@primerna.example",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        for group_id in groups:
            api.group.add_user(groupname=group_id, username=user_id)


def configure_jitsi(script_url=None, **extra):
    values = {
        "domain": DOMAIN,
        "app_id": "ratusha",
        "algorithm": "HS256",
        "audience": "jitsi",
        "xmpp_domain": "meet.jitsi",
        "margin_minutes": 30,
        "script_url": script_url,
    }
    values.update(extra)
    for name, value in values.items():
        if value is None:
            continue
        api.portal.set_registry_record(f"ratusha.jitsi.{name}", value)


def now():
    return datetime.datetime.now(SOFIA)


def in_minutes(minutes):
    moment = now() + datetime.timedelta(minutes=minutes)
    return SOFIA.normalize(moment.replace(second=0, microsecond=0))


def same_time(moment, days):
    """The same Sofia wall time `days` later (summer time or not)."""
    wall = moment.astimezone(SOFIA).replace(tzinfo=None) + datetime.timedelta(days=days)
    return SOFIA.localize(wall)


def make_room(
    title="Стая на отдел „Бюджет“", location=None, open_to_staff=False, creator="host", **fields
):
    folder = api.portal.get()["meetings"]
    values = dict(owners=["host"], allowed_groups=["dep-budget"], allow_guests=True, lobby=True)
    values.update(fields)
    with api.env.adopt_user(username=creator):
        room = api.content.create(
            container=folder, type="MeetingRoom", title=title, location=location, **values
        )
        if open_to_staff:
            api.content.transition(obj=room, transition="open_to_staff")
    return room


def make_meeting(
    room,
    title="Бюджет 2027",
    start=None,
    minutes=60,
    organiser="host",
    participants=("ivan",),
    **fields,
):
    start = start or in_minutes(5)
    with api.env.adopt_user(username=organiser):
        return api.content.create(
            container=room,
            type="Meeting",
            title=title,
            start=start,
            end=start + datetime.timedelta(minutes=minutes),
            organiser=organiser,
            participants=list(participants),
            **fields,
        )


def validate(context, **values):
    """The meeting form's invariants, as z3c.form and plone.restapi run them."""
    from ratusha.meetings.interfaces import IMeetingSchema

    IMeetingSchema.validateInvariants(Data(IMeetingSchema, values, context))


def configure_mail(port):
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", port)
    api.portal.set_registry_record("plone.email_from_address", "ratusha@primerna.example")
    api.portal.set_registry_record("plone.email_from_name", "Община Примерна")


def calendars(collector):
    """{recipient: (message, parsed calendar)} of what arrived, then forget it."""
    result = {}
    for rcpt, message in collector.messages:
        [attachment] = [
            p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
        ]
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        assert attachment.get_param("method") == calendar["METHOD"]
        result[rcpt[0]] = (message, calendar)
    collector.messages.clear()
    return result


def event_of(calendar):
    [vevent] = calendar.walk("VEVENT")
    return vevent
