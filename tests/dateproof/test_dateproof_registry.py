"""Registry at awkward moments: numbers and received dates of the Sofia day and year,
resolution deadlines on working days by the law's calendar, reminders, overdue status."""

import datetime
from dateutil.relativedelta import relativedelta
from moments import days_after
from moments import is_working_day
from moments import next_working_day
from moments import SOFIA
from moments import today
from plone import api
from plone.restapi.interfaces import ISerializeToJson
from ratusha.interfaces import IRatushaLayer
from ratusha.registry import actions
from ratusha.registry import reminders
from ratusha.registry.config import work_calendar
from ratusha.registry.interfaces import IIncomingDocument
from registry_helpers import incoming
from zope.component import getMultiAdapter
from zope.interface import alsoProvides


def resolve(doc, **deadline):
    with api.env.adopt_user("head"):
        return actions.issue_resolution(doc, ["writer"], "Да се отговори.", **deadline)


def deadline_status(resolution):
    """As GET on the document answers it."""
    doc = resolution.aq_parent
    return getMultiAdapter((doc, doc.REQUEST), ISerializeToJson)()["registry"]["deadline_status"]


def test_a_document_is_received_and_numbered_on_the_sofia_day(registry_people, moment):
    day = today()
    first = incoming(registry_people)
    second = incoming(registry_people, title="Заявление", kind="application")
    for doc in (first, second):
        assert doc.received == day
        assert doc.registration_date == day and doc.registration_year == day.year
        assert doc.registration_number.endswith(f"/{day:%d.%m.%Y}")
    assert second.registration_seq == first.registration_seq + 1
    assert IIncomingDocument["received"].bind(first).default == day  # the add form's default
    alsoProvides(first.REQUEST, IRatushaLayer)
    with api.env.adopt_user("clerk"):
        page = first.restrictedTraverse("@@document-view")
        assert [entry["when"] for entry in page.history()] == [
            datetime.datetime.now(SOFIA).strftime("%d.%m.%Y %H:%M")
        ]


def test_deadlines_fall_on_working_days_and_remind_before_and_on_the_day(registry_people, moment):
    day, tomorrow = today(), next_working_day(today())
    assert work_calendar().is_working_day(day) is is_working_day(day)
    by_term = {
        term: resolve(incoming(registry_people), term=term).deadline
        for term in ("10wd", "14d", "1m")
    }
    assert all(is_working_day(deadline) for deadline in by_term.values()), by_term
    assert sum(map(is_working_day, days_after(day, by_term["10wd"]))) == 10
    for term, due in (
        ("14d", day + datetime.timedelta(days=14)),
        ("1m", day + relativedelta(months=1)),
    ):
        # on the day the term ends, or the first working day after it (ГПК чл. 60)
        assert by_term[term] >= due
        assert not any(
            map(
                is_working_day,
                days_after(
                    due - datetime.timedelta(days=1), by_term[term] - datetime.timedelta(days=1)
                ),
            )
        )
    soon = resolve(incoming(registry_people), deadline=tomorrow.isoformat())
    due = resolve(incoming(registry_people), deadline=day.isoformat())
    sent = reminders.send_reminders()
    assert sent["day"] == day.isoformat()
    assert tuple(soon.tasks()[0].reminders) == (("day-before", tomorrow.isoformat()),)
    assert tuple(due.tasks()[0].reminders) == (("due-today", day.isoformat()),)
    again = reminders.send_reminders()
    assert again["day-before"] == again["due-today"] == 0
    assert deadline_status(soon) == "soon" and deadline_status(due) == "today"
    yesterday = resolve(incoming(registry_people), deadline=day.isoformat())
    yesterday.aq_parent.deadline = day - datetime.timedelta(days=1)
    assert deadline_status(yesterday) == "overdue"
