"""The DPO's acts on a data-subject request: open it, change its status, search, export,
rectify, erase. Each checks, then writes, and is recorded in the audit trail by the request's
number and the keyed hash of a personal number, never the person's data.

Shared by the page and the REST services; InputError is the person's mistake (4xx).
"""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core import dates
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.meetings.interfaces import parse_guest
from ratusha.privacy.interfaces import personal_data_read
from ratusha.privacy.interfaces import personal_number_key
from ratusha.privacy.subjects import finder
from ratusha.privacy.subjects import query as queries
from ratusha.privacy.subjects import rules
from ratusha.privacy.subjects import store


ANONYMISED = "Анонимизирано"
MAX_REASON = 2000


def _text(data, key, required=True, limit=200) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise InputError(
            _(
                "error_field_type",
                default="«${field}» has a value of the wrong type.",
                mapping={"field": key},
            )
        )
    value = value.strip()
    if required and not value:
        raise InputError(
            _("error_subjects_required", default="«${field}» is required.", mapping={"field": key})
        )
    if len(value) > limit:
        raise InputError(
            _(
                "error_subjects_term_long",
                default="«${field}» is too long (at most ${size} characters).",
                mapping={"field": key, "size": limit},
            )
        )
    return value


def _choice(data, key, allowed) -> str:
    value = _text(data, key)
    if value not in allowed:
        raise InputError(
            _(
                "error_subjects_choice",
                default="«${field}» must be one of: ${allowed}.",
                mapping={"field": key, "allowed": ", ".join(allowed)},
            )
        )
    return value


def case(request_id) -> dict:
    """The request by its number; 404 when there is none."""
    try:
        number = int(str(request_id))
    except ValueError:
        number = None
    found = store.get(number) if number is not None and 0 < number < 2**31 else None
    if found is None:
        raise InputError(
            _("error_subjects_no_request", default="There is no such data-subject request."),
            status=404,
        )
    return found


def serialize(row) -> dict:
    today = dates.today()
    return {
        "id": row["id"],
        "kind": row["kind"],
        "requester": row["requester"],
        "email": row["email"],
        "received": row["received"].isoformat(),
        "due": row["due"].isoformat(),
        "days_left": rules.days_left(row["due"], today),
        "status": row["status"],
        "note": row["note"],
        "created_by": row["created_by"],
    }


def open_request(data) -> dict:
    kind = _choice(data, "kind", rules.KINDS)
    requester = _text(data, "requester")
    email = _text(data, "email", required=False, limit=320)
    if email and not queries.EMAIL.match(email):
        raise InputError(_("error_subjects_email", default="This is not an e-mail address."))
    received_text = _text(data, "received", required=False, limit=10)
    try:
        received = datetime.date.fromisoformat(received_text) if received_text else dates.today()
    except ValueError:
        raise InputError(_("error_subjects_date", default="Give the date as YYYY-MM-DD."))
    if received > dates.today():
        raise InputError(
            _("error_subjects_future", default="A request cannot be received later than today.")
        )
    note = _text(data, "note", required=False, limit=MAX_REASON)
    row = store.add(kind, requester, email, received, note, api.user.get_current().getId())
    record("privacy.subject-request", details={"request": row["id"], "kind": kind})
    return serialize(row)


def change_status(row, data) -> dict:
    """The request's row with its new status."""
    status = _choice(data, "status", rules.STATUSES)
    row = store.set_status(row["id"], status)
    record("privacy.subject-request-status", details={"request": row["id"], "status": status})
    return row


def _details(row, query, count) -> dict:
    details = {"request": row["id"], "fields": query.by(), "count": count}
    if query.personal_number_key:
        details["key"] = query.personal_number_key
    return details


def _read(found, via):
    """The DPO reads each object's personal data too: its reads history says so
    (privacy.reads; the alerts count an export)."""
    for item in found["items"]:
        fields = [name for name, value in item["fields"].items() if value]
        if fields:
            personal_data_read(_object(item), fields=fields, count=1, via=via)


def search(row, data) -> dict:
    query = queries.parse(data)
    found = finder.find(query)
    count = len(found["items"]) + len(found["accounts"])
    record("privacy.subject-search", details=_details(row, query, count))
    _read(found, "search")
    return found


def export(row, data, response) -> bytes:
    """The ZIP of what was found (see export.py), as a download on `response`."""
    from ratusha.privacy.subjects.export import archive

    query = queries.parse(data)
    found = finder.find(query)
    count = len(found["items"]) + len(found["accounts"])
    record("privacy.subject-export", details=_details(row, query, count))
    _read(found, "export")
    response.setHeader("Content-Type", "application/zip")
    response.setHeader(
        "Content-Disposition", content_disposition(f"subject-request-{row['id']}.zip")
    )
    return archive(serialize(row), found)


