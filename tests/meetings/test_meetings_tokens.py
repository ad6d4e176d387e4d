"""Jitsi tokens: what our minting makes, checked by a verifier written from prosody's rules."""

import base64
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jitsi_verifier import Reject
from jitsi_verifier import verify_room
from jitsi_verifier import verify_token
import json
import jwt
import pytest
from ratusha.meetings.roomnames import room_name
from ratusha.meetings.tokens import Identity
from ratusha.meetings.tokens import JitsiConfig
from ratusha.meetings.tokens import mint_token
from ratusha.meetings.tokens import token_claims
from ratusha.meetings.tokens import TokenError
import warnings


NOW = 1_800_000_000
END = NOW + 3600  # the meeting ends in an hour
SECRET = "s3cret-that-is-at-least-32-bytes-long!!"
ROOM = room_name("0123456789abcdef0123456789abcdef", b"salt")
CONFIG = JitsiConfig(
    domain="meet.primerna.example",
    app_id="ratusha",
    algorithm="HS256",
    key=SECRET,
    xmpp_domain="meet.jitsi",
    audience="jitsi",
    margin=1800,
)
JID = f"{ROOM}@conference.meet.jitsi"
IVAN = Identity("ivan", "Иван Стоянов", "ivan@primerna.example")
HOST = Identity("head.budget", "Георги Иванов", "g@primerna.example", moderator=True)
GUEST = Identity("guest:ana@example.org", "Ана", "ana@example.org", guest=True)

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA_PEM = RSA_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


