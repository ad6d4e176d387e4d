"""The subject-access export (GDPR Art. 15, 20): a ZIP with what was found as JSON (machine
readable, Art. 20), CSV (a spreadsheet) and an HTML summary in Bulgarian for the person.

Clear values: the DPO reads them and hands the archive to the person it is about.
"""

import csv
from html import escape
import io
import json
from ratusha.core import dates
from ratusha.core.msgids import _
import zipfile
from zope.i18n import translate
from zope.i18nmessageid import Message


LANGUAGE = "bg"
CSV_COLUMNS = (
    "source",
    "role",
    "type",
    "title",
    "number",
    "state",
    "url",
    "fields",
    "may_erase",
    "reason",
)
NOT_YET = {
    "citizen_accounts": _(
        "subjects_no_citizen_accounts",
        default="Citizens' accounts do not exist yet (issue 18): there is none to export.",
    ),
    "reads": _(
        "subjects_reads_history",
        default="Who read the data of each item is in its audit history (the link beside it).",
    ),
}


def text(pair, language=LANGUAGE) -> str:
    """A (msgid, default) pair or a Message as text in `language`."""
    if pair is None:
        return ""
    if isinstance(pair, tuple):
        pair = Message(pair[0], domain="ratusha", default=pair[1])
    return translate(pair, target_language=language)


def readable(found: dict, language=LANGUAGE) -> dict:
    """The findings with their reasons as text (JSON-safe)."""
    return {
        "accounts": [row | {"reason": text(row["reason"], language)} for row in found["accounts"]],
        "items": [
            row
            | {
                "reason": text(row["reason"], language),
                "audit_history": f"{row['url']}/@@audit-history",
            }
            for row in found["items"]
        ],
        "reads": [row | {"reason": text(row["reason"], language)} for row in found["reads"]],
        "notes": {key: text(pair, language) for key, pair in NOT_YET.items()},
    }


def _fields(fields) -> str:
    return "; ".join(f"{key}: {value}" for key, value in fields.items() if value)


def _csv(found) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in found["accounts"] + found["items"] + found["reads"]:
        writer.writerow(
            [
                row["source"],
                row["role"],
                row.get("type", ""),
                row.get("title", row.get("user", "")),
                row.get("number") or "",
                row.get("state") or "",
                row.get("url", ""),
                _fields(row["fields"]),
                "yes" if row["may_erase"] else "no",
                row["reason"],
            ]
        )
    return out.getvalue()


HEADINGS = {
    "title": _("subjects_export_title", default="Personal data held by the municipality"),
    "request": _("subjects_export_request", default="Request"),
    "received": _("subjects_export_received", default="Received on"),
    "due": _("subjects_export_due", default="Answer due by"),
    "accounts": _("subjects_export_accounts", default="Accounts"),
    "items": _("subjects_export_items", default="Documents, meetings and council items"),
    "reads": _("subjects_export_reads", default="Who read the data"),
    "nothing": _("subjects_export_nothing", default="Nothing was found."),
    "erasure": _("subjects_export_erasure", default="Erasure"),
    "made": _("subjects_export_made", default="Made on"),
}


def _html(case, found) -> str:
    def h(key):
        return escape(text(HEADINGS[key]))

    def rows(items):
        if not items:
            return f"<p>{h('nothing')}</p>"
        cells = []
        for row in items:
            title = escape(row.get("title", row.get("user", "")))
            link = row.get("url")
            head = f'<a href="{escape(link)}">{title}</a>' if link else title
            number = f" № {escape(row['number'])}" if row.get("number") else ""
            values = "".join(
                f"<li>{escape(key)}: {escape(str(value))}</li>"
                for key, value in row["fields"].items()
                if value
            )
            cells.append(
                f"<li><strong>{head}</strong>{number} ({escape(row['role'])})"
                f"<ul>{values}</ul><p>{h('erasure')}: {escape(row['reason'])}</p></li>"
            )
        return "<ul>" + "".join(cells) + "</ul>"

    notes = "".join(f"<p>{escape(note)}</p>" for note in found["notes"].values())
    return (
        f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">'
        f"<title>{h('title')}</title></head><body>"
        f"<h1>{h('title')}</h1>"
        f"<p>{h('request')} № {case['id']}: {escape(case['requester'])}. "
        f"{h('received')} {escape(case['received'])}; {h('due')} {escape(case['due'])}. "
        f"{h('made')} {escape(dates.today().isoformat())}.</p>"
        f"<h2>{h('accounts')}</h2>{rows(found['accounts'])}"
        f"<h2>{h('items')}</h2>{rows(found['items'])}"
        f"<h2>{h('reads')}</h2>{rows(found['reads'])}"
        f"{notes}</body></html>"
    )


def archive(case: dict, found: dict) -> bytes:
    """The ZIP's bytes."""
    found = readable(found)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps({"request": case} | found, ensure_ascii=False, indent=2)
        )
        archive.writestr("data.csv", _csv(found))
        archive.writestr("summary.html", _html(case, found))
    return data.getvalue()
