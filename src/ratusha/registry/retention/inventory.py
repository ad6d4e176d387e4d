"""The hand-over inventory (опис) as a ZIP in open formats, for the State Archive.

    inventory.json   the act (number, date, committee, approvals) and every item's metadata
    inventory.csv    one row per item, the same columns (UTF-8)
    files/<n>/...    each item's files by field (main file, and any signature kept in a
                     field of its own beside it), each with its SHA-256 in both lists

zipfile, csv and json are Python's own: nothing to install, and anything opens the result.
"""

import csv
import hashlib
import io
import json
from plone.dexterity.utils import iterSchemata
from plone.namedfile.interfaces import INamedField
from ratusha.audit.interfaces import record
from ratusha.registry.retention.acts import find_item
from ratusha.registry.retention.acts import serialize
from ratusha.registry.security import review_state
import re
import zipfile
from zope.schema import getFieldsInOrder


COLUMNS = (
    "number",
    "registered",
    "@type",
    "kind",
    "plan_index",
    "plan_title",
    "title",
    "department",
    "review_state",
    "UID",
    "files",
)


def _safe(text):
    return re.sub(r"[^\w.\-]+", "_", text or "", flags=re.UNICODE).strip("._") or "file"


def _files(obj):
    """(field name, NamedBlobFile) of every file field that holds a file."""
    for schema in iterSchemata(obj):
        for name, field in getFieldsInOrder(schema):
            value = getattr(obj, name, None) if INamedField.providedBy(field) else None
            if value is not None and getattr(value, "size", 0):
                yield name, value


def build(act) -> bytes:
    """The ZIP of an inventory act (any state: the committee reviews the draft too)."""
    data = serialize(act)
    rows, buffer = [], io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in data["items"]:
            obj = find_item(item["UID"])
            folder = f"files/{_safe(item['number'])}"
            row = dict(item, department=None, review_state=None, files=[])
            if obj is not None:
                row.update(department=getattr(obj, "department", None))
                row["review_state"] = review_state(obj)
                for name, blob in _files(obj):
                    path = f"{folder}/{name}-{_safe(blob.filename)}"
                    content = blob.data
                    archive.writestr(path, content)
                    row["files"].append(
                        {
                            "path": path,
                            "field": name,
                            "filename": blob.filename,
                            "content_type": blob.contentType,
                            "size": len(content),
                            "sha256": hashlib.sha256(content).hexdigest(),
                        }
                    )
            rows.append(row)
        manifest = {key: value for key, value in data.items() if key != "items"}
        archive.writestr(
            "inventory.json",
            json.dumps(dict(manifest, items=rows), ensure_ascii=False, indent=2),
        )
        table = io.StringIO()
        writer = csv.DictWriter(table, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            files = " ".join(f"{f['path']}#sha256={f['sha256']}" for f in row["files"])
            writer.writerow(dict(row, files=files))
        archive.writestr("inventory.csv", table.getvalue().encode("utf-8"))
    return buffer.getvalue()


def export(act) -> bytes:
    """The ZIP of an inventory, its export recorded on the audit trail."""
    body = build(act)
    record("registry.inventory-export", details={"act": act["number"], "size": len(body)})
    return body
