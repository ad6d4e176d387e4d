"""Freezing the approved protocol: its PDF and ODT, the decisions' excerpts and the record
itself are stored in the session at approval, so later changes of the data (a renamed
councillor, an edited item) cannot alter what the council approved. Checksums go to the audit
trail. Until publication only the council sees the files (access.restrict)."""

import datetime
import hashlib
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.council import opendata
from ratusha.council.protocol import access
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import render
from ratusha.council.protocol import storage
from ratusha.council.protocol.messages import filled
from ratusha.council.protocol.record import language
from ratusha.council.protocol.record import on_agenda
from ratusha.council.protocol.record import session_record
from zope.i18n import translate


UTC = datetime.UTC
PDF, ODT = "application/pdf", "application/vnd.oasis.opendocument.text"
PROTOCOL_FILE_TITLE = _("protocol_file_title", default="Protocol No. ${number} of ${date}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _title(record, lang):
    return translate(
        filled(PROTOCOL_FILE_TITLE, number=record.number, date=record.date), target_language=lang
    )


def freeze(session) -> dict:
    """Store the approved protocol; returns what was kept (also under storage.frozen)."""
    lang = language()
    items = on_agenda(session)
    record_now = session_record(session)
    pdf, odt = render.protocol_pdf(record_now, lang), render.protocol_odt(record_now, lang)
    title = _title(record_now, lang)
    number = record_now.number
    pdf_file = decision_entries.add_file(session, f"protocol-{number}.pdf", title, pdf, PDF)
    odt_file = decision_entries.add_file(session, f"protocol-{number}.odt", title, odt, ODT)
    files = [pdf_file, odt_file]
    data = storage.info(session, create=True)
    data["frozen"] = {"items": [item.UID() for item in items]}
    kept = []
    for entry in decision_entries.entries(session, record_now):
        excerpt = render.excerpt_pdf(record_now, entry["index"], lang)
        stored = decision_entries.add_file(
            session,
            f"decision-{entry['number']}.pdf",
            decision_entries.excerpt_title(entry, lang),
            excerpt,
            PDF,
        )
        files.append(stored)
        entry.update(excerpt=stored.UID(), excerpt_sha256=sha256(excerpt))
        filed = decision_entries.file_excerpt(items[entry["index"]], entry, excerpt)
        entry.update(filed or {})
        kept.append(entry)
    for obj in files:
        access.restrict(obj)
    frozen = {
        "record": opendata.to_json(record_now.to_dict()),
        "items": [item.UID() for item in items],
        "pdf": pdf_file.UID(),
        "odt": odt_file.UID(),
        "pdf_sha256": sha256(pdf),
        "odt_sha256": sha256(odt),
        "approved_at": datetime.datetime.now(UTC).isoformat(),
        "approved_by": api.user.get_current().getId(),
        "decisions": kept,
    }
    frozen["record_sha256"] = sha256(frozen["record"].encode("utf-8"))
    data["frozen"] = frozen
    record(
        "council.protocol-frozen",
        session,
        details={
            "pdf_sha256": frozen["pdf_sha256"],
            "odt_sha256": frozen["odt_sha256"],
            "record_sha256": frozen["record_sha256"],
            "decisions": {e["number"]: e["excerpt_sha256"] for e in kept},
        },
    )
    return frozen


def frozen_files(session) -> list:
    """The stored protocol files and excerpts (objects), for publication."""
    frozen = storage.frozen(session)
    uids = [frozen.get("pdf"), frozen.get("odt")] + [
        d.get("excerpt") for d in frozen.get("decisions", ())
    ]
    return [obj for obj in (decision_entries.by_uid(uid) for uid in uids if uid) if obj is not None]


def frozen_file(session, kind):
    """The stored PDF or ODT of the approved protocol (None before approval)."""
    return decision_entries.by_uid(storage.frozen(session).get(kind))