def _target(row, data, query):
    """The finding the act is about, found again now (never trusted from the client)."""
    wanted = _text(data, "finding")
    for item in finder.find(query)["items"]:
        if item["id"] == wanted:
            return item
    raise InputError(
        _(
            "error_subjects_no_finding",
            default="Nothing with this id was found about the person; search again.",
        ),
        status=404,
    )


def _object(item):
    """The object, whoever may see it: the DPO acts for the municipality as the controller."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(UID=item["uid"])[0]._unrestrictedGetObject()


def _check_value(field, value):
    """A rectified ЕГН/ЛНЧ or e-mail is checked as when it is first written."""
    if field == "sender_email" and not queries.EMAIL.match(value):
        raise InputError(_("error_subjects_email", default="This is not an e-mail address."))
    if field == "sender_personal_number":
        try:
            personal_number_key(value)
        except ValueError:
            raise InputError(
                _("error_subjects_number", default="A personal number (ЕГН/ЛНЧ) has ten digits.")
            )


def rectify(row, data) -> dict:
    """Change the person's value on one thing found (Art. 16), with a reason kept in the
    request's note; the audit record names the request and the field, not the values."""
    query = queries.parse(data)
    item = _target(row, data, query)
    field = _text(data, "field", limit=40)
    value = _text(data, "value", limit=MAX_REASON)
    reason = _text(data, "reason", limit=MAX_REASON)
    allowed = tuple(item["fields"]) if item["may_rectify"] else ()
    if field not in allowed:
        raise InputError(
            _(
                "error_subjects_not_rectifiable",
                default="This value cannot be rectified here: ${fields}",
                mapping={"fields": ", ".join(allowed) or "—"},
            ),
            status=409,
        )
    _check_value(field, value)
    obj = _object(item)
    if field == "guest":
        try:
            parse_guest(value)
        except ValueError:
            raise InputError(
                _(
                    "error_subjects_guest",
                    default="Write the guest as a name and an e-mail address.",
                )
            )
        guests = list(obj.guests)
        guests[int(item["id"].rsplit(":", 1)[1])] = value
        obj.guests = guests
    else:
        setattr(obj, field, value)
    obj.reindexObject()
    store.add_note(row["id"], f"{dates.today().isoformat()} {field}: {reason}")
    record("privacy.subject-rectify", obj=obj, details={"request": row["id"], "fields": [field]})
    return {"finding": item["id"], "field": field, "rectified": True}


def _versions_left(repository, obj) -> int:
    history = repository.getHistoryMetadata(obj)
    return history.getLength(countPurged=False) if history else 0


def _forget_versions(obj) -> None:
    """Purge the object's saved versions (CMFEditions): they keep the values erased. The
    purge policy leaves a placeholder that says a version was purged, not what it held."""
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):  # CMFEditions: Purge version; the DPO acts here
        while _versions_left(repository, obj):
            repository.purge(obj, 0, comment="privacy.subject-erase", countPurged=False)


def _anonymise(obj, item, query) -> list[str]:
    if item["role"] == "guest":
        guests = list(obj.guests)
        guests[int(item["id"].rsplit(":", 1)[1])] = f"{ANONYMISED} <anonymised@invalid.invalid>"
        obj.guests = guests
        return ["guest"]
    if item["role"] == "recipient":
        obj.recipients = "\n".join(
            ANONYMISED if finder.mentions(line, query) else line
            for line in obj.recipients.splitlines()
        )
        return ["recipients"]
    changed = [name for name, value in item["fields"].items() if value]
    for name in changed:
        setattr(obj, name, ANONYMISED if name == "sender_name" else None)
    return changed


def erase(row, data) -> dict:
    """Erase (anonymise) every finding the law allows; refuse the others with the reason
    (Art. 17(3)). The audit keeps a record of each act, never the erased values."""
    query = queries.parse(data)
    wanted = data.get("findings")
    if wanted is not None and not (
        isinstance(wanted, list) and all(isinstance(w, str) for w in wanted)
    ):
        raise InputError(
            _(
                "error_field_type",
                default="«${field}» has a value of the wrong type.",
                mapping={"field": "findings"},
            )
        )
    found = finder.find(query)
    erased, refused = [], []
    for item in found["items"] + found["accounts"]:
        if wanted is not None and item["id"] not in wanted:
            continue
        if not item["may_erase"]:
            refused.append(
                {"finding": item["id"], "code": item["refusal"], "reason": item["reason"]}
            )
            record(
                "privacy.subject-erase",
                path=item.get("path"),
                outcome="denied",
                details={"request": row["id"], "verdict": item["refusal"]},
            )
            continue
        obj = _object(item)
        fields = _anonymise(obj, item, query)
        _forget_versions(obj)
        obj.reindexObject()
        erased.append({"finding": item["id"], "fields": fields})
        record(
            "privacy.subject-erase",
            obj=obj,
            details={"request": row["id"], "fields": fields, "verdict": "erasable"},
        )
    return {"erased": erased, "refused": refused}
