"""Jitsi tokens, minted the way prosody verifies them.

Prosody's token/util.lib.lua with luajwtjitsi checks, in this order: header `typ` is "JWT",
`alg` is exactly the configured algorithm, the signature, `exp`/`nbf` as numbers compared with
no clock skew, `iss` and `aud` by string equality (a list `aud` fails), a `room` claim (lower-
cased and compared with the MUC room) and, with domain verification, `sub` as the XMPP domain or
tenant. mod_token_affiliation reads `context.user.affiliation`/`moderator`; the contrib
token_lobby_bypass module reads `context.user.lobby_bypass`.

`mint_token` is the one place a token is made: pure, no Zope, table-tested.
"""

from dataclasses import dataclass
import jwt
import re


ALGORITHMS = ("HS256", "RS256")
ROOM_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")
TENANT = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
NBF_BACKDATE = 60  # prosody allows no clock skew: a token is valid from a minute ago


class TokenError(ValueError):
    """A token cannot (or must not) be made with these inputs."""


@dataclass(frozen=True)
class JitsiConfig:
    domain: str  # host of the Jitsi web front, e.g. "meet.primerna.bg"
    app_id: str  # prosody app_id, our `iss`
    algorithm: str  # "HS256" (shared secret) or "RS256" (private key + kid)
    key: str | bytes  # the HS256 secret or the RS256 private key (PEM)
    xmpp_domain: str = "meet.jitsi"  # `sub` when there is no tenant
    audience: str = "jitsi"
    kid: str = ""
    tenant: str = ""
    margin: int = 7200  # seconds a meeting's token outlives its scheduled end

    @property
    def subject(self) -> str:
        return self.tenant or self.xmpp_domain

    def api_room(self, room: str) -> str:
        """The IFrame API's roomName: the tenant's path comes first."""
        return f"{self.tenant}/{room}" if self.tenant else room


@dataclass(frozen=True)
class Identity:
    """Who the token is for, and with which rights."""

    user_id: str
    name: str
    email: str = ""
    avatar: str = ""
    moderator: bool = False
    guest: bool = False
    lobby_bypass: bool = False


def features(identity: Identity) -> dict:
    """context.features: what the Jitsi UI and mod_filter_iq_jibri allow this person.

    A present `features` object disables every feature it does not name, so all are named.
    """
    moderator = identity.moderator
    return {
        "recording": moderator,
        "livestreaming": moderator,
        "transcription": False,
        "outbound-call": False,
        "screen-sharing": not identity.guest,
        "create-polls": moderator,
        "send-groupchat": True,
    }


def check_config(config: JitsiConfig) -> None:
    if config.algorithm not in ALGORITHMS:
        raise TokenError(f"algorithm must be one of {', '.join(ALGORITHMS)}")
    if not config.app_id:
        raise TokenError("app id (iss) is required")
    if not isinstance(config.audience, str) or not config.audience:
        raise TokenError("audience must be one string")
    if not config.key:
        raise TokenError("no signing key")
    if config.algorithm == "RS256" and not config.kid:
        raise TokenError("RS256 needs a key id (kid)")
    if config.tenant and not TENANT.match(config.tenant):
        raise TokenError("tenant must be lowercase letters, digits and dashes")
    if not config.subject:
        raise TokenError("XMPP domain (sub) is required")


def token_claims(
    config: JitsiConfig, room: str, identity: Identity, ends_at: int, now: int
) -> dict:
    check_config(config)
    if not isinstance(room, str) or not ROOM_NAME.match(room):
        # never "*", never upper case: prosody lower-cases the claim, not our index
        raise TokenError("room must be a concrete lowercase name of [a-z0-9-]")
    if identity.guest and identity.moderator:
        raise TokenError("a guest cannot be a moderator")
    if not identity.user_id:
        raise TokenError("user id is required")
    expires = int(ends_at) + int(config.margin)
    if expires <= now:
        raise TokenError("the meeting is over")
    user = {
        "id": str(identity.user_id),
        "name": str(identity.name or identity.user_id),
        "email": str(identity.email or ""),
        "avatar": str(identity.avatar or ""),
        "affiliation": "owner" if identity.moderator else "member",
        "moderator": bool(identity.moderator),
        "lobby_bypass": bool(identity.lobby_bypass or identity.moderator),
    }
    return {
        "iss": config.app_id,
        "aud": config.audience,
        "sub": config.subject,
        "room": room,
        "iat": int(now),
        "nbf": int(now) - NBF_BACKDATE,
        "exp": expires,
        "context": {"user": user, "features": features(identity)},
    }


def mint_token(config: JitsiConfig, room: str, identity: Identity, ends_at: int, now: int) -> str:
    """A signed JWT for one person in one room until `ends_at` (+ the margin), as prosody wants."""
    claims = token_claims(config, room, identity, ends_at, now)
    headers = {"typ": "JWT", "alg": config.algorithm}
    if config.kid:
        headers["kid"] = config.kid
    try:
        return jwt.encode(claims, config.key, algorithm=config.algorithm, headers=headers)
    except (ValueError, TypeError) as exc:  # e.g. an unreadable private key
        raise TokenError(f"cannot sign: {exc.__class__.__name__}") from exc
