"""One-time enrolment links: who may set up a second factor. Plain Python.

Without them, whoever first logged in with the password owned the account's second factor
(trust on first use). An administrator issues a link to the person; setting up requires the
password AND the link, which is good once, for a few days, for that one account.
"""

import dataclasses
import hashlib
import hmac
import secrets


LIFETIME = 3 * 24 * 3600


@dataclasses.dataclass(frozen=True)
class Invitation:
    digest: str  # only the hash is kept: a copy of the database gives no usable link
    expires: float


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def invite(token: str, now: float, lifetime: int = LIFETIME) -> Invitation:
    return Invitation(digest(token), now + lifetime)


def accepts(invitation: Invitation | None, token, now: float) -> bool:
    """Whether the presented token is this still-valid invitation's."""
    if invitation is None or not isinstance(token, str) or not token or now >= invitation.expires:
        return False
    return hmac.compare_digest(invitation.digest, digest(token))
