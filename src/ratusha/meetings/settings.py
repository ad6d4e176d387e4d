"""Jitsi settings in plone.registry (control panel). Secrets are never stored here."""

from ratusha import _
import re
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid


HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$")
TENANT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PREFIX = "ratusha.jitsi"


def host_name(value):
    if value and not HOST.match(value):
        raise Invalid(
            _(
                "error_jitsi_domain",
                default="Give the host name only, e.g. meet.primerna.bg (no https://, no path).",
            )
        )
    return True


def tenant_name(value):
    if value and not TENANT.match(value):
        raise Invalid(
            _("error_jitsi_tenant", default="A tenant is lowercase letters, digits and dashes.")
        )
    return True


def script_address(value):
    if value and not re.match(r"^https?://[^\s/]+/\S*$", value):
        raise Invalid(
            _(
                "error_jitsi_script",
                default="Give a full address, e.g. https://meet.primerna.bg/external_api.js",
            )
        )
    return True


class IJitsiSettings(Interface):
    """How Ratusha reaches the municipality's self-hosted Jitsi Meet."""

    domain = schema.TextLine(
        title=_("label_jitsi_domain", default="Jitsi address"),
        description=_(
            "help_jitsi_domain",
            default="Host name of the Jitsi Meet web front, e.g. meet.primerna.bg. "
            "Empty: video is off and the pages say so.",
        ),
        required=False,
        constraint=host_name,
    )

    tenant = schema.TextLine(
        title=_("label_jitsi_tenant", default="Tenant"),
        description=_(
            "help_jitsi_tenant",
            default="Only when several municipalities share one Jitsi "
            "(https://meet…/<tenant>/<room>); it becomes the token's `sub`.",
        ),
        required=False,
        constraint=tenant_name,
    )

    app_id = schema.TextLine(
        title=_("label_jitsi_app_id", default="Application id"),
        description=_(
            "help_jitsi_app_id",
            default="Prosody's app_id (JWT_APP_ID); the tokens' issuer (`iss`).",
        ),
        required=False,
    )

    algorithm = schema.Choice(
        title=_("label_jitsi_algorithm", default="Signing"),
        description=_(
            "help_jitsi_algorithm",
            default="HS256 with a secret shared with Jitsi, or RS256 with a private key "
            "whose public key Jitsi fetches by its key id.",
        ),
        values=("HS256", "RS256"),
        default="HS256",
        required=True,
    )

    kid = schema.TextLine(
        title=_("label_jitsi_kid", default="Key id (RS256)"),
        description=_(
            "help_jitsi_kid",
            default="The `kid` Jitsi looks the public key up by; required for RS256.",
        ),
        required=False,
    )

    audience = schema.TextLine(
        title=_("label_jitsi_audience", default="Audience"),
        description=_(
            "help_jitsi_audience",
            default="The tokens' `aud`, one of Prosody's asap_accepted_audiences.",
        ),
        default="jitsi",
        required=True,
    )

    xmpp_domain = schema.TextLine(
        title=_("label_jitsi_xmpp_domain", default="XMPP domain"),
        description=_(
            "help_jitsi_xmpp_domain",
            default="The tokens' `sub` when there is no tenant: Prosody's virtual host "
            "(docker-jitsi-meet: meet.jitsi).",
        ),
        default="meet.jitsi",
        required=True,
    )

    margin_minutes = schema.Int(
        title=_("label_jitsi_margin", default="Overtime (minutes)"),
        description=_(
            "help_jitsi_margin",
            default="How long after a meeting's scheduled end its tokens still let "
            "people (re)join.",
        ),
        default=120,
        min=0,
        max=24 * 60,
    )

    room_hours = schema.Int(
        title=_("label_jitsi_room_hours", default="Room token lifetime (hours)"),
        description=_(
            "help_jitsi_room_hours", default="For calls in a room outside a scheduled meeting."
        ),
        default=8,
        min=1,
        max=24,
    )

    events_window_minutes = schema.Int(
        title=_("label_jitsi_events_window", default="Attendance events: freshness (minutes)"),
        description=_(
            "help_jitsi_events_window",
            default="Jitsi's attendance events are accepted only when they happened "
            "at most this long before or after the server's time.",
        ),
        default=120,
        min=1,
        max=7 * 24 * 60,
    )

    key_file = schema.TextLine(
        title=_("label_jitsi_key_file", default="Key file"),
        description=_(
            "help_jitsi_key_file",
            default="Optional path on the server of a file holding the HS256 secret or "
            "the RS256 private key (PEM). Otherwise RATUSHA_JITSI_SECRET(_FILE) "
            "or RATUSHA_JITSI_PRIVATE_KEY(_FILE) is used. Never the secret itself.",
        ),
        required=False,
    )

    script_url = schema.TextLine(
        title=_("label_jitsi_script", default="IFrame API script"),
        description=_(
            "help_jitsi_script", default="Empty: https://<Jitsi address>/external_api.js."
        ),
        required=False,
        constraint=script_address,
    )
