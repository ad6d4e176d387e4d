"""Where incidents come from besides people: alerts, lockout storms, a broken audit chain.

Alerts arrive as events (IPersonalDataAlert) and make a draft incident at once. Lockout storms
and chain breaks are looked for by the clock call (@@incidents-clock): lockouts are on the
audit trail, and walking the chain is work for a clock, not for every refused login.
"""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import find_records
from ratusha.audit.interfaces import record
from ratusha.audit.interfaces import verify_chain
from ratusha.core.dates import iso
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import storms
from ratusha.privacy.incidents.register import translate_bg


STORM_COUNT = "ratusha.privacy.incidents.storm_lockouts"
STORM_MINUTES = "ratusha.privacy.incidents.storm_minutes"
LOOKBACK = datetime.timedelta(hours=24)


def setting(name, default):
    value = api.portal.get_registry_record(name, default=None)
    return default if value is None else value


def alert_raised(event):
    """An alert on reads of personal data: one draft incident for it (the same alert again: none)."""
    when = event.when or datetime.datetime.now(datetime.UTC)
    key = f"alert:{event.rule}:{event.principal}:{iso(when)}"
    register.file_incident(
        translate_bg(
            _(
                "incident_title_alert",
                default="Alert: ${summary}",
                mapping={"summary": event.summary},
            )
        ),
        "alert",
        discovered=when,
        description=translate_bg(
            _(
                "incident_text_alert",
                default="Rule «${rule}» fired on the activity of the account «${principal}».",
                mapping={"rule": event.rule, "principal": event.principal},
            )
        ),
        key=key,
        details={"rule": event.rule, "principal": event.principal, **dict(event.details or {})},
    )


def lockout_times(since) -> list[datetime.datetime]:
    """When logins or addresses were locked since `since` (the audit trail's auth.lockout)."""
    found, before, page = [], None, 500
    stamp = since.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    while True:
        rows = find_records(action="auth.lockout", since=stamp, before=before, limit=page)
        found.extend(
            datetime.datetime.strptime(row["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                tzinfo=datetime.UTC
            )
            for row in rows
        )
        if len(rows) < page:
            return found
        before = rows[-1]["seq"]


def look_for_storms(now) -> list[str]:
    window = datetime.timedelta(minutes=int(setting(STORM_MINUTES, 10)))
    threshold = int(setting(STORM_COUNT, 10))
    known = [
        (
            datetime.datetime.fromisoformat(i.source_details["first"]),
            datetime.datetime.fromisoformat(i.source_details["last"]),
        )
        for i in register.incidents(unrestricted=True)
        if i.source == "lockout_storm" and i.source_details
    ]
    filed = []
    times = [moment for moment in lockout_times(now - LOOKBACK) if moment <= now]
    for storm in storms.storms(times, window, threshold, known):
        incident, new = register.file_incident(
            translate_bg(
                _(
                    "incident_title_storm",
                    default="Lockout storm: ${count} lockouts",
                    mapping={"count": storm.count},
                )
            ),
            "lockout_storm",
            discovered=now,
            description=translate_bg(
                _(
                    "incident_text_storm",
                    default="${count} logins or addresses were locked between ${first} and ${last}: "
                    "somebody may be guessing passwords.",
                    mapping={
                        "count": storm.count,
                        "first": iso(storm.first),
                        "last": iso(storm.last),
                    },
                )
            ),
            key=f"lockout_storm:{iso(storm.first)}",
            details={
                "first": storm.first.isoformat(),
                "last": storm.last.isoformat(),
                "count": storm.count,
            },
        )
        if new:
            filed.append(incident.getId())
    return filed


def look_for_chain_break(now) -> list[str]:
    verdict = verify_chain()
    if verdict["ok"]:
        return []
    first = verdict["problems"][0]
    incident, new = register.file_incident(
        translate_bg(_("incident_title_chain", default="The audit trail's chain is broken")),
        "audit_chain",
        discovered=now,
        description=translate_bg(
            _(
                "incident_text_chain",
                default="The audit trail's verification found ${count} problem(s), the first at "
                "record ${seq}: ${reason}. Records may have been changed or removed.",
                mapping={
                    "count": len(verdict["problems"]),
                    "seq": first["seq"],
                    "reason": first["reason"],
                },
            )
        ),
        key=f"audit_chain:{first['seq']}",
        details={
            "checked": verdict["checked"],
            "problems": len(verdict["problems"]),
            "first_seq": first["seq"],
        },
    )
    return [incident.getId()] if new else []


def edited(incident, event):
    """A change through the edit form is an act too (the REST and page acts record their own)."""
    fields = sorted(
        {name for attrs in event.descriptions for name in getattr(attrs, "attributes", ())}
    )
    record(
        "privacy.incident-changed",
        obj=incident,
        details={"incident": incident.getId(), "fields": fields},
    )
