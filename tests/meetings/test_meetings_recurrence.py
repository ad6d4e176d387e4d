"""Recurring meetings, pure: rules expanded in Sofia across DST, limits, EXDATE, overlaps with
other series, join windows per occurrence, and the iCalendar a client expands."""

import datetime
from dateutil import rrule
import icalendar
import pytest
from ratusha.meetings import booking
from ratusha.meetings import ics
from ratusha.meetings import recurrence
from ratusha.meetings.recurrence import RecurrenceError
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
UTC = datetime.UTC


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SOFIA)


def local_starts(text, start, minutes=60):
    end = start + datetime.timedelta(minutes=minutes)
    return [
        o.start.strftime("%Y-%m-%d %H:%M%z")
        for o in recurrence.expand(start, end, recurrence.parse(text))
    ]


# ---- expansion ---------------------------------------------------------------------------

EXPANSIONS = [
    # rule, first start, expected local starts (with their UTC offset)
    (
        "weekly 10:00 across the end of October (EEST -> EET)",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        at(2026, 10, 13, 10),
        [
            "2026-10-13 10:00+0300",
            "2026-10-20 10:00+0300",
            "2026-10-27 10:00+0200",
            "2026-11-03 10:00+0200",
        ],
    ),
    (
        "weekly across the end of March (EET -> EEST)",
        "FREQ=WEEKLY;COUNT=3",
        at(2027, 3, 19, 10),
        ["2027-03-19 10:00+0200", "2027-03-26 10:00+0200", "2027-04-02 10:00+0300"],
    ),
    (
        "daily over the night the clocks go back",
        "FREQ=DAILY;COUNT=3",
        at(2026, 10, 24, 9, 30),
        ["2026-10-24 09:30+0300", "2026-10-25 09:30+0200", "2026-10-26 09:30+0200"],
    ),
    (
        "UNTIL as a date includes that day",
        "FREQ=WEEKLY;UNTIL=20261103",
        at(2026, 10, 20, 10),
        ["2026-10-20 10:00+0300", "2026-10-27 10:00+0200", "2026-11-03 10:00+0200"],
    ),
    (
        "UNTIL at T000000 (the recurrence widget) includes that day too",
        "FREQ=WEEKLY;UNTIL=20261103T000000Z",
        at(2026, 10, 20, 10),
        ["2026-10-20 10:00+0300", "2026-10-27 10:00+0200", "2026-11-03 10:00+0200"],
    ),
    (
        "UNTIL as a UTC instant before the last start excludes it",
        "FREQ=WEEKLY;UNTIL=20261103T075959Z",
        at(2026, 10, 20, 10),
        ["2026-10-20 10:00+0300", "2026-10-27 10:00+0200"],
    ),
    (
        "UNTIL as a UTC instant equal to the last start includes it",
        "FREQ=WEEKLY;UNTIL=20261103T080000Z",
        at(2026, 10, 20, 10),
        ["2026-10-20 10:00+0300", "2026-10-27 10:00+0200", "2026-11-03 10:00+0200"],
    ),
    (
        "every second week on Monday and Wednesday",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4",
        at(2026, 11, 23, 14),
        [
            "2026-11-23 14:00+0200",
            "2026-11-25 14:00+0200",
            "2026-12-07 14:00+0200",
            "2026-12-09 14:00+0200",
        ],
    ),
    (
        "monthly on the first Tuesday",
        "FREQ=MONTHLY;BYDAY=+1TU;COUNT=3",
        at(2026, 12, 1, 11),
        ["2026-12-01 11:00+0200", "2027-01-05 11:00+0200", "2027-02-02 11:00+0200"],
    ),
    (
        "monthly on the 31st skips short months (RFC 5545)",
        "FREQ=MONTHLY;COUNT=3",
        at(2027, 1, 31, 9),
        ["2027-01-31 09:00+0200", "2027-03-31 09:00+0300", "2027-05-31 09:00+0300"],
    ),
    (
        "EXDATE as a day, as the widget writes it, as UTC and with a TZID",
        "RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE:20261020T000000\nEXDATE;VALUE=DATE:20261027\n"
        "EXDATE:20261103T080000Z\nEXDATE;TZID=Europe/Sofia:20261110T100000",
        at(2026, 10, 13, 10),
        ["2026-10-13 10:00+0300", "2026-11-17 10:00+0200"],
    ),
    (
        "an EXDATE at another hour still skips that day (the meeting may have moved)",
        "FREQ=DAILY;COUNT=3\nEXDATE:20261124T153000",
        at(2026, 11, 23, 9),
        ["2026-11-23 09:00+0200", "2026-11-25 09:00+0200"],
    ),
    (
        "an EXDATE in UTC late at night is the next Sofia day",
        "FREQ=DAILY;COUNT=3\nEXDATE:20261123T223000Z",
        at(2026, 11, 23, 9),
        ["2026-11-23 09:00+0200", "2026-11-25 09:00+0200"],
    ),
    (
        "folded lines and lower case",
        "rrule:freq=weekly;\n count=2",
        at(2026, 11, 23, 9),
        ["2026-11-23 09:00+0200", "2026-11-30 09:00+0200"],
    ),
    (
        "in the spring gap 03:30 becomes 04:30 (RFC 5545 3.3.5)",
        "FREQ=DAILY;COUNT=3",
        at(2027, 3, 27, 3, 30),
        ["2027-03-27 03:30+0200", "2027-03-28 04:30+0300", "2027-03-29 03:30+0300"],
    ),
    (
        "in the autumn hour that happens twice, the first one",
        "FREQ=DAILY;COUNT=3",
        at(2026, 10, 24, 3, 30),
        ["2026-10-24 03:30+0300", "2026-10-25 03:30+0300", "2026-10-26 03:30+0200"],
    ),
    ("no rule: the meeting once", "", at(2026, 11, 23, 9), ["2026-11-23 09:00+0200"]),
]


