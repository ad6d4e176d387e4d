"""ratusha.registry:default 1000 -> 1001: special categories of personal data (issue 19).

Adds the registry setting `ratusha.registry.special_kinds` (kinds of documents that hold
special categories; none by default) and keeps every other setting's value. Existing
documents are not marked, so their text stays where it is; marking one stores it encrypted."""

from plone import api
from ratusha.registry.config import PREFIX
from ratusha.registry.interfaces import IRegistrySettings


def add_special_kinds(setup_tool):
    api.portal.get_tool("portal_registry").registerInterface(IRegistrySettings, prefix=PREFIX)
