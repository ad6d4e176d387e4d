"""Destroy an item's content and files, keep the register's line.

What stays: the registration number, date and year, the type and kind, the department, the
case file link and the workflow history (who did what when, without the content); the title
becomes «унищожен с акт № N». What goes: every other field (subject, sender and personal
data, text, recipients, files), the resolutions and attachments inside, and the saved
versions (CMFEditions). The bytes of removed files leave the storage when the ZODB is packed
(and leave backups as their own retention ends): docs/registry.md, Retention."""

from plone import api
from plone.dexterity.utils import iterSchemata
from Products.CMFEditions.interfaces.IStorage import StoragePurgeError
from zope.schema import getFieldsInOrder


KEEP = {"kind", "department", "confidential", "case_file", "received", "channel", "sender_type"}
LINE = "унищожен с акт № {act}"  # the register's wording: the line is read in Bulgarian


def destroy(obj, act_number):
    for schema in iterSchemata(obj):
        for name, field in getFieldsInOrder(schema):
            if name in KEEP or name == "title" or field.readonly:
                continue
            if getattr(obj, name, None) is not None:
                setattr(obj, name, field.missing_value)
    obj.title = line = LINE.format(act=act_number)
    obj.description = ""
    inside = list(obj.objectIds()) if hasattr(obj, "objectIds") else []
    if inside:
        obj.manage_delObjects(inside)
    purge_versions(obj, line)


def purge_versions(obj, comment):
    """Purge every saved version, so no old copy of the content can be retrieved."""
    handler = api.portal.get_tool("portal_historyidhandler")
    history_id = handler.queryUid(obj)
    if history_id is None:
        return
    storage = api.portal.get_tool("portal_historiesstorage")
    length = len(storage.getHistory(history_id, countPurged=True))
    for selector in range(length):
        try:
            # a comment is needed: CMFEditions cannot encode metadata without one
            metadata = {"sys_metadata": {"comment": comment}}
            storage.purge(history_id, selector, metadata, countPurged=True)
        except StoragePurgeError:
            continue  # purged before
