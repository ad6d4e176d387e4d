"""Find the personal data in Ratusha's content types, from the code, each time it is asked.

A field holds personal data when its schema says so with the `personal_data` directive
(ratusha.privacy.interfaces), when only those with Ratusha: View personal data may read it, or
when it names people's accounts (a choice from the users, councillors or candidates). Every
schema of every Ratusha type is walked, behaviors included, so a field added tomorrow is in the
record tomorrow.
"""

from inspect import getattr_static
from plone import api
from plone.autoform.interfaces import READ_PERMISSIONS_KEY
from plone.autoform.interfaces import WIDGETS_KEY
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import iterSchemataForType
from plone.dexterity.utils import resolveDottedName
from plone.supermodel.utils import mergedTaggedValueDict
from ratusha.privacy.interfaces import EncryptedAttribute
from ratusha.privacy.interfaces import NATIONAL_ID
from ratusha.privacy.interfaces import ORDINARY
from ratusha.privacy.interfaces import PERSONAL_DATA_KEY
from zope.schema import getFieldsInOrder


VIEW_PERSONAL_DATA = "ratusha.ViewPersonalData"
REFERENCE = "reference"  # names employees' or councillors' accounts
PEOPLE_VOCABULARIES = frozenset(
    {
        "plone.app.vocabularies.Users",
        "plone.app.vocabularies.Principals",
        "ratusha.council.Candidates",
        "ratusha.council.Councillors",
    }
)
NATIONAL_ID_NAMES = ("personal_number", "egn", "lnch")
AUDITED_BEHAVIOR = "ratusha.personal_data"  # every view and download of the item is audited


def protections(klass, behaviors, schema, name):
    """How the code protects one field: `encrypted` at rest (an EncryptedAttribute of the
    class), `guarded` (read only with Ratusha: View personal data), `audited` (reads of the
    item recorded)."""
    found = []
    if isinstance(getattr_static(klass, name, None), EncryptedAttribute):
        found.append("encrypted")
    if mergedTaggedValueDict(schema, READ_PERMISSIONS_KEY).get(name) == VIEW_PERSONAL_DATA:
        found.append("guarded")
    if AUDITED_BEHAVIOR in behaviors:
        found.append("audited")
    return found


def vocabulary_of(field, widget):
    """The vocabulary a field (or its items) chooses from, or the widget's."""
    for candidate in (field, getattr(field, "value_type", None)):
        name = getattr(candidate, "vocabularyName", None)
        if name:
            return name
    return (getattr(widget, "params", None) or {}).get("vocabulary")


def personal_fields(schema) -> dict:
    """{field name: kind} of the fields of `schema` that hold personal data."""
    marked = mergedTaggedValueDict(schema, PERSONAL_DATA_KEY)
    guarded = mergedTaggedValueDict(schema, READ_PERMISSIONS_KEY)
    widgets = mergedTaggedValueDict(schema, WIDGETS_KEY)
    found = {}
    for name, field in getFieldsInOrder(schema):
        if name in marked:
            found[name] = marked[name]
        elif guarded.get(name) == VIEW_PERSONAL_DATA:
            national = any(part in name.lower() for part in NATIONAL_ID_NAMES)
            found[name] = NATIONAL_ID if national else ORDINARY
        elif vocabulary_of(field, widgets.get(name)) in PEOPLE_VOCABULARIES:
            found[name] = REFERENCE
    return found


def capability_of(fti):
    """`registry` for a type whose class or schema is in ratusha.registry; None if not Ratusha's."""
    for dotted in (fti.klass, getattr(fti, "schema", "")):
        parts = (dotted or "").split(".")
        if len(parts) > 2 and parts[0] == "ratusha":
            return parts[1]
    return None


def content_fields():
    """[{capability, type, type_title, i18n_domain, schema, field, title, kind, protections}]
    for every personal field of every Ratusha type, in the order of types and their schemas."""
    found = []
    types = api.portal.get_tool("portal_types")
    for fti in sorted(types.objectValues(), key=lambda fti: fti.getId()):
        if not IDexterityFTI.providedBy(fti):
            continue
        capability = capability_of(fti)
        if capability is None:
            continue
        klass = resolveDottedName(fti.klass)
        seen = set()
        for schema in iterSchemataForType(fti.getId()):
            fields = dict(getFieldsInOrder(schema))
            for name, kind in personal_fields(schema).items():
                if name in seen:
                    continue
                seen.add(name)
                found.append(
                    {
                        "capability": capability,
                        "type": fti.getId(),
                        "type_title": fti.title,
                        "i18n_domain": fti.i18n_domain or "plone",
                        "schema": schema.__identifier__,
                        "field": name,
                        "title": fields[name].title,
                        "kind": kind,
                        "protections": protections(klass, fti.behaviors, schema, name),
                    }
                )
    return found
