"""Special categories of personal data (GDPR Art. 9: health, social assistance, ethnicity...).

A document marked as holding them keeps its free text (body, recipients, description) only
encrypted, out of the catalog and out of what a reader without Ratusha: View personal data on
it is shown. The subject (title) stays readable by everyone who sees the document, so the
registrar keeps it general. Documents of a kind named in the registry setting
`ratusha.registry.special_kinds` ("incoming.application", ...) are marked when added or edited.
"""

from Acquisition import aq_base
from plone import api
from plone.z3cform.fieldsets.extensible import FormExtender
from Products.CMFCore.utils import _checkPermission
from ratusha.core.permissions import ViewPersonalData
from ratusha.privacy.interfaces import EncryptedAttribute


SETTING = "ratusha.registry.special_kinds"
FLAG = "special_categories"
# the free-text fields of registry documents (see registry.interfaces)
TEXT_FIELDS = ("description", "body", "recipients")
REGISTER_KIND = {
    "IncomingDocument": "incoming",
    "OutgoingDocument": "outgoing",
    "InternalDocument": "internal",
}


def implied(portal_type: str, kind: str | None, special_kinds) -> bool:
    """Whether the setting's kinds ("<register kind>.<document kind>") name this document's."""
    register_kind = REGISTER_KIND.get(portal_type)
    return bool(register_kind and kind) and f"{register_kind}.{kind}" in set(special_kinds or ())


def is_marked(obj) -> bool:
    return bool(getattr(obj, FLAG, False))


class SpecialText(EncryptedAttribute):
    """Free text kept as a token while its document is marked, in clear otherwise."""

    def __set__(self, instance, value):
        if is_marked(instance):
            super().__set__(instance, value)
            return
        instance.__dict__.pop(self.storage, None)
        instance.__dict__[self.name] = value
        instance._p_changed = True

    def has_clear_value(self, instance) -> bool:
        return is_marked(instance) and super().has_clear_value(instance)

    def restore(self, instance) -> bool:
        """Write the text again as the marking now asks (token or clear); True if it moved."""
        token = self.token(instance)
        moves = bool(instance.__dict__.get(self.name)) if is_marked(instance) else bool(token)
        if moves:
            self.__set__(instance, self.__get__(instance))
        return moves


def special_texts(obj) -> list[SpecialText]:
    klass = type(aq_base(obj))
    return [a for name in TEXT_FIELDS if isinstance(a := getattr(klass, name, None), SpecialText)]


def may_read(obj) -> bool:
    """Whether the current user is shown the free text of `obj`."""
    return not is_marked(obj) or bool(_checkPermission(ViewPersonalData, obj))


def readable(obj, name: str):
    """The text of field `name` for the current user: None when it is hidden from them."""
    return getattr(obj, name, None) if may_read(obj) else None


def catalog_text(obj, name: str):
    """What the catalog may hold of field `name`: nothing of a marked document."""
    return None if is_marked(obj) else getattr(obj, name, None)


def apply_marking(obj, event=None):
    """Added or edited: mark a document of a listed kind, then store its texts accordingly."""
    special_kinds = api.portal.get_registry_record(SETTING, default=())
    if not is_marked(obj) and implied(obj.portal_type, getattr(obj, "kind", None), special_kinds):
        setattr(obj, FLAG, True)
    if any([attribute.restore(obj) for attribute in special_texts(obj)]):
        obj.reindexObject()


class HideSpecialText(FormExtender):
    """The edit form leaves a marked document's text out for those who may not read it (and so
    cannot overwrite it either)."""

    def update(self):
        if not may_read(self.context):
            for name in TEXT_FIELDS:
                self.remove(name)
