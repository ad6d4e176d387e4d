"""Jitsi configuration from the registry plus secrets from the environment or files."""

import dataclasses
import os
import pathlib
from plone.registry.interfaces import IRegistry
from plone.uuid.interfaces import IUUID
from ratusha import _
from ratusha.core.headerrules import content_security_policy as site_policy
from ratusha.core.secrets import load_secret
from ratusha.meetings.roomnames import room_name
from ratusha.meetings.settings import IJitsiSettings
from ratusha.meetings.settings import PREFIX
from ratusha.meetings.tokens import check_config
from ratusha.meetings.tokens import JitsiConfig
from ratusha.meetings.tokens import TokenError
from urllib.parse import urlparse
from zope.component import getUtility


SECRET = "RATUSHA_JITSI_SECRET"
PRIVATE_KEY = "RATUSHA_JITSI_PRIVATE_KEY"
ROOM_SALT = "RATUSHA_JITSI_ROOM_SALT"
EVENTS_SECRET = "RATUSHA_JITSI_EVENTS_SECRET"
LINKS_KEY = "RATUSHA_MEETINGS_KEY"


class NotConfigured(Exception):
    """Video cannot be offered; `message` says why, for people who can fix it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def settings():
    return getUtility(IRegistry).forInterface(IJitsiSettings, prefix=PREFIX, check=False)


def _read(path) -> str:
    return pathlib.Path(path).read_text(encoding="utf-8").strip()


def signing_key(values) -> tuple[str, str]:
    """(key, where it came from) for the configured algorithm; NotConfigured if missing."""
    if values.key_file:
        try:
            return _read(values.key_file), "file"
        except OSError:
            raise NotConfigured(
                _("jitsi_key_file_unreadable", default="The Jitsi key file cannot be read.")
            )
    if values.algorithm == "RS256":
        if os.environ.get(PRIVATE_KEY):
            return os.environ[PRIVATE_KEY], "environment"
        if os.environ.get(f"{PRIVATE_KEY}_FILE"):
            try:
                return _read(os.environ[f"{PRIVATE_KEY}_FILE"]), "environment file"
            except OSError:
                raise NotConfigured(
                    _("jitsi_key_file_unreadable", default="The Jitsi key file cannot be read.")
                )
        raise NotConfigured(
            _(
                "jitsi_no_private_key",
                default="RS256 needs a private key: set RATUSHA_JITSI_PRIVATE_KEY_FILE "
                "or the key file setting.",
            )
        )
    source = (
        "environment"
        if (os.environ.get(SECRET) or os.environ.get(f"{SECRET}_FILE"))
        else "generated"
    )
    return load_secret(SECRET, "jitsi.secret").decode("utf-8"), source


def load_config() -> JitsiConfig:
    values = settings()
    if not (values.domain or "").strip() or not (values.app_id or "").strip():
        raise NotConfigured(
            _(
                "jitsi_not_configured",
                default="Video is not configured yet: an administrator sets the "
                "Jitsi address and application id in Site Setup → Meetings "
                "and video.",
            )
        )
    key, _source = signing_key(values)
    config = JitsiConfig(
        domain=values.domain.strip(),
        app_id=values.app_id.strip(),
        algorithm=values.algorithm or "HS256",
        key=key,
        xmpp_domain=(values.xmpp_domain or "").strip(),
        audience=(values.audience or "").strip(),
        kid=(values.kid or "").strip(),
        tenant=(values.tenant or "").strip(),
        margin=60 * (values.margin_minutes if values.margin_minutes is not None else 120),
    )
    try:
        check_config(config)
    except TokenError as exc:
        raise NotConfigured(
            _(
                "jitsi_misconfigured",
                default="Video is misconfigured: ${reason}.",
                mapping={"reason": str(exc)},
            )
        )
    return config


def room_config(config: JitsiConfig) -> JitsiConfig:
    """Tokens for a room outside a meeting end at their own lifetime, without overtime."""
    return dataclasses.replace(config, margin=0)


def script_url(values=None) -> str:
    values = values or settings()
    if values.script_url:
        return values.script_url
    return f"https://{values.domain}/external_api.js" if values.domain else ""


def origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""


def content_security_policy(values=None) -> str:
    """The site's policy plus Jitsi's frames and its IFrame API script, nothing else."""
    values = values or settings()
    jitsi = f"https://{values.domain}" if values.domain else ""
    servers = (origin(script_url(values)), jitsi)
    return site_policy(scripts=servers, frames=(jitsi,), connects=servers)


def room_salt() -> bytes:
    return load_secret(ROOM_SALT, "jitsi-room.salt")


def events_secret() -> bytes:
    return load_secret(EVENTS_SECRET, "jitsi-events.secret")


def links_key() -> bytes:
    return load_secret(LINKS_KEY, "meetings.key")


def jitsi_room(obj) -> str:
    return room_name(IUUID(obj), room_salt())
