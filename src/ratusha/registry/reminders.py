"""Deadline reminders, for a clock (cron) to call once a day or more often.

An executor hears of an open task the day before its deadline (while no working day is left
before it) and on the day itself. Each task remembers which reminders it has had for which
deadline, so calling this again the same day sends nothing new, and a moved deadline gets
reminders of its own.
"""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.notifications.interfaces import notify
from ratusha.registry import substitutes
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.content import TASK
from ratusha.registry.deadlines import reminder


OPEN = ("assigned", "in_progress")
SUBJECTS = {
    "day-before": _("notice_reminder_soon", default="Deadline ${deadline}: ${title}"),
    "due-today": _("notice_reminder_today", default="Deadline today: ${title}"),
}


def send_reminders(day=None):
    day = day or today()
    work = work_calendar()
    horizon = work.add_working_days(day, 1)
    catalog = api.portal.get_tool("portal_catalog")
    sent = {"day-before": 0, "due-today": 0}
    brains = catalog.unrestrictedSearchResults(
        portal_type=TASK,
        review_state=list(OPEN),
        registry_deadline={"query": (day.isoformat(), horizon.isoformat()), "range": "min:max"},
    )
    for brain in brains:
        task = brain._unrestrictedGetObject()
        kind = reminder(task.deadline, day, work)
        key = (kind, task.deadline.isoformat()) if kind else None
        if key is None or key in tuple(task.reminders or ()):
            continue
        document = task.document()
        subject = SUBJECTS[kind]
        notify(
            [task.assignee],
            "registry.reminder",
            _(
                subject,
                default=subject.default,
                mapping={"title": document.Title(), "deadline": task.deadline.strftime("%d.%m.%Y")},
            ),
            task.instruction or "",
            document.absolute_url(),
        )
        task.reminders = tuple(task.reminders or ()) + (key,)
        sent[kind] += 1
    refreshed = substitutes.refresh()
    if any(sent.values()):
        record("registry.reminders", details=dict(sent, day=day.isoformat()))
    return dict(sent, day=day.isoformat(), substitutions_refreshed=refreshed)


def parse_day(value):
    """A YYYY-MM-DD text (or nothing: today); anything else, a repeated `day` too, ValueError."""
    if not value:
        return None
    if not isinstance(value, str):
        raise ValueError("day must be one YYYY-MM-DD text")
    return datetime.date.fromisoformat(value)
