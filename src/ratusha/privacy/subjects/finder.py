"""Find everything about a person: registry documents (sender, recipient, mentioned), meetings
(guest, participant), council items (rapporteur, mentioned) and the employees' accounts.

Runs unrestricted: the DPO answers for what the municipality holds, whoever may see it. Each
finding carries the clear values (the DPO may read them) and the erasure verdict.
"""

import datetime
import json
from plone import api
from ratusha.audit.interfaces import find_records
from ratusha.core import dates
from ratusha.meetings.interfaces import parse_guest
from ratusha.privacy.interfaces import personal_number_key
from ratusha.privacy.interfaces import personal_number_keys
from ratusha.privacy.subjects import rules
from ratusha.privacy.subjects.query import Query
from ratusha.registry.interfaces import retention_status


SENDER_FIELDS = ("sender_name", "sender_email", "sender_address", "sender_personal_number")
READ = "privacy.personal-data-read"  # recorded by privacy.reads
PAGE = 500
PAGES = 20  # the newest 10,000 reads; find_records has no filter by object yet
REGISTRY_TYPES = ("IncomingDocument", "OutgoingDocument", "InternalDocument")
COUNCIL_TYPES = ("AgendaItem", "CommitteeOpinion", "Session")


def _same(a, b) -> bool:
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()


def _catalog(**query):
    return api.portal.get_tool("portal_catalog").unrestrictedSearchResults(**query)


def _retention(obj):
    """The filing plan's word on a document, as the rule reads it; None where the registry
    does not say (the rule then refuses under the Archives Act)."""
    try:
        status = retention_status(obj)
    except LookupError:  # no IRetention utility: the registry's retention is not configured
        return None
    return rules.Retention(status.until, status.held, status.may_erase, status.reason)


def _finding(obj, source, role, fields, index=None, registered=False, retention=None):
    verdict = rules.erasure_verdict(source, role, registered, retention)
    uid = api.content.get_uuid(obj)
    return {
        "id": ":".join(str(part) for part in (uid, role, index) if part is not None),
        "source": source,
        "role": role,
        "uid": uid,
        "type": obj.portal_type,
        "title": obj.Title(),
        "url": obj.absolute_url(),
        "path": "/".join(obj.getPhysicalPath()),
        "state": api.content.get_state(obj, default=None),
        "number": getattr(obj, "registration_number", None) or None,
        "fields": fields,
        "may_erase": verdict.may_erase,
        "refusal": None if verdict.may_erase else verdict.code,
        "reason": verdict.reason,
        "retention_until": retention.until.isoformat() if retention and retention.until else None,
        "may_rectify": rules.may_rectify(source, role),
    }


def _sender_matches(obj, query: Query) -> bool:
    if query.name and _same(obj.sender_name, query.name):
        return True
    if query.email and _same(getattr(obj, "sender_email", None), query.email):
        return True
    if query.personal_number:
        number = getattr(obj, "sender_personal_number", None)
        return bool(number) and _number_key(number) == query.personal_number_key
    return False


def _number_key(number):
    try:
        return personal_number_key(number)
    except ValueError:  # a value an older release let in; it is no one's ЕГН/ЛНЧ
        return None


def mentions(text, query: Query) -> bool:
    folded = (text or "").casefold()
    return any(term.casefold() in folded for term in (query.name, query.email) if term)


def _registry(obj, query: Query):
    registered = bool(getattr(obj, "registration_number", None))
    retention = _retention(obj) if registered else None
    if obj.portal_type == "IncomingDocument" and _sender_matches(obj, query):
        fields = {name: getattr(obj, name, None) or "" for name in SENDER_FIELDS}
        return _finding(obj, rules.REGISTRY, "sender", fields, None, registered, retention)
    lines = (getattr(obj, "recipients", "") or "").splitlines()
    if any(mentions(line, query) for line in lines):
        fields = {"recipients": "\n".join(line for line in lines if mentions(line, query))}
        return _finding(obj, rules.REGISTRY, "recipient", fields, None, registered, retention)
    return _finding(obj, rules.REGISTRY, "mentioned", {}, None, registered, retention)


def _meeting(obj, query: Query, user_ids):
    found = []
    for index, line in enumerate(obj.guests or ()):
        try:
            name, address = parse_guest(line)
        except ValueError:
            continue
        if _same(name, query.name) or _same(address, query.email):
            found.append(_finding(obj, rules.MEETING, "guest", {"guest": line}, index))
    for user_id in sorted(set(obj.participants or ()) & user_ids):
        found.append(_finding(obj, rules.MEETING, "participant", {"user": user_id}, user_id))
    return found