def b64(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def forge(claims, header=None, secret=SECRET, algorithm="HS256"):
    """A token made by hand (not by our minting), for what prosody must refuse."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jwt.encode(claims, secret, algorithm=algorithm, headers=header)


def valid_claims():
    return token_claims(CONFIG, ROOM, IVAN, END, NOW)


def check(
    token,
    *,
    now=NOW,
    alg="HS256",
    key=SECRET,
    issuers=("ratusha",),
    audiences=("jitsi",),
    jid=JID,
    **kwargs,
):
    claims = verify_token(
        token,
        alg=alg,
        key=key,
        accepted_issuers=issuers,
        accepted_audiences=audiences,
        now=now,
        **kwargs,
    )
    if not verify_room(claims, jid):
        raise Reject("Room and token mismatched")
    return claims


def strip_typ(token):
    header, body, signature = token.split(".")
    # re-sign without typ: PyJWT always adds it, so build the header ourselves
    import hashlib
    import hmac

    new_header = b64({"alg": "HS256"})
    mac = hmac.new(SECRET.encode(), f"{new_header}.{body}".encode(), hashlib.sha256).digest()
    return f"{new_header}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


# (case, token maker, verifier keyword arguments, expected rejection or None)
CASES = [
    ("valid", lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW), {}, None),
    (
        "valid one second before exp",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"now": END + 1800 - 1},
        None,
    ),
    (
        "backdated nbf tolerates a slow Jitsi clock",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"now": NOW - 59},
        None,
    ),
    (
        "wrong room",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"jid": "ratusha-other@conference.meet.jitsi"},
        "Room and token mismatched",
    ),
    (
        "mixed-case room claim is lower-cased by prosody",
        lambda: forge(dict(valid_claims(), room=ROOM.upper())),
        {},
        None,
    ),
    (
        "expired",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"now": END + 1800},
        "Not acceptable by exp",
    ),
    (
        "nbf in the future",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"now": NOW - 61},
        "Not acceptable by nbf",
    ),
    (
        "wrong iss",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"issuers": ("someone-else",)},
        "invalid 'iss' claim",
    ),
    (
        "list aud",
        lambda: forge(dict(valid_claims(), aud=["jitsi", "other"])),
        {},
        "invalid 'aud' claim",
    ),
    (
        "wrong secret",
        lambda: mint_token(CONFIG, ROOM, IVAN, END, NOW),
        {"key": "another-secret-of-at-least-32-bytes!!"},
        "Invalid signature",
    ),
    (
        "HS512 when HS256 is configured",
        lambda: forge(valid_claims(), algorithm="HS512"),
        {},
        "Invalid or incorrect alg",
    ),
    ("no typ", lambda: strip_typ(mint_token(CONFIG, ROOM, IVAN, END, NOW)), {}, "Invalid typ"),
    ("string exp", lambda: forge(dict(valid_claims(), exp=str(END))), {}, "exp must be number"),
    (
        "no room",
        lambda: forge({k: v for k, v in valid_claims().items() if k != "room"}),
        {},
        "'room' claim is missing",
    ),
    (
        "other XMPP domain in sub",
        lambda: forge(dict(valid_claims(), sub="meet.other")),
        {},
        "Room and token mismatched",
    ),
]


@pytest.mark.parametrize("case,make,kwargs,expected", CASES, ids=[c[0] for c in CASES])
def test_prosody_rules(case, make, kwargs, expected):
    token = make()
    if expected is None:
        claims = check(token, **kwargs)
        assert claims["room"].lower() == ROOM
    else:
        with pytest.raises(Reject) as info:
            check(token, **kwargs)
        assert str(info.value) == expected


def test_star_and_mixed_case_rooms_refused_by_our_minting():
    for room in ("*", ROOM.upper(), "Ratusha-Abc", "room name", "", "ratusha_x", "-x"):
        with pytest.raises(TokenError):
            mint_token(CONFIG, room, IVAN, END, NOW)
    # the verifier itself would let "*" into every room: that is why we never mint it
    assert check(forge(dict(valid_claims(), room="*")), jid="any@conference.meet.jitsi")


def test_our_minting_refuses_what_prosody_would_refuse():
    table = [
        (dict(algorithm="HS512"), "algorithm"),
        (dict(algorithm="none"), "algorithm"),
        (dict(app_id=""), "app id"),
        (dict(key=""), "key"),
        (dict(algorithm="RS256", key=RSA_PEM, kid=""), "kid"),
        (dict(tenant="Primerna"), "tenant"),
    ]
    for changes, message in table:
        config = JitsiConfig(**dict(vars(CONFIG), **changes))
        with pytest.raises(TokenError, match=message):
            mint_token(config, ROOM, IVAN, END, NOW)
    with pytest.raises(TokenError, match="over"):
        mint_token(CONFIG, ROOM, IVAN, NOW - CONFIG.margin, NOW)
    with pytest.raises(TokenError, match="guest"):
        mint_token(CONFIG, ROOM, Identity("guest:x", "X", guest=True, moderator=True), END, NOW)


def test_rs256_with_kid_through_a_key_server():
    config = JitsiConfig(**dict(vars(CONFIG), algorithm="RS256", key=RSA_PEM, kid="ratusha/2026"))
    token = mint_token(config, ROOM, HOST, END, NOW)
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": "ratusha/2026"}
    keys = {"ratusha/2026": RSA_KEY.public_key()}
    claims = check(token, alg="RS256", key=keys.__getitem__, key_server=True)
    assert claims["context"]["user"]["moderator"] is True
    # a token with the right claims but signed by another key fails
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys["ratusha/2026"] = other.public_key()
    with pytest.raises(Reject, match="Invalid signature"):
        check(token, alg="RS256", key=keys.__getitem__, key_server=True)
    # HS256 token offered where RS256 with a key server is configured
    with pytest.raises(Reject, match="'kid' claim is missing"):
        check(
            mint_token(CONFIG, ROOM, HOST, END, NOW),
            alg="RS256",
            key=keys.__getitem__,
            key_server=True,
        )


def test_tenant_goes_in_sub_and_room_path():
    config = JitsiConfig(**dict(vars(CONFIG), tenant="primerna"))
    token = mint_token(config, ROOM, IVAN, END, NOW)
    assert config.api_room(ROOM) == f"primerna/{ROOM}"
    claims = check(token, jid=f"[primerna]{ROOM}@conference.meet.jitsi")
    assert claims["sub"] == "primerna"
    with pytest.raises(Reject):
        check(token, jid=f"[other]{ROOM}@conference.meet.jitsi")


ROLE_TABLE = [
    # identity, affiliation, moderator, lobby bypass, recording, screen-sharing
    (HOST, "owner", True, True, True, True),
    (IVAN, "member", False, False, False, True),
    (Identity("ivan", "Иван", lobby_bypass=True), "member", False, True, False, True),
    (GUEST, "member", False, False, False, False),
]


@pytest.mark.parametrize("identity,affiliation,moderator,bypass,recording,sharing", ROLE_TABLE)
def test_claims_by_role(identity, affiliation, moderator, bypass, recording, sharing):
    token = mint_token(CONFIG, ROOM, identity, END, NOW)
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    # a second, independent parser: PyJWT with audience and issuer checks
    claims = jwt.decode(
        token,
        SECRET,
        algorithms=["HS256"],
        audience="jitsi",
        issuer="ratusha",
        options={"verify_iat": False, "verify_nbf": False, "verify_exp": False},
    )
    assert claims["sub"] == "meet.jitsi" and claims["room"] == ROOM
    assert isinstance(claims["aud"], str)
    assert claims["exp"] == END + 1800 and claims["nbf"] == NOW - 60 and claims["iat"] == NOW
    user = claims["context"]["user"]
    assert all(isinstance(user[k], str) for k in ("id", "name", "email", "avatar", "affiliation"))
    assert user["id"] == identity.user_id and user["name"] == identity.name
    assert user["affiliation"] == affiliation
    assert user["moderator"] is moderator
    assert user["lobby_bypass"] is bypass
    features = claims["context"]["features"]
    assert features["recording"] is recording and features["livestreaming"] is recording
    assert features["screen-sharing"] is sharing
    assert all(isinstance(v, bool) for v in features.values())


def test_room_names():
    uid = "0123456789abcdef0123456789abcdef"
    name = room_name(uid, b"salt")
    assert name == room_name(uid, b"salt")
    assert name != room_name(uid, b"other salt")
    assert name != room_name("fedcba9876543210fedcba9876543210", b"salt")
    assert name.startswith("ratusha-") and len(name) == len("ratusha-") + 26
    import re

    assert re.fullmatch(r"[a-z0-9-]+", name)
    assert uid not in name
    for bad in ((uid, b""), ("", b"salt")):
        with pytest.raises(ValueError):
            room_name(*bad)
    with pytest.raises(ValueError):
        room_name(uid, b"salt", prefix="Bad-Prefix")