@pytest.mark.parametrize("case,text,start,expected", EXPANSIONS, ids=[e[0] for e in EXPANSIONS])
def test_expansion(case, text, start, expected):
    assert local_starts(text, start) == expected


def test_occurrences_keep_the_length_in_real_time():
    start = at(2026, 10, 24, 23, 30)  # overnight, across the hour that is repeated
    end = (start.astimezone(UTC) + datetime.timedelta(hours=5)).astimezone(SOFIA)
    [first, second] = recurrence.expand(start, end, recurrence.parse("FREQ=DAILY;COUNT=2"))
    assert first.end.astimezone(UTC) - first.start.astimezone(UTC) == datetime.timedelta(hours=5)
    assert (first.end.hour, second.start.hour) == (3, 23)  # 23:30 +5 h = 03:30 after the switch
    assert all(o.start.tzinfo is SOFIA for o in (first, second))


def test_start_given_in_another_zone_is_read_in_sofia():
    start = at(2026, 10, 20, 10).astimezone(UTC)
    assert local_starts("FREQ=WEEKLY;COUNT=2", start) == [
        "2026-10-20 10:00+0300",
        "2026-10-27 10:00+0200",
    ]


# ---- what is refused ---------------------------------------------------------------------

REFUSALS = [
    ("FREQ=WEEKLY", "unbounded"),
    ("RRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "count-and-until"),
    ("FREQ=YEARLY;COUNT=2", "frequency"),
    ("FREQ=HOURLY;COUNT=2", "frequency"),
    ("COUNT=2", "syntax"),
    ("FREQ=WEEKLY;COUNT=201", "count"),
    ("FREQ=WEEKLY;COUNT=0", "count"),
    ("FREQ=WEEKLY;COUNT=two", "count"),
    ("FREQ=WEEKLY;INTERVAL=0;COUNT=2", "interval"),
    ("FREQ=WEEKLY;BYHOUR=9,15;COUNT=2", "unsupported"),
    ("FREQ=WEEKLY;COUNT=2\nRDATE:20261201T100000", "unsupported"),
    ("DTSTART:20261124T100000\nRRULE:FREQ=WEEKLY;COUNT=2", "unsupported"),
    ("FREQ=WEEKLY;BYDAY=XX;COUNT=2", "syntax"),
    ("FREQ=WEEKLY;COUNT", "syntax"),
    ("FREQ=WEEKLY;UNTIL=2026-12-31", "until"),
    ("FREQ=WEEKLY;COUNT=2\nEXDATE:tomorrow", "exdate"),
    ("FREQ=WEEKLY;COUNT=2\nEXDATE;TZID=Mars/Olympus:20261201T100000", "exdate"),
    ("RRULE:FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=DAILY;COUNT=2", "one-rule"),
    ("EXDATE:20261201", "one-rule"),
    ("just words", "syntax"),
]


@pytest.mark.parametrize("text,reason", REFUSALS)
def test_refused_rules(text, reason):
    with pytest.raises(RecurrenceError) as info:
        recurrence.parse(text)
    assert info.value.reason == reason


START = at(2026, 11, 24, 10)  # a Tuesday

LIMITS = [
    # rule, reason when expanded from START (None: accepted), number of occurrences
    ("FREQ=DAILY;COUNT=200", None, 200),
    ("FREQ=WEEKLY;COUNT=105", None, 105),  # the last one exactly two years after the first
    ("FREQ=WEEKLY;COUNT=106", "too-long", 0),
    ("FREQ=WEEKLY;COUNT=200", "too-long", 0),
    ("FREQ=MONTHLY;COUNT=25", None, 25),
    ("FREQ=MONTHLY;COUNT=26", "too-long", 0),
    ("FREQ=WEEKLY;UNTIL=20281124", None, 105),  # exactly two years
    ("FREQ=WEEKLY;UNTIL=20281201", "too-long", 0),
    ("FREQ=MONTHLY;BYMONTH=11;UNTIL=20281231", None, 3),  # nothing after two years: fine
    ("FREQ=DAILY;UNTIL=20270701", "too-many", 0),  # 220 days
    ("FREQ=WEEKLY;BYDAY=MO;COUNT=3", "start-not-in-rule", 0),
    ("FREQ=WEEKLY;UNTIL=20261101", "until-before-start", 0),
    ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2;COUNT=2", "start-not-in-rule", 0),  # never
    ("FREQ=WEEKLY;COUNT=2\nEXDATE:20261124,20261201", "all-skipped", 0),
]


@pytest.mark.parametrize("text,reason,count", LIMITS)
def test_limits(text, reason, count):
    rule = recurrence.parse(text)
    end = START + datetime.timedelta(hours=1)
    if reason is None:
        found = recurrence.expand(START, end, rule)
        assert count == 0 or len(found) == count
    else:
        with pytest.raises(RecurrenceError) as info:
            recurrence.expand(START, end, rule)
        assert info.value.reason == reason


def test_occurrences_of_a_series_may_not_overlap():
    with pytest.raises(RecurrenceError) as info:
        recurrence.check(START, START + datetime.timedelta(hours=25), "FREQ=DAILY;COUNT=3")
    assert info.value.reason == "overlap"
    assert recurrence.check(START, START + datetime.timedelta(hours=24), "FREQ=DAILY;COUNT=3")


def test_limits_are_named_in_the_error():
    with pytest.raises(RecurrenceError) as info:
        recurrence.parse("FREQ=DAILY")
    assert info.value.details == {"limit": 200, "years": 2}


# ---- skipping a date, storing, writing for calendars -------------------------------------


def test_skip_adds_an_exdate_and_keeps_the_rule_as_written():
    text = "RRULE:FREQ=WEEKLY;UNTIL=20261222T000000Z"
    once = recurrence.skip(text, datetime.date(2026, 12, 1))
    twice = recurrence.skip(once, datetime.date(2026, 11, 24))
    assert twice == (
        "RRULE:FREQ=WEEKLY;UNTIL=20261222T000000Z\nEXDATE:20261124T000000,20261201T000000"
    )
    assert recurrence.skip(twice, datetime.date(2026, 12, 1)) == twice  # already skipped
    rule = recurrence.parse(twice)
    end = START + datetime.timedelta(hours=1)
    assert [o.day.day for o in recurrence.expand(START, end, rule)] == [8, 15, 22]
    assert [o.day.day for o in recurrence.skipped(START, end, rule)] == [24, 1]
    with pytest.raises(RecurrenceError):
        recurrence.skip("", datetime.date(2026, 12, 1))


ICAL_RULES = [
    ("FREQ=WEEKLY;COUNT=10", "FREQ=WEEKLY;COUNT=10"),
    # UNTIL becomes the last start in UTC: RFC 5545 wants UTC when DTSTART has a TZID
    ("FREQ=WEEKLY;UNTIL=20261215", "FREQ=WEEKLY;UNTIL=20261215T080000Z"),
    ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260601", None),
]


@pytest.mark.parametrize("text,expected", ICAL_RULES)
def test_ical_rule(text, expected):
    end = START + datetime.timedelta(hours=1)
    if expected is None:
        with pytest.raises(RecurrenceError):
            recurrence.ical_rule(START, end, recurrence.parse(text))
    else:
        assert recurrence.ical_rule(START, end, recurrence.parse(text)) == expected


# ---- rooms and people: series against series ---------------------------------------------


def booked(key, start, minutes=60):
    return booking.Booking(key, key, start, start + datetime.timedelta(minutes=minutes))


def weekly(start, count, minutes=60, skipped=""):
    text = f"FREQ=WEEKLY;COUNT={count}" + (f"\nEXDATE:{skipped}" if skipped else "")
    return recurrence.expand(
        start, start + datetime.timedelta(minutes=minutes), recurrence.parse(text)
    )


def test_a_series_clashes_on_the_dates_it_meets_another_meeting():
    ours = weekly(at(2026, 10, 13, 10), 6)
    others = [
        booked("review", at(2026, 10, 27, 10, 30)),  # third week, after the DST change
        booked("touching", at(2026, 11, 3, 11)),  # starts when ours ends
        booked("long", at(2026, 11, 16, 12), minutes=24 * 60),
    ]  # Monday noon to Tuesday
    found = booking.clashes(ours, others)
    assert [(mine.start.day, theirs.key) for mine, theirs in found] == [
        (27, "review"),
        (17, "long"),
    ]
    assert (
        booking.clashes(weekly(at(2026, 10, 13, 10), 6, skipped="20261027,20261117"), others) == []
    )
    assert booking.clashes(ours, others, exclude="review")[0][1].key == "long"


def test_two_series_meet_where_their_dates_cross():
    ours = weekly(at(2026, 11, 23, 9), 10)  # Mondays
    fortnightly = recurrence.expand(
        at(2026, 11, 25, 9),
        at(2026, 11, 25, 10),
        recurrence.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE,MO;COUNT=6"),
    )
    theirs = [booking.Booking("other", "Other", o.start, o.end) for o in fortnightly]
    assert [m.start.date().isoformat() for m, _t in booking.clashes(ours, theirs)] == [
        "2026-12-07",
        "2026-12-21",
        "2027-01-04",
    ]


def test_people_clashes_name_each_busy_meeting_once():
    ours = weekly(at(2026, 11, 23, 9), 4)
    standing = booked("standing", at(2026, 11, 30, 9))
    busy = booking.people_clashes(ours, {"ivan": [standing, standing], "maria": []})
    assert busy == {"ivan": [standing]}


WINDOWS = [
    # minutes after the first start of a weekly 10:00-11:00 series of 3, moderator, expected
    (-11, False, ("early", 0)),
    (-10, False, ("open", 0)),
    (-30, True, ("open", 0)),
    (59, False, ("open", 0)),
    (60, False, ("early", 1)),  # between: the next one
    (7 * 24 * 60 - 5, False, ("open", 1)),
    (14 * 24 * 60 + 60, False, ("over", 2)),
]


@pytest.mark.parametrize("minutes,moderator,expected", WINDOWS)
def test_join_window_follows_the_occurrence(minutes, moderator, expected):
    occurrences = weekly(at(2026, 10, 20, 10), 3)
    now = occurrences[0].start + datetime.timedelta(minutes=minutes)
    state, occurrence = booking.window_of(occurrences, now, moderator)
    assert (state, occurrences.index(occurrence)) == expected


def test_join_window_overtime_keeps_the_current_occurrence():
    occurrences = weekly(at(2026, 10, 20, 10), 3)
    late = occurrences[1].end + datetime.timedelta(minutes=20)
    assert booking.window_of(occurrences, late, margin=datetime.timedelta(minutes=30)) == (
        "open",
        occurrences[1],
    )


AUTO_END = [
    # state, recurring, minutes since the last end, expected (grace 30 minutes)
    ("in_progress", False, 31, True),
    ("in_progress", False, 29, False),
    ("scheduled", False, 600, False),  # nobody started it: the organiser decides
    ("scheduled", True, 31, True),  # a series stays scheduled between its meetings
    ("in_progress", True, 31, True),
    ("ended", False, 600, False),
    ("cancelled", True, 600, False),
]


@pytest.mark.parametrize("state,recurring,minutes,expected", AUTO_END)
def test_auto_end_due(state, recurring, minutes, expected):
    last_end = at(2026, 11, 23, 11)
    now = last_end + datetime.timedelta(minutes=minutes)
    assert (
        booking.auto_end_due(state, recurring, last_end, now, datetime.timedelta(minutes=30))
        is expected
    )


# ---- iCalendar ---------------------------------------------------------------------------


def series_event(**extra):
    start = at(2026, 10, 13, 10)
    values = dict(
        uid="series@ratusha",
        sequence=2,
        summary="Седмична оперативка",
        start=start,
        end=start + datetime.timedelta(hours=1),
        stamp=datetime.datetime(2026, 10, 1, tzinfo=UTC),
        organiser=ics.Person("Георги Иванов", "host@primerna.example"),
        attendees=(ics.Person("Иван", "ivan@primerna.example"),),
        rrule="FREQ=WEEKLY;COUNT=5",
        exdates=(at(2026, 11, 3, 10),),
    )
    values.update(extra)
    return ics.CalendarEvent(**values)


def test_invitation_of_a_series_expands_to_10_00_in_winter_too():
    calendar = icalendar.Calendar.from_ical(ics.invitation(series_event()))
    [vevent] = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Sofia"
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=5"
    assert [d.dt for d in vevent["EXDATE"].dts] == [at(2026, 11, 3, 10)]
    assert vevent["EXDATE"].params["TZID"] == "Europe/Sofia"
    # what a calendar program does: expand the rule from the zoned DTSTART, drop the EXDATEs
    dtstart = vevent.decoded("DTSTART")
    starts = [
        d
        for d in rrule.rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=dtstart)
        if d not in {x.dt for x in vevent["EXDATE"].dts}
    ]
    assert [(d.day, d.hour, d.utcoffset().seconds // 3600) for d in starts] == [
        (13, 10, 3),
        (20, 10, 3),
        (27, 10, 2),
        (10, 10, 2),
    ]
    # and the VTIMEZONE says the same as the zone database
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    for moment in (
        datetime.datetime(2026, 10, 20, 10),
        datetime.datetime(2026, 10, 27, 10),
        datetime.datetime(2027, 3, 28, 4, 30),
        datetime.datetime(2027, 3, 28, 2, 30),
    ):
        assert (
            moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=SOFIA).utcoffset()
        ), moment


