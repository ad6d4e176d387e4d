"""The acts on an incident: report, change the facts, move it on; each checked, then audited.

Refusals raise InputError with a translated message and an HTTP status (ratusha.core.rest),
so REST answers 4xx and pages show the message.
"""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import sofia
from ratusha.core.rest import InputError
from ratusha.core.settings import get_settings
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import form
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import rules
from ratusha.privacy.incidents.content import aware
from ratusha.privacy.incidents.content import FIELDS
from ratusha.privacy.incidents.content import RISKS
from ratusha.privacy.incidents.content import TIMES


TEXTS = (
    "title",
    "description",
    "subject_categories",
    "data_categories",
    "consequences",
    "measures",
    "notification_text",
    "late_reason",
)
COUNTS = ("subjects_count", "records_count")
EDITABLE = set(FIELDS) - {"source"}
MAX_TEXT = 20000


def _bad(field):
    return InputError(
        _(
            "error_incident_field",
            default="«${field}» has a value that does not fit.",
            mapping={"field": field},
        )
    )


def parse_time(value, field):
    """An ISO 8601 time; one without an offset is Sofia's wall clock."""
    if not isinstance(value, str):
        raise _bad(field)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise _bad(field) from None
    return aware(moment)


def clean(data: dict, fields=EDITABLE) -> dict:
    """The changes in `data`, typed and checked; unknown or misfit fields are a 400."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise InputError(
            _(
                "error_incident_unknown",
                default="Unknown fields: ${names}.",
                mapping={"names": ", ".join(unknown)},
            )
        )
    changes = {}
    for name, value in data.items():
        if name in TEXTS:
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                raise _bad(name)
            value = value.strip()
            if name == "title" and not value:
                raise _bad(name)
        elif name in COUNTS:
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                raise _bad(name)
        elif name in TIMES:
            value = None if value is None and name != "discovered" else parse_time(value, name)
            if value is not None and value > datetime.datetime.now(datetime.UTC):
                raise _bad(name)
        elif name == "risk":
            if value not in RISKS:
                raise _bad(name)
        changes[name] = value
    return changes


def report(data: dict):
    """An employee reports a suspected incident by hand (register.may_report)."""
    if not register.may_report():
        raise InputError(
            _(
                "error_incident_report_forbidden",
                default="Only the municipality's employees report incidents here.",
            ),
            status=403,
        )
    changes = clean(data, {"title", "description", "discovered"})
    if not changes.get("title"):
        raise _bad("title")
    incident, _new = register.file_incident(
        changes["title"],
        "manual",
        discovered=changes.get("discovered"),
        description=changes.get("description", ""),
        reporter=api.user.get_current().getId(),
    )
    return incident


def update(incident, data: dict) -> list[str]:
    if incident.state() == "closed":
        raise InputError(rules.REFUSALS["state"][1], status=409)
    changes = clean(data)
    for name, value in changes.items():
        setattr(incident, name, sofia(value) if name in TIMES and value else value)
    incident.reindexObject()
    record(
        "privacy.incident-changed",
        obj=incident,
        details={"incident": incident.getId(), "fields": sorted(changes)},
    )
    return sorted(changes)


def facts_for_form(incident) -> dict:
    facts = incident.facts()
    settings = get_settings()
    facts.update(
        controller=settings.municipality_name,
        dpo=_dpo_names(),
        reference=incident.getId(),
        deadline=clock.deadline(facts["discovered"]),
        tell_subjects=clock.duties(facts["risk"])[1],
    )
    return facts


def _dpo_names() -> str:
    users = (
        api.user.get_users(groupname="data-protection") if api.group.get("data-protection") else []
    )
    return ", ".join(sorted(u.getProperty("fullname") or u.getId() for u in users))


def draft_text(incident) -> str:
    facts = facts_for_form(incident)
    sent = facts.get("notified_at")
    return form.notification_text(facts, late=bool(sent and clock.late(facts["discovered"], sent)))


def move(incident, act: str) -> str:
    """Do `act` (rules.ACTS) or refuse with the rule's reason."""
    if act not in rules.ACTS:
        raise InputError(
            _("error_incident_act", default="Unknown step «${act}».", mapping={"act": act}),
            status=404,
        )
    code = rules.refusal(
        act, incident.state(), incident.facts(), datetime.datetime.now(datetime.UTC)
    )
    if code is not None:
        status, (msgid, default) = rules.REFUSALS[code]
        raise InputError(_(msgid, default=default), status=status)
    if act == "assess" and not (incident.notification_text or "").strip():
        incident.notification_text = draft_text(incident)
    before = incident.state()
    api.content.transition(obj=incident, transition=act)
    facts = incident.facts()
    record(
        f"privacy.incident-{act.replace('_', '-')}",
        obj=incident,
        details={
            "incident": incident.getId(),
            "from": before,
            "to": incident.state(),
            "risk": facts["risk"],
            "late": bool(
                facts["notified_at"] and clock.late(facts["discovered"], facts["notified_at"])
            ),
        },
    )
    return incident.state()
