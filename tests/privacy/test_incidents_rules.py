"""The incident register's rules: the 72-hour clock, reminders, lockout storms, the steps."""

import datetime
import pytest
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import form
from ratusha.privacy.incidents import rules
from ratusha.privacy.incidents import storms
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
H = datetime.timedelta(hours=1)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SOFIA)


@pytest.mark.parametrize(
    ("discovered", "due"),
    [
        ("2026-12-07 10:00", "2026-12-10 10:00+02:00"),  # winter, no change
        ("2026-07-01 23:30", "2026-07-04 23:30+03:00"),  # summer
        ("2027-03-26 10:00", "2027-03-29 11:00+03:00"),  # spring jump on 28 March: 72 real hours
        ("2026-10-23 10:00", "2026-10-26 09:00+02:00"),  # autumn back on 25 October
        ("2026-12-29 18:00", "2027-01-01 18:00+02:00"),  # across the new year
        ("2028-02-27 12:00", "2028-03-01 12:00+02:00"),  # across 29 February
    ],
)
def test_deadline_is_72_real_hours_read_in_sofia(discovered, due):
    deadline = clock.deadline(at(discovered))
    assert deadline.astimezone(SOFIA) == datetime.datetime.fromisoformat(due)
    assert deadline - at(discovered) == 72 * H


@pytest.mark.parametrize(
    ("risk", "notify", "tell"),
    [
        ("unassessed", True, False),
        ("none", False, False),
        ("risk", True, False),
        ("high", True, True),
    ],
)
def test_duties_of_articles_33_and_34(risk, notify, tell):
    assert clock.duties(risk) == (notify, tell)


def test_unknown_risk_is_refused():
    with pytest.raises(ValueError):
        clock.duties("medium")


START = at("2026-12-07 10:00")


@pytest.mark.parametrize(
    ("now", "notified", "required", "status", "left"),
    [
        (START, None, True, "running", 72 * 3600),
        (START + 47 * H, None, True, "running", 25 * 3600),
        (START + 48 * H, None, True, "due_soon", 24 * 3600),
        (START + 72 * H, None, True, "due_soon", 0),
        (START + 73 * H, None, True, "overdue", -3600),
        (START + 73 * H, None, False, "not_required", -3600),
        (START + 80 * H, START + 10 * H, True, "notified", 62 * 3600),
        (START + 80 * H, START + 75 * H, True, "notified_late", -3 * 3600),
    ],
)
def test_clock(now, notified, required, status, left):
    state = clock.clock(START, now, notified, required=required)
    assert (state.status, state.seconds_left) == (status, left)


@pytest.mark.parametrize(
    ("hours_after", "sent", "mark", "marks"),
    [
        (10, (), None, ()),  # 62 h left: nothing yet
        (24, (), "48h", ("48h",)),  # exactly at the threshold
        (30, ("48h",), None, ("48h",)),  # once only
        (48, ("48h",), "24h", ("48h", "24h")),
        (67, (), "6h", ("48h", "24h", "6h")),  # a late clock: the nearest one, the others marked
        (66, ("48h", "24h", "6h"), None, ("48h", "24h", "6h")),
        (72.5, ("48h", "24h", "6h"), "overdue", ("48h", "24h", "6h", "overdue")),
        (90, ("48h", "24h", "6h", "overdue"), None, ("48h", "24h", "6h", "overdue")),
    ],
)
def test_each_reminder_once(hours_after, sent, mark, marks):
    now = START + datetime.timedelta(hours=hours_after)
    assert clock.reminder_due(START, now, [48, 24, 6], sent) == (mark, marks)


def test_reminders_across_the_spring_jump():
    discovered = at("2027-03-26 10:00")  # due 29 March 11:00 (+03)
    mark, _marks = clock.reminder_due(discovered, at("2027-03-29 05:00"), [6], ())
    assert mark == "6h"
    assert clock.reminder_due(discovered, at("2027-03-29 04:59"), [6], ())[0] is None


M = datetime.timedelta(minutes=1)
T0 = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


def minutes(*offsets):
    return [T0 + offset * M for offset in offsets]


