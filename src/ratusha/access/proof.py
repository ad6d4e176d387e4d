"""Proof that this session (or token) passed the second factor.

A browser session gets a signed cookie bound to its plone.session ticket, so it cannot be
carried to another session; a JWT from @login carries a claim inside the signed token.
"""

import hashlib
import hmac
from plone import api
from ratusha.access.interfaces import ISecondFactor
from ratusha.core.secrets import load_secret
import time
import uuid
from zope.interface import moduleProvides


moduleProvides(ISecondFactor)  # registered as the ISecondFactor utility in configure.zcml
COOKIE = "ratusha_2fa"
CLAIM = "ratusha_2fa"
LIFETIME = 12 * 3600


def _key() -> bytes:
    return load_secret("RATUSHA_2FA_KEY", "2fa.key")


def _session(request) -> str:
    return hashlib.sha256((request.cookies.get("__ac") or "").encode()).hexdigest()


def _signature(user_id: str, expires: int, session: str) -> str:
    message = f"{user_id}|{expires}|{session}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def issue(request, user_id: str) -> None:
    expires = int(time.time()) + LIFETIME
    value = f"{user_id}|{expires}|{_signature(user_id, expires, _session(request))}"
    request.response.setCookie(
        COOKIE,
        value,
        path="/",
        http_only=True,
        same_site="Lax",
        secure=request.get("SERVER_URL", "").startswith("https"),
    )


def forget(request) -> None:
    request.response.expireCookie(COOKIE, path="/")


def _cookie_ok(request, user_id: str) -> bool:
    value = request.cookies.get(COOKIE) or ""
    parts = value.split("|")
    if len(parts) != 3 or parts[0] != user_id or not parts[1].isdigit():
        return False
    if int(parts[1]) < time.time():
        return False
    return hmac.compare_digest(parts[2], _signature(user_id, int(parts[1]), _session(request)))


def _jwt_plugin():
    acl_users = api.portal.get_tool("acl_users")
    for plugin in acl_users.objectValues():
        if getattr(plugin, "meta_type", "") == "JWT Authentication Plugin":
            return plugin
    return None


def _token_ok(token: str, user_id: str) -> bool:
    """Verified by the site's own JWT plugin: signed by us, for this user, with the claim, and
    not revoked (@logout takes it out of the plugin's store of issued tokens)."""
    plugin = _jwt_plugin()
    payload = plugin._decode_token(token) if plugin is not None and token else None
    if not (payload and payload.get("sub") == user_id and payload.get(CLAIM)):
        return False
    credentials = {"extractor": plugin.getId(), "token": token}
    return plugin.authenticateCredentials(credentials) == (user_id, user_id)


def issue_token(plugin, user_id: str, data: dict) -> str:
    """A JWT that @logout can revoke: the plugin keeps the tokens it issued and refuses others.

    Switched on here, at the first login after Ratusha is installed or upgraded, so that no site
    runs without it; tokens issued before then stop working, which is the safe side. Each token
    is unique (jti), so logging out one device leaves the others; a user's expired tokens are
    dropped from the store as a new one is issued.
    """
    if not plugin.store_tokens:
        plugin.store_tokens = True
    issued = plugin._tokens.get(user_id) if plugin._tokens is not None else None
    if issued is not None and plugin.token_timeout:
        oldest = time.time() - plugin.token_timeout
        for token in [token for token, when in issued.items() if when < oldest]:
            del issued[token]
    return plugin.create_token(user_id, data={**data, "jti": uuid.uuid4().hex})


def proven(request, user_id: str, authorization: str) -> bool:
    scheme, _sep, credentials = authorization.partition(" ")
    if scheme.lower() == "basic":
        return False  # a password alone never passes two-factor
    if scheme.lower() == "bearer":
        return _token_ok(credentials, user_id)
    return _cookie_ok(request, user_id) or _token_ok(request.cookies.get("auth_token"), user_id)
