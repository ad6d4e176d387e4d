"""Alerts on reads of personal data, for a clock (cron) to call every few minutes.

Why a clock and not each read: a read stays a read (no ZODB write and no notice in the
reader's transaction, so page views stay fast and never conflict), refusals happen in
transactions that abort, and the audit trail already holds every read, export and refusal in
one order. Each call reads the acts since its last call (plus one window back, so a burst that
straddles two calls is seen whole), asks the rules, and for each new alert notifies the
data protection officers, records "privacy.alert" and fires IPersonalDataAlert. What an alert
covered is read back from those records, so calling again fires nothing twice.
"""

import datetime
import json
from persistent.mapping import PersistentMapping
from plone import api
from ratusha import _
from ratusha.audit.interfaces import find_records
from ratusha.audit.interfaces import IPersonalData
from ratusha.audit.interfaces import record
from ratusha.core.dates import short_datetime
from ratusha.notifications.interfaces import notify
from ratusha.privacy.interfaces import IPersonalDataAlert
from ratusha.privacy.reads import rules
from ratusha.privacy.reads import settings
from ratusha.privacy.reads.recording import ACTION as READ_ACTION
from zope.annotation.interfaces import IAnnotations
from zope.event import notify as fire
from zope.interface import implementer


ALERT = "privacy.alert"
STATE = "ratusha.privacy.reads"  # the portal's annotation: when the clock last looked
DPO_GROUP = "data-protection"
EXPORTS = {"registry.export": "rows", "audit.export": "count"}
REFUSED = "access.denied"
REMEMBER = datetime.timedelta(days=31)  # longer than any stretch of days off

TITLES = {
    rules.MANY_READS: _("alert_many_reads", default="Many records read"),
    rules.BULK_EXPORT: _("alert_bulk_export", default="Bulk export"),
    rules.AFTER_HOURS: _("alert_after_hours", default="Personal data read outside working hours"),
    rules.REFUSALS: _("alert_refusals", default="Repeated refusals"),
}


@implementer(IPersonalDataAlert)
class PersonalDataAlert:
    def __init__(self, rule, principal, summary, details, when):
        self.rule = rule
        self.principal = principal
        self.summary = summary
        self.details = details
        self.when = when


def _stamp(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(ts: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(ts).astimezone(datetime.UTC)


def _records(action, since, until, outcome=None):
    """Every record of `action` from `since` up to `until`, oldest first (paged by seq)."""
    found, before = [], None
    while True:
        page = find_records(action=action, outcome=outcome, since=_stamp(since), before=before)
        found += [row for row in page if _moment(row["ts"]) <= until]
        if len(page) < 500:
            return list(reversed(found))
        before = page[-1]["seq"]


def _details(row) -> dict:
    try:
        value = json.loads(row.get("details") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _count(value) -> int:
    return value if isinstance(value, int) and value > 0 else 1


def _holds_personal_data(portal, path) -> bool:
    """Whether a refused request aimed at content with personal data (or below it)."""
    parts = [p for p in (path or "").split("/") if p and not p.startswith("++")]
    site = portal.getPhysicalPath()
    if tuple(parts[: len(site) - 1]) == site[1:]:
        parts = parts[len(site) - 1 :]
    obj = portal
    for part in parts:
        if part.startswith("@"):
            break
        traverse = getattr(obj, "unrestrictedTraverse", None)
        # a refused path is anything a client sent: a method, a text, a name that fails
        try:
            obj = traverse(part, None) if traverse is not None else None
        except (UnicodeError, AttributeError, KeyError, TypeError, ValueError):
            return False
        if obj is None:
            return False
        if IPersonalData.providedBy(obj):
            return True
    return False


def acts(since, until):
    """The reads, exports and refusals of personal data from the audit trail, as rule acts."""
    found = []
    for row in _records(READ_ACTION, since, until):
        details = _details(row)
        kind = rules.EXPORT if details.get("via") == "export" else rules.READ
        found.append(
            rules.Act(row["actor_id"], _moment(row["ts"]), kind, _count(details.get("count")))
        )
    for action, key in EXPORTS.items():
        for row in _records(action, since, until):
            count = _count(_details(row).get(key))
            found.append(rules.Act(row["actor_id"], _moment(row["ts"]), rules.EXPORT, count))
    portal = api.portal.get()
    for row in _records(REFUSED, since, until, outcome="denied"):
        if row["actor_id"] and _holds_personal_data(portal, row["object_path"]):
            found.append(rules.Act(row["actor_id"], _moment(row["ts"]), rules.REFUSAL))
    return [act for act in found if act.principal]


def already_fired(since) -> dict:
    fired = {}
    for row in _records(ALERT, since - REMEMBER, datetime.datetime.now(datetime.UTC)):
        try:
            key, moment = rules.covered(_details(row))
        except (KeyError, TypeError, ValueError):
            continue
        fired[key] = max(moment, fired.get(key, moment))
    return fired


def summary(alert: rules.Alert):
    return _(
        "alert_summary",
        default="${rule}: ${principal}, ${count} from ${start} to ${end}",
        mapping={
            "rule": TITLES[alert.rule],
            "principal": alert.principal,
            "count": alert.count,
            "start": short_datetime(alert.start),
            "end": short_datetime(alert.end),
        },
    )


def raise_alert(alert: rules.Alert, now):
    """Tell the officers, put it on the trail, and announce it (the incident register listens)."""
    portal = api.portal.get()
    text = summary(alert)
    details = alert.details()
    notify(
        [DPO_GROUP],
        ALERT,
        _(
            "notice_privacy_alert",
            default="Personal data alert: ${rule}",
            mapping={"rule": TITLES[alert.rule]},
        ),
        text,
        f"{portal.absolute_url()}/@@personal-data-alerts",
    )
    record(ALERT, details=details)
    fire(PersonalDataAlert(alert.rule, alert.principal, text, details, now))


def check(now=None) -> dict:
    """Look at what happened since the last call; answer how many alerts of each rule fired."""
    now = now or datetime.datetime.now(datetime.UTC)
    values = settings.load()
    longest = datetime.timedelta(
        minutes=max(values.many_reads_minutes, values.bulk_export_minutes, values.refusals_minutes)
    )
    state = IAnnotations(api.portal.get()).get(STATE)
    last = _moment(state["checked_until"]) if state else now - longest
    since = min(last, now) - longest
    alerts = rules.evaluate(acts(since, now), values, already_fired(since))
    for alert in alerts:
        raise_alert(alert, now)
    IAnnotations(api.portal.get())[STATE] = PersistentMapping(checked_until=_stamp(now))
    counts = {rule: 0 for rule in rules.RULES}
    for alert in alerts:
        counts[alert.rule] += 1
    return {"checked_until": now.isoformat(), "since": since.isoformat(), "alerts": counts}


def recent(limit=100) -> list:
    """The latest alerts, newest first, for the officers' page and REST."""
    found = []
    for row in find_records(action=ALERT, limit=limit):
        details = _details(row)
        if details.get("rule") not in TITLES:
            continue
        found.append(
            dict(
                details,
                seq=row["seq"],
                ts=row["ts"],
                title=TITLES[details["rule"]],
            )
        )
    return found
