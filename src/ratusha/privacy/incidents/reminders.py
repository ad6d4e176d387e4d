"""Reminders to the officer before the 72 hours run out, for the clock call.

Thresholds (hours left) are a setting; each incident keeps the marks of the reminders it had,
so calling the clock again sends nothing new, and a late call sends only the nearest one.
"""

import datetime
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import short_datetime
from ratusha.notifications.interfaces import notify
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import sources
from ratusha.privacy.incidents.content import OPEN
from ratusha.privacy.incidents.sources import setting


THRESHOLDS = "ratusha.privacy.incidents.reminder_hours"
DEFAULT_THRESHOLDS = (48, 24, 6)
SUBJECTS = {
    "overdue": _(
        "notice_incident_overdue",
        default="Overdue: notify КЗЛД of incident ${id} (due ${deadline})",
    ),
}
SOON = _(
    "notice_incident_reminder",
    default="${hours} h left to notify КЗЛД of incident ${id} (due ${deadline})",
)


def send_reminders(now) -> dict:
    thresholds = [int(h) for h in setting(THRESHOLDS, DEFAULT_THRESHOLDS)]
    sent = {}
    for incident in register.incidents(unrestricted=True):
        facts = incident.facts()
        if incident.state() not in OPEN or not clock.duties(facts["risk"])[0]:
            continue
        mark, marks = clock.reminder_due(
            facts["discovered"], now, thresholds, tuple(incident.reminders)
        )
        if mark is None:
            continue
        incident.reminders = marks
        due = short_datetime(clock.deadline(facts["discovered"]))
        subject = SUBJECTS.get(mark, SOON)
        notify(
            [register.DPO],
            "privacy.incident-reminder",
            _(
                subject,
                default=subject.default,
                mapping={"id": incident.getId(), "deadline": due, "hours": mark[:-1]},
            ),
            incident.Title(),
            incident.absolute_url(),
        )
        sent[incident.getId()] = mark
    if sent:
        record("privacy.incident-reminders", details={"sent": sent})
    return sent


def run_clock(now=None) -> dict:
    """The clock call: look for storms and chain breaks, then remind (each idempotent)."""
    now = now or datetime.datetime.now(datetime.UTC)
    return {
        "storms": sources.look_for_storms(now),
        "chain_breaks": sources.look_for_chain_break(now),
        "reminders": send_reminders(now),
    }
