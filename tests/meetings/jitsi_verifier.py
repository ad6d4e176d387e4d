"""A verifier written from prosody's documented token rules (our own code, not Jitsi's).

Rules (jitsi-meet resources/prosody-plugins/token/util.lib.lua + luajwtjitsi.lib.lua, as
described in the team's research notes): three base64url segments of JSON; header `typ` must be
"JWT"; header `alg` must equal the configured algorithm; the signature (HMAC for HS*, RSA
PKCS#1 v1.5 for RS*; with a key server the header must carry a `kid` and an RS algorithm);
`exp`/`nbf`, when present, must be numbers and are compared with the clock with no leeway;
`iss` and `aud` must be present and equal one accepted value ("*" accepts any), so a list `aud`
fails; a `room` claim is required. At MUC join the room claim is lower-cased and compared with
the room; with domain verification `sub` must be "*", the tenant, or the XMPP domain whose
conference host is joined.
"""

import base64
import binascii
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
import hashlib
import hmac
import json


HASHES = {
    "256": (hashlib.sha256, hashes.SHA256),
    "384": (hashlib.sha384, hashes.SHA384),
    "512": (hashlib.sha512, hashes.SHA512),
}


class Reject(Exception):
    pass


def _b64url(text):
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise Reject("Invalid token")


def _json(raw, what):
    try:
        value = json.loads(raw)
    except ValueError:
        raise Reject(f"Invalid {what}")
    if not isinstance(value, dict):
        raise Reject(f"Invalid {what}")
    return value


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def verify_signature(alg, key, signing_input, signature):
    family, bits = alg[:2], alg[2:]
    if bits not in HASHES:
        raise Reject("Algorithm not supported")
    if family == "HS":
        secret = key.encode() if isinstance(key, str) else key
        expected = hmac.new(secret, signing_input, HASHES[bits][0]).digest()
        if not hmac.compare_digest(expected, signature):
            raise Reject("Invalid signature")
    elif family == "RS":
        try:
            key.verify(signature, signing_input, padding.PKCS1v15(), HASHES[bits][1]())
        except InvalidSignature:
            raise Reject("Invalid signature")
    else:
        raise Reject("Algorithm not supported")


def verify_token(
    token,
    *,
    alg,
    key,
    accepted_issuers,
    accepted_audiences=("*",),
    require_room=True,
    now,
    key_server=False,
):
    """The claims, or Reject with prosody's reason. `key` for RS*: a public key object, or a
    callable kid -> public key when a key server is configured (key_server=True)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Reject("Invalid token")
    h64, p64, s64 = parts
    header = _json(_b64url(h64), "header")
    body = _json(_b64url(p64), "body")
    signature = _b64url(s64)
    if key_server:
        if "kid" not in header:
            raise Reject("'kid' claim is missing")
        if "alg" not in header:
            raise Reject("'alg' claim is missing")
        if not str(header["alg"]).startswith("RS"):
            raise Reject("'kid' claim only support with RS family")
        key = key(header["kid"])
    if header.get("typ") != "JWT":
        raise Reject("Invalid typ")
    if header.get("alg") != alg:
        raise Reject("Invalid or incorrect alg")
    verify_signature(alg, key, f"{h64}.{p64}".encode(), signature)
    for claim in ("exp", "nbf"):
        if claim in body and not _number(body[claim]):
            raise Reject(f"{claim} must be number")
    if "exp" in body and now >= body["exp"]:
        raise Reject("Not acceptable by exp")
    if "nbf" in body and now < body["nbf"]:
        raise Reject("Not acceptable by nbf")
    for claim, accepted in (("iss", accepted_issuers), ("aud", accepted_audiences)):
        if claim not in body:
            raise Reject(f"'{claim}' claim is missing")
        if "*" not in accepted and not any(body[claim] == value for value in accepted):
            raise Reject(f"invalid '{claim}' claim")
    if require_room and "room" not in body:
        raise Reject("'room' claim is missing")
    return body


def verify_room(claims, room_jid, *, muc_prefix="conference", domain_verification=True):
    """Util:verify_room for a token session joining `room_jid` (node@conference.domain)."""
    node, _, host = room_jid.partition("@")
    auth_room = str(claims.get("room", "")).lower()
    if not domain_verification:
        return auth_room == "*" or node == auth_room or node.endswith("]" + auth_room)
    if node.startswith("[") and "]" in node:
        tenant, room = node[1:].split("]", 1)
    else:
        tenant, room = None, node
    if auth_room != "*" and room != auth_room:
        return False
    sub = str(claims.get("sub", "")).lower()
    if tenant is not None:
        return sub in ("*", tenant)
    return sub == "*" or f"{muc_prefix}.{sub}" == host
