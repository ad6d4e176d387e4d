"""Time-based one-time passwords (RFC 6238) and recovery codes. Plain Python, no Zope.

A code is accepted within ±1 time step, and only once: the step it matched is remembered and
any code for that step or an earlier one is refused afterwards (no replay).
"""

import hashlib
import hmac
import pyotp
import secrets


STEP = 30
DIGITS = 6
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP).provisioning_uri(
        name=account, issuer_name=issuer
    )


def code_at(secret: str, when: float) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP).at(when)


def matching_step(
    secret: str, code: str, now: float, last_step: int | None, window: int = 1
) -> int | None:
    """The time step the code belongs to, or None if wrong, stale or already used."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP)
    current = int(now // STEP)
    for step in range(current - window, current + window + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Ten codes like 'k7qm-3xpa' to print and keep; only their hashes are stored."""

    def one():
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(8))
        return f"{raw[:4]}-{raw[4:]}"

    return [one() for _ in range(count)]


def hash_recovery_code(code: str, salt: bytes) -> str:
    normalised = code.strip().lower().replace(" ", "").replace("-", "")
    return hashlib.scrypt(normalised.encode(), salt=salt, n=2**14, r=8, p=1).hex()


def use_recovery_code(code: str, salt: bytes, hashes: list[str]) -> list[str] | None:
    """The remaining hashes if the code is one of them (single use), else None."""
    digest = hash_recovery_code(code, salt)
    for stored in hashes:
        if hmac.compare_digest(stored, digest):
            return [h for h in hashes if h != stored]
    return None
