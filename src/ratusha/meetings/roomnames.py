"""Jitsi room names: not guessable, no titles in Jitsi's logs, only [a-z0-9-]."""

import base64
import hashlib
import hmac
import re


PREFIX = re.compile(r"^[a-z][a-z0-9]{0,15}$")
LENGTH = 26  # base32 characters: 130 bits of the HMAC


def room_name(uid: str, salt: bytes, prefix: str = "ratusha") -> str:
    """HMAC-SHA256(salt, uid) in lowercase base32 after a fixed prefix."""
    if not uid:
        raise ValueError("a room name needs the content's UID")
    if not salt:
        raise ValueError("a room name needs a salt")
    if not PREFIX.match(prefix):
        raise ValueError("prefix must be lowercase letters and digits")
    digest = hmac.new(salt, uid.encode("utf-8"), hashlib.sha256).digest()
    return f"{prefix}-{base64.b32encode(digest).decode('ascii').lower()[:LENGTH]}"
