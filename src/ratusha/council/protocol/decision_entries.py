"""Decisions of a session: what the register, the decision page and the evidence show, and
the excerpt that goes back into the registry document the item came from (its case file).

An item is a decision when the voting package gave it a number (Решение № N within the term);
its vote is the last poll with a result (amendments are voted first, the whole last).
"""

import datetime
import hashlib
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.council.councils import session_of
from ratusha.council.opendata import default_translate
from ratusha.council.opendata import explanation_text
from ratusha.council.protocol import storage
from ratusha.council.protocol.messages import filled
from ratusha.council.protocol.protocol_rules import deciding_poll
from ratusha.council.protocol.protocol_rules import result_of
from ratusha.council.protocol.record import current_record
from ratusha.council.protocol.record import language
from ratusha.council.protocol.record import on_agenda
from ratusha.notifications.interfaces import notify
from zope.i18n import translate


RESULT_TITLES = {
    "adopted": _("decision_result_adopted", default="adopted"),
    "rejected": _("decision_result_rejected", default="rejected"),
    "elected": _("decision_result_elected", default="elected"),
    "not_elected": _("decision_result_not_elected", default="nobody elected"),
    "": _("decision_result_none", default="no vote"),
}
EXCERPT_FILE_TITLE = _(
    "decision_excerpt_file_title",
    default="Excerpt: decision No. ${number} of ${date} (protocol No. ${protocol})",
)


def item_uids(session) -> list:
    """UIDs of the record's items, in its order (kept with the frozen record)."""
    frozen = storage.frozen(session)
    if frozen.get("items"):
        return list(frozen["items"])
    return [item.UID() for item in on_agenda(session)]


def entries(session, record=None, translate_fn=None) -> list[dict]:
    """One dict per decision of the session (JSON-safe)."""
    record = record or current_record(session)
    uids = item_uids(session)
    kept = {d["uid"]: d for d in storage.frozen(session).get("decisions", ())}
    result = []
    for index, item in enumerate(record.items):
        if not item.decision_number:
            continue
        poll = deciding_poll(item)
        uid = uids[index] if index < len(uids) else None
        entry = {
            "index": index,
            "uid": uid,
            "item_number": item.number,
            "number": item.decision_number,
            "title": item.title,
            "legal_basis": item.legal_basis,
            "text": item.decision_text,
            "result": result_of(poll),
            "poll": poll.id if poll is not None else None,
            "explanation": explanation_text(poll.outcome, translate_fn or default_translate)
            if poll is not None
            else "",
            "protocol": record.number,
            "date": record.date.isoformat(),
        }
        for key in ("excerpt", "excerpt_sha256", "document", "registry_file"):
            if key in kept.get(uid, {}):
                entry[key] = kept[uid][key]
        result.append(entry)
    return result


def entry_for(item, translate_fn=None, record=None):
    """The decision of an agenda item, or None."""
    uid = item.UID()
    for entry in entries(session_of(item), record, translate_fn):
        if entry["uid"] == uid:
            return entry
    return None


def by_uid(uid):
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def document_of(item):
    """The registry document (докладна записка) the item was made from, if any."""
    return by_uid(getattr(item, "report_document", None))


def add_file(container, file_id, title, data, content_type):
    """A File with the bytes, made by the system (whatever the container's constraints)."""
    filename = file_id
    if file_id in container.objectIds():
        number = 2
        while f"{number}-{file_id}" in container.objectIds():
            number += 1
        file_id = f"{number}-{file_id}"
    with api.env.adopt_roles(["Manager"]):
        return createContentInContainer(
            container,
            "File",
            checkConstraints=False,
            id=file_id,
            title=title,
            file=NamedBlobFile(data=data, filename=filename, contentType=content_type),
        )


def excerpt_title(entry, lang=None):
    return translate(
        filled(
            EXCERPT_FILE_TITLE,
            number=entry["number"],
            protocol=entry["protocol"],
            date=datetime.date.fromisoformat(entry["date"]),
        ),
        target_language=lang or language(),
    )


def file_excerpt(item, entry, data) -> dict | None:
    """Put the decision's excerpt (PDF) into the registry document the item came from, so it
    is in that document's case file; audited, and its author is told."""
    document = document_of(item)
    if document is None:
        return None
    title = excerpt_title(entry)
    obj = add_file(document, f"decision-{entry['number']}.pdf", title, data, "application/pdf")
    checksum = hashlib.sha256(data).hexdigest()
    case_file = getattr(document, "case_file", None)
    record(
        "council.decision-excerpt-filed",
        document,
        details={
            "decision": entry["number"],
            "item": item.UID(),
            "file": obj.UID(),
            "sha256": checksum,
            "case_file": case_file,
        },
    )
    author = document.Creator()
    if author:
        notify(
            [author],
            "council.decision-excerpt",
            _(
                "notice_decision_excerpt",
                default="Decision No. ${number}: the excerpt is in your document",
                mapping={"number": entry["number"]},
            ),
            title,
            obj.absolute_url(),
        )
    return {"document": document.UID(), "registry_file": obj.UID(), "case_file": case_file}
