"""An agenda item made from an internal document of the registry (a докладна записка):
its title and text become the report, its files the materials, and the item links back."""

import html
from plone import api
from plone.app.contenttypes.interfaces import IFile
from plone.app.textfield.value import RichTextValue
from plone.app.uuid.utils import uuidToObject
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.naming import create_named
from ratusha.core.rest import InputError
from ratusha.council.councils import AGENDA_ITEM


DOCUMENT = "InternalDocument"


def _html(text):
    paragraphs = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br />')}</p>" for p in paragraphs)


def document_for(uid):
    """The internal document the current user may see, or InputError."""
    document = uuidToObject(uid) if isinstance(uid, str) and uid else None  # a list crashed
    if (
        document is None
        or getattr(document, "portal_type", None) != DOCUMENT
        or not api.user.has_permission("View", obj=document)
    ):
        raise InputError(
            _(
                "error_council_no_document",
                default="Choose an internal document (докладна записка) you can see.",
            )
        )
    return document


def documents(limit=50) -> list:
    """Recent internal documents the current user may see, for the choice on the session page."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.searchResults(
        portal_type=DOCUMENT, sort_on="created", sort_order="descending"
    )[:limit]
    return [{"uid": b.UID, "title": b.Title} for b in brains]


def create_item(session, document, kind="decision"):
    """Add an agenda item from the document (as the current user, who may add items)."""
    report = _html(getattr(document, "body", "") or document.Description())
    item = create_named(
        session,
        AGENDA_ITEM,
        document.Title(),
        kind=kind,
        report=RichTextValue(report, "text/html", "text/x-html-safe") if report else None,
        report_document=document.UID(),
    )
    copied = 0
    for obj in document.objectValues():
        if IFile.providedBy(obj):
            with api.env.adopt_roles(["Manager"]):
                api.content.copy(source=obj, target=item, safe_id=True)
            copied += 1
    record(
        "council.item-from-document",
        item,
        details={"document": document.UID(), "materials": copied},
    )
    return item
