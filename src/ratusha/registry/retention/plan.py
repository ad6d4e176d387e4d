"""The filing plan as stored: a plone.registry collection of IPlanEntry records."""

from plone.registry.interfaces import IRegistry
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.rest import InputError
from ratusha.registry.interfaces import IPlanEntry
from ratusha.registry.interfaces import IRetentionSettings
from ratusha.registry.retention import rules
import re
from zope.component import getUtility


PLAN_PREFIX = "ratusha.registry.plan"
SETTINGS_PREFIX = "ratusha.registry.retention"
# the register kind of each type; the document's `kind` completes the key
TYPE_KEYS = {
    "IncomingDocument": "incoming",
    "OutgoingDocument": "outgoing",
    "InternalDocument": "internal",
}
CASE_KEY = "case.file"
KEY = re.compile(r"((incoming|outgoing|internal)\.[a-z_]{1,40}|case\.file)\Z")


def _records():
    return getUtility(IRegistry).collectionOfInterface(IPlanEntry, prefix=PLAN_PREFIX)


def entry_of(record, key) -> rules.PlanEntry:
    return rules.PlanEntry(
        key,
        record.index,
        record.title,
        None if record.permanent else record.years,
        record.archive,
        record.start,
    )


def entries() -> dict[str, rules.PlanEntry]:
    """Every plan entry by key, sorted by index number."""
    found = {key: entry_of(record, key) for key, record in _records().items()}
    return dict(sorted(found.items(), key=lambda item: (item[1].index, item[0])))


def key_of(obj) -> str:
    if obj.portal_type == "CaseFile":
        return CASE_KEY
    return f"{TYPE_KEYS.get(obj.portal_type, obj.portal_type)}.{getattr(obj, 'kind', None)}"


def entry_for(obj) -> rules.PlanEntry | None:
    key = key_of(obj)
    records = _records()
    return entry_of(records[key], key) if key in records else None


def save(key, index, title, years, archive, start) -> rules.PlanEntry:
    """Write an entry (new or changed); PlanError (400) when the values cannot decide."""
    entry = rules.check_entry(key, index, title, years, archive, start)
    records = _records()
    if not KEY.match(key or ""):
        raise rules.PlanError(
            rules._("error_plan_key", default="No such kind of document in the registry.")
        )
    record = records.setdefault(key)
    record.index, record.title, record.archive, record.start = (
        entry.index,
        entry.title,
        entry.archive,
        entry.start,
    )
    record.permanent = entry.years is None
    if entry.years is not None:
        record.years = entry.years
    return entry


def handover_years() -> int:
    settings = getUtility(IRegistry).forInterface(
        IRetentionSettings, prefix=SETTINGS_PREFIX, check=False
    )
    return settings.handover_years or rules.HANDOVER_YEARS


def change(key, index, title, years, archive, start) -> rules.PlanEntry:
    """Save an entry as a person asked (page or REST): 400 with the reason, or recorded."""
    try:
        entry = save(key, index, title, years, archive, start)
    except rules.PlanError as exc:
        raise InputError(_(exc.message[0], default=exc.message[1])) from None
    record(
        "registry.plan-changed",
        details={
            "kind": key,
            "index": entry.index,
            "years": entry.years,
            "archive": entry.archive,
            "start": entry.start,
        },
    )
    return entry
