"""Access settings (plone.registry): who must use two-factor login, and the lockout policy."""

from ratusha import _
from ratusha.access.throttle import Policy
from zope import schema
from zope.interface import Interface


class IAccessSettings(Interface):
    two_factor_roles = schema.List(
        title=_("access_label_2fa_roles", default="Roles that must use two-factor login"),
        description=_(
            "access_help_2fa_roles",
            default="Holders of any of these roles must confirm each login with a "
            "code from an authenticator app. One role per line.",
        ),
        value_type=schema.TextLine(),
        default=["Site Administrator", "Auditor", "Data Protection Officer", "Manager"],
        required=False,
    )
    enrolment_by_link = schema.Bool(
        title=_(
            "access_label_enrolment_link",
            default="Setting up two-factor login needs a link from an administrator",
        ),
        description=_(
            "access_help_enrolment_link",
            default="Without it, whoever first logs in with the password sets up the "
            "account's second factor. Administrators issue one-time links on "
            "the page «Locks and resets».",
        ),
        default=True,
        required=False,
    )
    max_failures = schema.Int(
        title=_("access_label_max_failures", default="Failed logins before an account is locked"),
        description=_(
            "access_help_max_failures",
            default="Keep it below the directory's own lockout threshold, so Ratusha "
            "cannot be used to lock accounts in Active Directory.",
        ),
        default=Policy.max_failures,
        min=1,
        max=100,
    )
    max_failures_per_address = schema.Int(
        title=_(
            "access_label_max_failures_address",
            default="Failed logins before a client address is locked",
        ),
        default=Policy.max_failures_per_address,
        min=1,
        max=10000,
    )
    window_minutes = schema.Int(
        title=_("access_label_window", default="Counting window (minutes)"),
        default=Policy.window_seconds // 60,
        min=1,
        max=1440,
    )
    lock_minutes = schema.Int(
        title=_("access_label_lock", default="Lock period (minutes)"),
        default=Policy.lock_seconds // 60,
        min=1,
        max=1440,
    )


def get_settings():
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    return getUtility(IRegistry).forInterface(IAccessSettings, prefix="ratusha.access", check=False)


def policy() -> Policy:
    settings = get_settings()
    return Policy(
        max_failures=settings.max_failures or Policy.max_failures,
        max_failures_per_address=settings.max_failures_per_address
        or Policy.max_failures_per_address,
        window_seconds=(settings.window_minutes or Policy.window_seconds // 60) * 60,
        lock_seconds=(settings.lock_minutes or Policy.lock_seconds // 60) * 60,
    )