def _council(obj, query: Query, user_ids):
    rapporteur = getattr(obj, "rapporteur", None)  # "mayor:<user id>", "councillor:<user id>"
    if rapporteur and rapporteur.split(":")[-1] in user_ids:
        return _finding(obj, rules.COUNCIL, "rapporteur", {"user": rapporteur})
    return _finding(obj, rules.COUNCIL, "mentioned", {})


def accounts(query: Query) -> list[dict]:
    """Employees' accounts (Plone and the directory) whose full name or e-mail is the person's."""
    found = {}
    pas = api.portal.get_tool("acl_users")
    for key, term in (("fullname", query.name), ("email", query.email)):
        if not term:
            continue
        for info in pas.searchUsers(**{key: term}):
            user = api.user.get(userid=info["userid"])
            if user is None:
                continue
            fullname, email = user.getProperty("fullname", ""), user.getProperty("email", "")
            if _same(fullname, query.name) or _same(email, query.email):
                found[info["userid"]] = {
                    "id": f"account:{info['userid']}",
                    "source": rules.ACCOUNT,
                    "role": "account",
                    "user": info["userid"],
                    "fields": {"fullname": fullname, "email": email},
                }
    verdict = rules.refusal(rules.ACCOUNT)
    return [
        row | {"may_erase": False, "refusal": verdict.code, "reason": verdict.reason}
        for _user, row in sorted(found.items())
    ]


def _text_hits(query: Query) -> dict:
    """Objects whose searchable text has the name or the e-mail, by UID."""
    hits = {}
    for term in (query.name, query.email):
        if term:
            for brain in _catalog(SearchableText=f'"{term}"'):
                hits[brain.UID] = brain
    return hits


def reads(items) -> list[dict]:
    """Who read the personal data of what was found, and when (the audit trail)."""
    paths = {item["uid"]: item for item in items}
    found, before = [], None
    verdict = rules.refusal(rules.AUDIT)
    for _page in range(PAGES):
        rows = find_records(action=READ, before=before, limit=PAGE)
        for row in rows:
            item = paths.get(row["object_uid"])
            if item is None:
                continue
            details = json.loads(row["details"] or "{}")
            found.append(
                {
                    "id": f"read:{row['seq']}",
                    "source": rules.AUDIT,
                    "role": "read",
                    "uid": item["uid"],
                    "title": item["title"],
                    "url": item["url"],
                    "fields": {
                        "time": dates.iso(datetime.datetime.fromisoformat(row["ts"])),
                        "reader": row["actor_login"] or row["actor_id"] or "",
                        "fields": ", ".join(details.get("fields", ())),
                        "via": details.get("via", ""),
                    },
                    "may_erase": False,
                    "refusal": verdict.code,
                    "reason": verdict.reason,
                }
            )
        if len(rows) < PAGE:
            break
        before = rows[-1]["seq"]
    return found


def find(query: Query) -> dict:
    """Everything found about the person: {"accounts", "items", "reads"}, lists of findings."""
    people = accounts(query)
    user_ids = {row["user"] for row in people}
    mentioned = _text_hits(query)
    brains = dict(mentioned)
    if query.personal_number:
        # the registry's keyed-hash index, under every search key in the ring (rotation)
        keys = personal_number_keys(query.personal_number)
        brains.update({b.UID: b for b in _catalog(registry_personal_number=keys)})
    if query.email:
        # sender e-mails are not searchable text (personal data): look at each
        brains.update({b.UID: b for b in _catalog(portal_type="IncomingDocument")})
    brains.update({b.UID: b for b in _catalog(portal_type="Meeting")})
    if user_ids:
        brains.update({b.UID: b for b in _catalog(portal_type="AgendaItem")})
    items = []
    for brain in sorted(brains.values(), key=lambda b: b.getPath()):
        obj = brain._unrestrictedGetObject()
        if brain.portal_type in REGISTRY_TYPES:
            found = _registry(obj, query)
            if found["role"] != "mentioned" or brain.UID in mentioned:
                items.append(found)
        elif brain.portal_type == "Meeting":
            items.extend(_meeting(obj, query, user_ids))
        elif brain.portal_type in COUNCIL_TYPES:
            found = _council(obj, query, user_ids)
            if found["role"] != "mentioned" or brain.UID in mentioned:
                items.append(found)
    return {"accounts": people, "items": items, "reads": reads(items)}
