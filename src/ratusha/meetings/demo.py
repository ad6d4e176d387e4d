"""Demo content for «Община Примерна»: rooms per directorate, a week of meetings, a weekly series, one-to-ones.

Times are relative to the moment the demo is created, so "today" always has meetings.
"""

import datetime
from plone import api
from ratusha.core.dates import SOFIA
from ratusha.core.dates import sofia
from ratusha.core.demo import DemoStep
from ratusha.core.naming import create_named
from ratusha.meetings.content import MEETING
from ratusha.meetings.content import ROOM
from ratusha.meetings.setup import ensure_folders
from ratusha.meetings.setup import personal_room


# id, title, description, hosts, member groups, open, lobby, location, seats
ROOMS = (
    (
        "golyama-zala",
        "Голяма заседателна зала",
        "Залата на третия етаж, с камера и микрофони.",
        ("secretary",),
        (),
        True,
        False,
        "пл. „Централен“ 1, ет. 3, зала 301",
        40,
    ),
    (
        "administrativno-obsluzhvane",
        "Стая на дирекция „Административно обслужване“",
        "Оперативни срещи на дирекцията и на деловодството.",
        ("secretary", "registrar"),
        ("dir-administration", "dep-registry"),
        True,
        False,
        None,
        None,
    ),
    (
        "finansi-i-byudzhet",
        "Стая на дирекция „Финанси и бюджет“",
        "Бюджет, местни данъци и такси.",
        ("director.finance", "head.budget"),
        ("dir-finance", "dep-budget", "dep-taxes"),
        False,
        False,
        None,
        None,
    ),
    (
        "ustroystvo-na-teritoriyata",
        "Стая на дирекция „Устройство на територията“",
        "Строителство и контрол, устройствено планиране.",
        ("head.construction",),
        ("dir-territory", "dep-construction"),
        True,
        False,
        None,
        None,
    ),
    (
        "obshtinski-savet",
        "Зала на Общинския съвет",
        "Заседания и комисии на Общинския съвет.",
        ("council.staff", "councillor01"),
        ("councillors", "council"),
        False,
        True,
        "пл. „Централен“ 1, ет. 1, зала на съвета",
        60,
    ),
)


def _room(folder, room_id, title, description, hosts, groups, is_open, lobby, location, seats):
    room = folder.get(room_id)
    if room is None:
        room = api.content.create(
            container=folder,
            type=ROOM,
            id=room_id,
            title=title,
            description=description,
            owners=list(hosts),
            allowed_groups=list(groups),
            allow_guests=True,
            lobby=lobby,
            location=location,
            capacity=seats,
        )
        if is_open:
            api.content.transition(obj=room, transition="open_to_staff")
    return room


def _meeting(
    room,
    title,
    start,
    minutes,
    organiser,
    participants=(),
    groups=(),
    guests=(),
    description="",
    agenda="",
    recurrence=None,
):
    from plone.app.textfield.value import RichTextValue

    return create_named(
        room,
        MEETING,
        title,
        description=description,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        organiser=organiser,
        participants=list(participants),
        participant_groups=list(groups),
        guests=list(guests),
        agenda=RichTextValue(agenda, "text/html", "text/x-html-safe") if agenda else None,
        recurrence=recurrence,
    )


def next_working_day(day):
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def at(day, hour, minute=0):
    return sofia(datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SOFIA))


def create_demo(portal=None, now=None):
    portal = portal if portal is not None else api.portal.get()
    folder = ensure_folders(portal)
    if folder.get("golyama-zala") is not None:
        return  # already made
    with api.env.adopt_roles(["Manager"]):
        rooms = {spec[0]: _room(folder, *spec) for spec in ROOMS}
        now = sofia(now or datetime.datetime.now(SOFIA))
        today = now.date()
        # the current half hour: the first meeting is on now, so "Join" is live in the demo
        current = sofia(
            datetime.datetime(
                today.year,
                today.month,
                today.day,
                now.hour,
                0 if now.minute < 30 else 30,
                tzinfo=SOFIA,
            )
        )
        _meeting(
            rooms["finansi-i-byudzhet"],
            "Оперативка на дирекция „Финанси и бюджет“",
            current,
            90,
            "director.finance",
            participants=("employee", "head.budget"),
            groups=("dep-taxes",),
            agenda="<ol><li>Събираемост на местните данъци</li>"
            "<li>Проектобюджет 2027 – срокове</li></ol>",
        )
        _meeting(
            rooms["golyama-zala"],
            "Данъчна кампания 2027 – обсъждане",
            current + datetime.timedelta(hours=3),
            60,
            "head.budget",
            participants=("employee", "registrar", "director.finance"),
            guests=("Ана Иванова <ana.ivanova@example.org>",),
            description="Графикът на кампанията и информацията за гражданите.",
        )
        # a series: every week at 09:00 Sofia time (summer or winter) for half a year
        _meeting(
            rooms["administrativno-obsluzhvane"],
            "Седмична оперативка",
            at(next_working_day(today), 9),
            30,
            "secretary",
            participants=("registrar",),
            groups=("dep-registry",),
            recurrence="RRULE:FREQ=WEEKLY;COUNT=26",
            agenda="<ol><li>Изпълнение на задачите от миналата седмица</li>"
            "<li>Входяща поща и срокове</li></ol>",
        )
        day1, day2, day3, day4 = (today + datetime.timedelta(days=n) for n in (1, 2, 3, 4))
        _meeting(
            rooms["obshtinski-savet"],
            "Подготовка на заседанието на Общинския съвет",
            at(day3, 14),
            90,
            "council.staff",
            participants=("councillor01", "secretary", "mayor"),
            agenda="<ol><li>Проект на дневен ред</li><li>Докладни записки</li></ol>",
        )
        _meeting(
            rooms["ustroystvo-na-teritoriyata"],
            "Разрешения за строеж – преглед",
            at(day4, 11),
            60,
            "head.construction",
            groups=("dep-construction",),
            participants=("secretary",),
        )
        _meeting(
            rooms["golyama-zala"],
            "Среща с граждани: ремонт на ул. „Славянска“",
            at(day2, 17),
            90,
            "mayor",
            participants=("head.construction", "secretary"),
            guests=("Петър Петров <p.petrov@example.org>",),
        )
        # one-to-one calls: a meeting in the organiser's own room with one colleague
        for organiser, other, day, hour in (
            ("head.budget", "employee", day1, 10),
            ("director.finance", "head.budget", day2, 15),
            ("mayor", "secretary", day4, 8),
        ):
            room = personal_room(organiser, create=True)
            name = api.user.get(userid=other).getProperty("fullname", "") or other
            _meeting(
                room, f"Разговор с {name}", at(day, hour), 30, organiser, participants=(other,)
            )


demo_step = DemoStep(30, create_demo)
