"""Content with encrypted attributes: find it, encrypt what an older release left clear, move
tokens to the primary key and search keys to the newest search key, a batch at a time."""

from plone import api
from ratusha.privacy.encryption import api as encryption
from ratusha.privacy.encryption import keyring
from ratusha.privacy.interfaces import EncryptedAttribute
from zope.dottedname.resolve import resolve


def encrypted_attributes(klass) -> list[EncryptedAttribute]:
    found = {}
    for base in reversed(klass.__mro__):
        for name, value in vars(base).items():
            if isinstance(value, EncryptedAttribute):
                found[name] = value
    return list(found.values())


def encrypted_types(portal) -> dict:
    """portal_type -> its encrypted attributes, for every type whose class has some."""
    types = {}
    for fti in api.portal.get_tool("portal_types").objectValues():
        klass_name = getattr(fti, "klass", None)
        if not klass_name:
            continue
        try:
            attributes = encrypted_attributes(resolve(klass_name))
        except ImportError:
            continue
        if attributes:
            types[fti.getId()] = attributes
    return types


def refresh(obj, attributes, search_keys=False) -> bool:
    """Encrypt clear leftovers and move old tokens to the primary key; reindex the search
    keys when they changed or `search_keys` asks it (a new search key). True if written."""
    changed = False
    for attribute in attributes:
        if attribute.encrypt_in_place(obj):
            changed = True
            continue
        token = attribute.token(obj)
        if token and not encryption.is_current(token):
            setattr(obj, attribute.storage, encryption.rotate_token(token))
            changed = True
    indexes = [a.index for a in attributes if a.index]
    if indexes and (changed or search_keys):
        obj.reindexObject(idxs=indexes)
    return changed


def refresh_all(portal, batch_size=200, commit=None, search_keys=None) -> dict:
    """Refresh every object with encrypted attributes; `commit()` after each batch (the CLI
    commits, an upgrade step leaves that to its transaction). Search keys are reindexed when
    the search ring has more than one key, unless `search_keys` says otherwise."""
    if search_keys is None:
        search_keys = len(keyring.key_ids(keyring.HMAC)) > 1
    catalog = api.portal.get_tool("portal_catalog")
    counts = {"objects": 0, "written": 0}
    for portal_type, attributes in encrypted_types(portal).items():
        paths = [b.getPath() for b in catalog.unrestrictedSearchResults(portal_type=portal_type)]
        for number, path in enumerate(paths, 1):
            obj = portal.unrestrictedTraverse(path)
            counts["objects"] += 1
            counts["written"] += refresh(obj, attributes, search_keys)
            if commit is not None and number % batch_size == 0:
                commit()
    if commit is not None:
        commit()
    return counts


def stale(portal) -> int:
    """How many values still need a key other than the primary (or are still clear)."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for portal_type, attributes in encrypted_types(portal).items():
        for brain in catalog.unrestrictedSearchResults(portal_type=portal_type):
            obj = brain._unrestrictedGetObject()
            for attribute in attributes:
                token = attribute.token(obj)
                if attribute.has_clear_value(obj) or (token and not encryption.is_current(token)):
                    count += 1
    return count