@pytest.mark.parametrize(
    ("times", "known", "found"),
    [
        (minutes(), (), []),
        (minutes(0, 1, 2), (), []),  # three lockouts: ordinary
        (minutes(*range(5)), (), [(0, 4, 5)]),  # five within ten minutes
        (minutes(0, 3, 6, 9, 12, 15), (), []),  # steady, never five within ten minutes
        (minutes(*range(5), *range(60, 65)), (), [(0, 4, 5), (60, 64, 5)]),  # two storms
        (minutes(*range(8)), ((T0, T0 + 4 * M),), []),  # the storm went on: the same one
        (minutes(*range(30, 35)), ((T0, T0 + 4 * M),), [(30, 34, 5)]),  # after a quiet window
        (list(reversed(minutes(*range(5)))), (), [(0, 4, 5)]),  # order does not matter
    ],
)
def test_lockout_storms(times, known, found):
    result = storms.storms(times, 10 * M, 5, known)
    assert [((s.first - T0) // M, (s.last - T0) // M, s.count) for s in result] == found


FACTS = {
    "title": "Изпратено писмо до грешен адресат",
    "description": "Писмо с ЕГН е изпратено на друг гражданин.",
    "discovered": START,
    "risk": "risk",
    "notification_text": "Текст",
    "measures": "Писмото е изтеглено.",
}


@pytest.mark.parametrize(
    ("act", "state", "changes", "hours", "code"),
    [
        ("assess", "reported", {}, 1, None),
        ("assess", "reported", {"risk": "unassessed"}, 1, "risk"),
        ("assess", "reported", {"description": "  "}, 1, "description"),
        ("assess", "assessed", {}, 1, "state"),
        ("notify", "assessed", {"notified_at": START + 5 * H}, 6, None),
        ("notify", "assessed", {}, 6, "notified_at"),
        ("notify", "assessed", {"notified_at": START + 7 * H}, 6, "notified_at"),  # in the future
        ("notify", "assessed", {"notified_at": START - H}, 6, "notified_at"),  # before discovery
        ("notify", "assessed", {"notified_at": START + 5 * H, "notification_text": ""}, 6, "text"),
        ("notify", "assessed", {"notified_at": START + 73 * H}, 80, "late_reason"),
        (
            "notify",
            "assessed",
            {"notified_at": START + 73 * H, "late_reason": "Празници"},
            80,
            None,
        ),
        (
            "notify",
            "assessed",
            {"notified_at": START + 5 * H, "risk": "none"},
            6,
            "notify_not_owed",
        ),
        ("not_notifiable", "assessed", {"risk": "none"}, 6, None),
        ("not_notifiable", "assessed", {"risk": "high"}, 6, "notify_owed"),
        ("reassess", "not_notifiable", {}, 6, None),
        ("close", "notified", {}, 6, None),
        ("close", "not_notifiable", {"measures": ""}, 6, "measures"),
        ("close", "reported", {}, 6, "state"),
    ],
)
def test_steps(act, state, changes, hours, code):
    assert rules.refusal(act, state, dict(FACTS, **changes), START + hours * H) == code


def test_every_refusal_has_a_message_and_a_client_status():
    for status, (msgid, default) in rules.REFUSALS.values():
        assert 400 <= status < 500 and msgid.startswith("error_incident_") and default


def test_notification_text_and_form_in_sofia_time():
    facts = dict(
        FACTS,
        controller="Община Примерна",
        dpo="Анелия Маринова",
        reference="2026-001",
        source="manual",
        deadline=clock.deadline(START),
        subjects_count=1,
        tell_subjects=False,
        notified_at=None,
    )
    text = form.notification_text(facts)
    assert "Община Примерна" in text and "07.12.2026 10:00" in text
    assert "приблизително 1." in text and "Причини за забавянето" not in text
    assert "Причини за забавянето" in form.notification_text(
        dict(facts, late_reason="x"), late=True
    )
    values = form.values(facts)
    assert values["discovered"] == "2026-12-07T10:00:00+02:00"
    assert values["deadline"] == "2026-12-10T10:00:00+02:00"
    assert values["source"] == "сигнал от служител" and values["notified_at"] is None
    labels = [label for label, _text in form.rows(facts)]
    assert len(labels) == len(form.FIELDS) and "Вероятни последици" in labels
    assert dict(form.rows(facts))["Причини за забавянето"] == form.UNKNOWN
