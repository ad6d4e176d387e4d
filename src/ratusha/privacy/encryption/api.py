"""Encryption at rest and search keys of personal numbers: the IEncryption utility.

MultiFernet (cryptography): authenticated encryption (AES-128-CBC with HMAC-SHA256), a list
of keys where the first encrypts and every one decrypts, and `rotate` to move a token to the
primary key; a token names no key, so an old one is found by trying the keys in turn (a few at
most, until `ratusha-keys reencrypt` and `retire`). Search keys are HMAC-SHA256 with keys of
their own, so a catalog that leaks says nothing without the key folder.
"""

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet
import hashlib
import hmac
from ratusha.privacy.encryption import keyring
from ratusha.privacy.encryption.personal_number import normalise
from ratusha.privacy.interfaces import IEncryption
from zope.interface import moduleProvides


moduleProvides(IEncryption)  # registered as the IEncryption utility in configure.zcml

TOKEN_PREFIX = "gAAAAA"  # every Fernet token (version byte 0x80 and a 64-bit time) starts so


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keyring.keys(keyring.FERNET)])


def encrypt_text(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ValueError("Not a token of this site's keys.") from exc


def is_token(value) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX) and _decrypts(value)


def _decrypts(value: str) -> bool:
    try:
        decrypt_text(value)
    except ValueError:
        return False
    return True


def is_current(token: str) -> bool:
    try:
        Fernet(keyring.keys(keyring.FERNET)[0]).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate_token(token: str) -> str:
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def _hash(key: bytes, digits: str) -> str:
    return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()


def personal_number_key(value: str) -> str:
    return _hash(keyring.keys(keyring.HMAC)[0], normalise(value))


def personal_number_keys(value: str) -> list[str]:
    digits = normalise(value)
    return [_hash(key, digits) for key in keyring.keys(keyring.HMAC)]
