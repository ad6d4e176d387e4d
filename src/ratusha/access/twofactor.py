"""Per-user TOTP enrolment, codes, recovery codes and resets, stored encrypted in the site.

The TOTP secret is encrypted with a key from the environment (RATUSHA_2FA_KEY or a file in
instance/var), so a copy of the database alone does not give anyone's second factor.
"""

import base64
from BTrees.OOBTree import OOBTree
from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
import datetime
import hashlib
import os
from persistent import Persistent
from plone import api
from ratusha.access import invitations
from ratusha.access import totp
from ratusha.access.settings import get_settings
from ratusha.core.secrets import load_secret
import time
from zope.annotation.interfaces import IAnnotations


KEY = "ratusha.access.twofactor"
INVITATIONS = "ratusha.access.enrolment-links"


def _fernet() -> Fernet:
    raw = load_secret("RATUSHA_2FA_KEY", "2fa.key")
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(raw).digest()))


class TwoFactor(Persistent):
    def __init__(self, secret: str):
        self.secret = _fernet().encrypt(secret.encode())
        self.confirmed = False
        self.last_step = None
        self.salt = os.urandom(16)
        self.recovery = ()
        self.enrolled = None

    def plain_secret(self) -> str | None:
        try:
            return _fernet().decrypt(self.secret).decode()
        except InvalidToken:
            return None  # the key changed: the user must enrol again


def _records(create=False):
    annotations = IAnnotations(api.portal.get())
    if KEY not in annotations and create:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY)


def get(user_id: str) -> TwoFactor | None:
    records = _records()
    return records.get(user_id) if records is not None else None


def is_enrolled(user_id: str) -> bool:
    record = get(user_id)
    return record is not None and record.confirmed


def is_required(user) -> bool:
    roles = set(get_settings().two_factor_roles or ())
    return bool(roles & set(user.getRoles()))


def start_enrolment(user_id: str) -> str:
    """A new, unconfirmed secret (replacing an unconfirmed one); returns it for the QR code."""
    record = get(user_id)
    if record is not None and record.confirmed:
        raise ValueError("already enrolled")
    secret = totp.new_secret()
    _records(create=True)[user_id] = TwoFactor(secret)
    return secret


def confirm_enrolment(user_id: str, code: str, now: float | None = None) -> list[str] | None:
    """Confirm with a first code; returns the recovery codes to show once, or None."""
    record = get(user_id)
    if record is None or record.confirmed:
        return None
    step = totp.matching_step(record.plain_secret() or "", code, now or time.time(), None)
    if step is None:
        return None
    codes = totp.new_recovery_codes()
    record.recovery = tuple(totp.hash_recovery_code(c, record.salt) for c in codes)
    record.last_step = step
    record.confirmed = True
    record.enrolled = datetime.datetime.now(datetime.UTC)
    return codes


def check(user_id: str, code: str, now: float | None = None) -> str | None:
    """'totp' or 'recovery' if the code is good (and now used up), else None."""
    record = get(user_id)
    if record is None or not record.confirmed:
        return None
    secret = record.plain_secret()
    step = (
        totp.matching_step(secret, code, now or time.time(), record.last_step) if secret else None
    )
    if step is not None:
        record.last_step = step
        return "totp"
    remaining = totp.use_recovery_code(code, record.salt, list(record.recovery))
    if remaining is not None:
        record.recovery = tuple(remaining)
        return "recovery"
    return None


def recovery_left(user_id: str) -> int:
    record = get(user_id)
    return len(record.recovery) if record is not None else 0


def reset(user_id: str) -> bool:
    records = _records()
    if records is None or user_id not in records:
        return False
    del records[user_id]
    return True


def _invitations(create=False):
    annotations = IAnnotations(api.portal.get())
    if INVITATIONS not in annotations and create:
        annotations[INVITATIONS] = OOBTree()
    return annotations.get(INVITATIONS)


def links_required() -> bool:
    """Whether setting up needs an administrator's link (on unless switched off)."""
    return get_settings().enrolment_by_link is not False


def invite(user_id: str, now: float | None = None) -> str:
    """A new enrolment link token for the user (replacing an older one); shown once."""
    token = invitations.new_token()
    _invitations(create=True)[user_id] = invitations.invite(token, now or time.time())
    return token


def invited(user_id: str, token, now: float | None = None) -> bool:
    records = _invitations()
    invitation = records.get(user_id) if records is not None else None
    return invitations.accepts(invitation, token, now or time.time())


def use_invitation(user_id: str) -> None:
    records = _invitations()
    if records is not None and user_id in records:
        del records[user_id]
