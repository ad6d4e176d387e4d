"""What the privacy capability offers the others (docs/architecture.md, contracts)."""

import logging
from plone.supermodel.directives import MetadataDictDirective
from zope.component import getUtility
from zope.interface import Attribute
from zope.interface import Interface


class IPersonalDataAlert(Interface):
    """Event: a pattern of reads or refusals looks suspicious (raised by privacy.reads).

    The incident register subscribes to it; the DPO is notified."""

    rule = Attribute("id of the rule that fired, e.g. 'many_reads', 'after_hours'")
    principal = Attribute("user id whose activity fired it")
    summary = Attribute("a short text for people, without personal data")
    details = Attribute("dict of plain values (counts, window, thresholds), no personal data")
    when = Attribute("aware datetime the alert was raised")


# Records of processing (privacy.processing): which fields hold personal data, and of what kind.
PERSONAL_DATA_KEY = "ratusha.privacy.personal_data"
ORDINARY = "ordinary"  # names, contacts, addresses, the content of a request
NATIONAL_ID = "national_id"  # ЕГН/ЛНЧ, a national identification number (GDPR Art. 87)
SPECIAL = "special"  # health, ethnicity, religion, ... (GDPR Art. 9)
CRIMINAL = "criminal"  # convictions and offences (GDPR Art. 10)
PERSONAL_DATA_KINDS = (ORDINARY, NATIONAL_ID, SPECIAL, CRIMINAL)


class personal_data(MetadataDictDirective):
    """Schema directive: these fields hold personal data, so the record of processing lists them,
    e.g. `personal_data(applicant_name=ORDINARY, diagnosis=SPECIAL)` in a model.Schema or any
    zope.interface. Fields readable only with Ratusha: View personal data count without it."""

    key = PERSONAL_DATA_KEY

    def factory(self, **fields):
        unknown = set(fields.values()) - set(PERSONAL_DATA_KINDS)
        if unknown:
            raise ValueError(f"Unknown kinds of personal data: {sorted(unknown)}")
        return fields


class IEncryption(Interface):
    """Encryption at rest and search keys of personal numbers (the utility is
    `ratusha.privacy.encryption.api`; keys in files outside the ZODB, see docs/keys.md)."""

    def encrypt_text(text):
        """An authenticated token (str) of the text under the primary key."""

    def decrypt_text(token):
        """The text of a token made with any key still in the ring; ValueError if none fits."""

    def is_token(value):
        """Whether the value is a token these keys decrypt (not a clear value left over)."""

    def is_current(token):
        """Whether the token is under the primary key (else `rotate_token` moves it)."""

    def rotate_token(token):
        """The same text under the primary key."""

    def personal_number_key(value):
        """HMAC-SHA256 (hex) of the normalised ЕГН/ЛНЧ under the newest search key, to be
        indexed; ValueError when the value is not ten digits."""

    def personal_number_keys(value):
        """The value's search keys under every search key in the ring, newest first: what a
        query asks for while a new search key is being indexed."""


def _encryption():
    return getUtility(IEncryption)


def encrypt_text(text: str) -> str:
    return _encryption().encrypt_text(text)


def decrypt_text(token: str) -> str:
    return _encryption().decrypt_text(token)


def personal_number_key(value: str) -> str:
    return _encryption().personal_number_key(value)


def personal_number_keys(value: str) -> list:
    return _encryption().personal_number_keys(value)


class EncryptedAttribute:
    """A content attribute kept encrypted: the object stores only the token (in `_<name>_token`),
    forms, REST and code read and write the clear text as before.

    A clear value left in the object's state by an older release is still read until an upgrade
    step writes it again through this attribute (`encrypt_in_place`)."""

    def __init__(self, name: str, index: str | None = None):
        self.name = name
        self.storage = f"_{name}_token"
        self.index = index  # a catalog index of its search key, reindexed when keys rotate

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        token = getattr(instance, self.storage, None)  # loads a ghost's state
        if not token:
            return instance.__dict__.get(self.name)
        try:
            return decrypt_text(token)
        except ValueError:  # e.g. an old version, saved under a key retired since
            logging.getLogger("ratusha.privacy").warning(
                "%s of %r opens with no key in the ring", self.name, instance
            )
            return None

    def __set__(self, instance, value):
        instance.__dict__.pop(self.name, None)
        setattr(instance, self.storage, encrypt_text(value) if value else None)

    def has_clear_value(self, instance) -> bool:
        getattr(instance, self.storage, None)
        return bool(instance.__dict__.get(self.name))

    def encrypt_in_place(self, instance) -> bool:
        """Encrypt a clear value left by an older release; True if there was one."""
        if not self.has_clear_value(instance):
            return False
        self.__set__(instance, instance.__dict__[self.name])
        instance._p_changed = True
        return True

    def token(self, instance):
        return getattr(instance, self.storage, None)


class IPersonalDataReads(Interface):
    """Reads of personal data on the audit trail as "privacy.personal-data-read" (the utility
    is `ratusha.privacy.reads.recording`): details name the fields and the count, never values."""

    def personal_data_shown(obj, via="page"):
        """The current reader is shown `obj` with its personal data (a page, a REST GET): one
        record per object and request, and none if the reader may not see personal data."""

    def personal_data_read(obj=None, fields=(), count=1, via="search", path=None):
        """A read of many people's data at once (a search's or an export's results): `count`
        records of `fields`, on `obj` (the register, the folder) or `path`."""


def personal_data_shown(obj, via="page"):
    return getUtility(IPersonalDataReads).personal_data_shown(obj, via)


def personal_data_read(obj=None, fields=(), count=1, via="search", path=None):
    return getUtility(IPersonalDataReads).personal_data_read(obj, fields, count, via, path)
