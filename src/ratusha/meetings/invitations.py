"""Signed, expiring links: guests' invitations and personal calendar feeds.

An invitation carries the meeting, the guest's address and its expiry, signed with
HMAC-SHA256 under a key that never leaves the server. A calendar feed token names the user and
is valid while the user's current nonce is stored: a new nonce (or none) revokes it.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time


INVITATION = b"ratusha.meetings.guest-invitation"
FEED = b"ratusha.meetings.calendar-feed"


class InvitationError(ValueError):
    """reason: "malformed", "signature" or "expired"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _subkey(key: bytes, purpose: bytes) -> bytes:
    if not key:
        raise ValueError("no key")
    return hmac.new(key, purpose, hashlib.sha256).digest()


def sign_invitation(key: bytes, meeting_uid: str, email: str, name: str, expires: int) -> str:
    body = json.dumps(
        {"m": meeting_uid, "e": email.strip().lower(), "n": name, "x": int(expires)},
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=False,
    ).encode("utf-8")
    mac = hmac.new(_subkey(key, INVITATION), body, hashlib.sha256).digest()
    return f"{_b64(body)}.{_b64(mac)}"


def verify_invitation(key: bytes, token: str, now: float | None = None) -> dict:
    """{"meeting": uid, "email": ..., "name": ..., "expires": ...} or InvitationError."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 4096:
        raise InvitationError("malformed")
    body_text, mac_text = token.split(".")
    try:
        body, mac = _unb64(body_text), _unb64(mac_text)
    except (binascii.Error, ValueError):
        raise InvitationError("malformed")
    expected = hmac.new(_subkey(key, INVITATION), body, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        raise InvitationError("signature")
    try:
        data = json.loads(body)
        result = {
            "meeting": str(data["m"]),
            "email": str(data["e"]),
            "name": str(data["n"]),
            "expires": int(data["x"]),
        }
    except (ValueError, KeyError, TypeError):
        raise InvitationError("malformed")
    if (time.time() if now is None else now) >= result["expires"]:
        raise InvitationError("expired")
    return result


def feed_token(key: bytes, user_id: str, nonce: str) -> str:
    mac = hmac.new(_subkey(key, FEED), f"{user_id}\n{nonce}".encode(), hashlib.sha256)
    return f"{_b64(user_id.encode('utf-8'))}.{_b64(mac.digest()[:24])}"


def feed_user(token: str) -> str | None:
    """The user a feed token claims to be for (not yet checked)."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 1024:
        return None
    try:
        return _unb64(token.split(".")[0]).decode("utf-8") or None
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def check_feed_token(key: bytes, token: str, nonce: str | None) -> bool:
    user_id = feed_user(token)
    if user_id is None or not nonce:
        return False
    return hmac.compare_digest(
        token.encode("utf-8"), feed_token(key, user_id, nonce).encode("utf-8")
    )
