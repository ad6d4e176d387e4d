"""ratusha.registry:default 1000 -> 1001: encryption at rest of the sender's ЕГН/ЛНЧ and address.

Adds the catalog index of the ЕГН's keyed hash and writes every incoming document's clear
values again through their encrypted attributes, so the document keeps only tokens. The clear
values remain in older transactions of the database file until it is packed (docs/keys.md)."""

from plone import api
from ratusha.privacy.encryption.content import refresh_all


INDEX = "registry_personal_number"


def encrypt_personal_data(setup_tool):
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        catalog.addIndex(INDEX, "FieldIndex")
    refresh_all(api.portal.get(), search_keys=True)
