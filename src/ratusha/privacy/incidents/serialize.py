"""An incident as JSON for REST and pages: times in Sofia (ISO 8601 with the offset)."""

import datetime
from ratusha.core.dates import iso
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import form
from ratusha.privacy.incidents.acts import facts_for_form
from ratusha.privacy.incidents.content import FIELDS
from ratusha.privacy.incidents.content import TIMES


def _time(value):
    return iso(value) if value else None


def summary(incident, now=None) -> dict:
    facts = incident.facts()
    state = incident.clock(now or datetime.datetime.now(datetime.UTC))
    notify_required, tell_subjects = clock.duties(facts["risk"])
    return {
        "@id": incident.absolute_url(),
        "id": incident.getId(),
        "title": facts["title"],
        "review_state": incident.state(),
        "source": facts["source"],
        "risk": facts["risk"],
        "discovered": _time(facts["discovered"]),
        "deadline": _time(state.deadline),
        "clock": state.status,
        "seconds_left": state.seconds_left,
        "notify_required": notify_required,
        "tell_subjects": tell_subjects,
    }


def full(incident, now=None) -> dict:
    data = summary(incident, now)
    facts = incident.facts()
    data.update({name: facts[name] for name in FIELDS if name not in TIMES})
    data["notified_at"] = _time(facts["notified_at"])
    data.update(
        reported_by=incident.reported_by,
        source_details=incident.source_details,
        reminders=list(incident.reminders),
    )
    return data


def export(incident) -> dict:
    """The notification in the shape of КЗЛД's form, with the text as it stands."""
    facts = facts_for_form(incident)
    return {
        "form": "КЗЛД: уведомление за нарушение на сигурността на личните данни (чл. 33 ОРЗД)",
        "fields": form.values(facts),
        "labels": dict(form.FIELDS),
        "notification_text": facts["notification_text"] or "",
    }