def test_cancelling_one_occurrence():
    occurrence = at(2026, 10, 27, 10)
    event = series_event(
        start=occurrence,
        end=occurrence + datetime.timedelta(hours=1),
        recurrence_id=occurrence,
        sequence=3,
    )
    calendar = icalendar.Calendar.from_ical(ics.invitation(event, "CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("RECURRENCE-ID") == occurrence
    assert vevent["RECURRENCE-ID"].params["TZID"] == "Europe/Sofia"
    assert str(vevent["UID"]) == "series@ratusha" and int(vevent["SEQUENCE"]) == 3
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "RRULE" not in vevent and "EXDATE" not in vevent
    assert calendar.walk("VTIMEZONE")


def test_single_meetings_are_in_sofia_time_too():
    """One clock: a single meeting reads in Sofia's time with its VTIMEZONE, as a series does."""
    single = series_event(rrule="", exdates=())
    calendar = icalendar.Calendar.from_ical(ics.feed([single, series_event(uid="b")]))
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    single_vevent, repeating = by_uid["series@ratusha"], by_uid["b"]
    assert single_vevent["DTSTART"].params["TZID"] == "Europe/Sofia"
    assert single_vevent.decoded("DTSTART") == single.start
    assert repeating["RRULE"] and len(calendar.walk("VTIMEZONE")) == 1
    alone = icalendar.Calendar.from_ical(ics.invitation(single))
    assert len(alone.walk("VTIMEZONE")) == 1
    assert "DTSTART;TZID=Europe/Sofia:" in ics.invitation(single).decode()
