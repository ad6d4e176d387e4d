"""The directory settings (plone.registry, prefix `ratusha.ldap`) and the config built from them.

The bind password is deliberately not a setting: it comes from the environment or a file
(`config.read_bind_password`), so nothing the web or a ZODB backup can read holds it.
"""

from plone import api
from plone.autoform import directives
from plone.registry.interfaces import IRegistry
from plone.supermodel import model
from plone.z3cform.textlines import TextLinesFieldWidget
from ratusha import _
from ratusha.directory import presets
from ratusha.directory import rules
from ratusha.directory.config import DirectoryConfig
from ratusha.directory.config import read_bind_password
from zope import schema
from zope.annotation.interfaces import IAnnotations
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PREFIX = "ratusha.ldap"
REQUEST_KEY = "ratusha.directory.config"


@provider(IVocabularyFactory)
def preset_vocabulary(context):
    return SimpleVocabulary(
        [
            SimpleTerm(
                "active_directory", title=_("ldap_preset_ad", default="Microsoft Active Directory")
            ),
            SimpleTerm(
                "openldap",
                title=_("ldap_preset_openldap", default="OpenLDAP (inetOrgPerson entries)"),
            ),
        ]
    )


@provider(IVocabularyFactory)
def membership_vocabulary(context):
    return SimpleVocabulary(
        [
            SimpleTerm(
                "in_chain",
                title=_(
                    "ldap_membership_in_chain",
                    default="Active Directory's nested-group search (LDAP_MATCHING_RULE_IN_CHAIN)",
                ),
            ),
            SimpleTerm(
                "search",
                title=_(
                    "ldap_membership_search",
                    default="Search the groups for the member, level by level",
                ),
            ),
            SimpleTerm(
                "memberof",
                title=_(
                    "ldap_membership_memberof",
                    default="The user's memberOf attribute, then group search",
                ),
            ),
        ]
    )


def valid_servers(value):
    for url in value or ():
        try:
            rules.parse_server_url(url)
        except ValueError:
            raise Invalid(
                _(
                    "ldap_error_server_url",
                    default="Not a directory address: ${url}. Write ldap://host[:port] or ldaps://host[:port].",
                    mapping={"url": url},
                )
            )
    return True


def valid_role_mapping(value):
    mapping, errors = rules.parse_role_mapping(value)
    if errors:
        raise Invalid(
            _(
                "ldap_error_mapping_line",
                default="Write each line as «Role: group», e.g. «Councillor: cn=councillors,ou=groups,dc=example,dc=org». Not understood: ${lines}",
                mapping={"lines": "; ".join(errors)},
            )
        )
    known = _known_roles()
    unknown = sorted({role for role, _group in mapping if known and role not in known})
    if unknown:
        raise Invalid(
            _(
                "ldap_error_mapping_role",
                default="Unknown role: ${roles}. Use the role ids, e.g. Councillor, Registrar, Site Administrator.",
                mapping={"roles": ", ".join(unknown)},
            )
        )
    return True


def _known_roles():
    """The site's roles, when there is a site to ask (not while a profile is being parsed)."""
    try:
        return set(api.portal.get().validRoles())
    except api.exc.CannotGetPortalError:
        return set()


class ILDAPSettings(model.Schema):
    """Where the directory is and how Ratusha reads it."""

    enabled = schema.Bool(
        title=_("ldap_label_enabled", default="Log in with the directory"),
        description=_(
            "ldap_help_enabled",
            default="Employees and councillors log in with their directory account. Local "
            "Plone and Zope administrators keep working even when the directory is down.",
        ),
        default=False,
        required=False,
    )

    preset = schema.Choice(
        title=_("ldap_label_preset", default="Kind of directory"),
        description=_(
            "ldap_help_preset",
            default="Sets the attributes and filters below; change them only if your directory differs.",
        ),
        vocabulary="ratusha.directory.Presets",
        default="active_directory",
    )

    directives.widget("servers", TextLinesFieldWidget)
    servers = schema.List(
        title=_("ldap_label_servers", default="Servers"),
        description=_(
            "ldap_help_servers",
            default="One address per line, the main server first, e.g. ldaps://dc1.obshtina.local "
            "or ldap://dc2.obshtina.local:389. When one does not answer, the next is used.",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
        constraint=valid_servers,
    )

    start_tls = schema.Bool(
        title=_("ldap_label_start_tls", default="Encrypt ldap:// connections with StartTLS"),
        description=_(
            "ldap_help_start_tls",
            default="ldaps:// addresses are always encrypted. Without encryption passwords "
            "cross the network in clear text.",
        ),
        default=True,
        required=False,
    )

    verify_certificates = schema.Bool(
        title=_("ldap_label_verify", default="Verify the server's certificate"),
        description=_(
            "ldap_help_verify",
            default="Turn off only to diagnose a test server: without verification anyone "
            "between Ratusha and the directory can read the passwords.",
        ),
        default=True,
        required=False,
    )

    ca_file = schema.TextLine(
        title=_("ldap_label_ca_file", default="CA certificate file"),
        description=_(
            "ldap_help_ca_file",
            default="Path on the server to the PEM file of the certificate authority that "
            "signed the directory's certificate. Empty: the system's trusted authorities.",
        ),
        required=False,
    )

    bind_dn = schema.TextLine(
        title=_("ldap_label_bind_dn", default="Service account"),
        description=_(
            "ldap_help_bind_dn",
            default="DN (or user@domain on Active Directory) of a read-only account used to find "
            "users and groups. Its password is read from the environment variable "
            "RATUSHA_LDAP_BIND_PASSWORD or from the file named by "
            "RATUSHA_LDAP_BIND_PASSWORD_FILE, never stored here. Empty: anonymous.",
        ),
        required=False,
    )

    connect_timeout = schema.Int(
        title=_("ldap_label_connect_timeout", default="Connection timeout (seconds)"),
        default=3,
        min=1,
        max=60,
    )

    timeout = schema.Int(
        title=_("ldap_label_timeout", default="Answer timeout (seconds)"),
        description=_(
            "ldap_help_timeout",
            default="How long to wait for an answer. A server that accepts connections but does "
            "not answer costs at most twice this, once (a reconnect is tried); after that "
            "directory logins fail at once until the retry time has passed.",
        ),
        default=5,
        min=1,
        max=120,
    )

    retry_after = schema.Int(
        title=_("ldap_label_retry_after", default="Retry after an outage (seconds)"),
        description=_(
            "ldap_help_retry_after",
            default="After a server fails, directory logins fail at once for this long; then "
            "the directory is tried again.",
        ),
        default=30,
        min=1,
        max=3600,
    )

    model.fieldset(
        "people",
        label=_("ldap_fieldset_people", default="Users and groups"),
        fields=[
            "users_base_dn",
            "groups_base_dn",
            "user_filter",
            "group_filter",
            "login_attributes",
            "user_id_attribute",
            "group_id_attribute",
            "membership",
            "nested_groups",
        ],
    )

    users_base_dn = schema.TextLine(
        title=_("ldap_label_users_base", default="Where the users are (base DN)"),
        description=_("ldap_help_users_base", default="e.g. OU=Staff,DC=obshtina,DC=local"),
        required=False,
    )

    groups_base_dn = schema.TextLine(
        title=_("ldap_label_groups_base", default="Where the groups are (base DN)"),
        description=_("ldap_help_groups_base", default="e.g. OU=Groups,DC=obshtina,DC=local"),
        required=False,
    )

    user_filter = schema.TextLine(
        title=_("ldap_label_user_filter", default="User filter"),
        description=_(
            "ldap_help_user_filter",
            default="Empty: as the kind of directory says. Active Directory: "
            "(&(objectCategory=person)(objectClass=user)); OpenLDAP: (objectClass=inetOrgPerson).",
        ),
        required=False,
    )

    group_filter = schema.TextLine(
        title=_("ldap_label_group_filter", default="Group filter"),
        description=_(
            "ldap_help_group_filter",
            default="Empty: (objectClass=group) on Active Directory, (objectClass=groupOfNames) on OpenLDAP.",
        ),
        required=False,
    )

    directives.widget("login_attributes", TextLinesFieldWidget)
    login_attributes = schema.List(
        title=_("ldap_label_login_attributes", default="Login attributes"),
        description=_(
            "ldap_help_login_attributes",
            default="What people type as their login, one attribute per line. Empty: "
            "sAMAccountName and userPrincipalName on Active Directory, uid on OpenLDAP.",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
    )

    user_id_attribute = schema.TextLine(
        title=_("ldap_label_user_id", default="User id attribute"),
        description=_(
            "ldap_help_user_id",
            default="Must never change for a person: Plone keeps ownership and sharing by it. "
            "Empty: objectGUID on Active Directory, entryUUID on OpenLDAP.",
        ),
        required=False,
    )

    group_id_attribute = schema.TextLine(
        title=_("ldap_label_group_id", default="Group id attribute"),
        description=_(
            "ldap_help_group_id",
            default="Empty: sAMAccountName on Active Directory, cn on OpenLDAP.",
        ),
        required=False,
    )

    membership = schema.Choice(
        title=_("ldap_label_membership", default="How to find a user's groups"),
        description=_(
            "ldap_help_membership",
            default="Empty: as the kind of directory says. The nested-group search works only on "
            "Active Directory; OpenLDAP answers it with no groups at all.",
        ),
        vocabulary="ratusha.directory.Membership",
        required=False,
    )

    nested_groups = schema.Bool(
        title=_("ldap_label_nested", default="Follow nested groups"),
        description=_(
            "ldap_help_nested",
            default="A member of a group inside a mapped group gets the role too.",
        ),
        default=True,
        required=False,
    )

    model.fieldset(
        "roles",
        label=_("ldap_fieldset_roles", default="Roles"),
        fields=["role_mapping", "default_roles"],
    )

    directives.widget("role_mapping", TextLinesFieldWidget)
    role_mapping = schema.List(
        title=_("ldap_label_role_mapping", default="Groups that give roles"),
        description=_(
            "ldap_help_role_mapping",
            default="One line per mapping, «Role: group», where group is the group's DN or id, "
            "e.g. «Councillor: CN=Councillors,OU=Groups,DC=obshtina,DC=local» or "
            "«Registrar: Registry». Members of nested groups get the role too.",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
        constraint=valid_role_mapping,
    )

    default_roles = schema.List(
        title=_("ldap_label_default_roles", default="Roles of every directory user"),
        description=_(
            "ldap_help_default_roles",
            default="Given to everyone who logs in from the directory, e.g. Member, Employee.",
        ),
        value_type=schema.Choice(vocabulary="plone.app.vocabularies.Roles"),
        default=["Member"],
        required=False,
    )

    model.fieldset(
        "performance",
        label=_("ldap_fieldset_performance", default="Performance"),
        fields=["cache_ttl", "page_size", "max_results"],
    )

    cache_ttl = schema.Int(
        title=_("ldap_label_cache_ttl", default="Remember answers for (seconds)"),
        description=_(
            "ldap_help_cache_ttl",
            default="Users, groups and memberships are kept in memory this long; a change in "
            "the directory shows up after at most this time. Passwords are always checked live.",
        ),
        default=300,
        min=0,
        max=86400,
    )

    page_size = schema.Int(
        title=_("ldap_label_page_size", default="Page size"),
        description=_(
            "ldap_help_page_size",
            default="Entries per page of a long search (Active Directory allows at most 1000).",
        ),
        default=500,
        min=1,
        max=1000,
    )

    max_results = schema.Int(
        title=_("ldap_label_max_results", default="Most results in a search"),
        description=_(
            "ldap_help_max_results",
            default="The most users or groups a search in the sharing tab or a picker returns.",
        ),
        default=200,
        min=1,
        max=10000,
    )


def _value(values, name):
    value = values.get(name)
    if value is None:
        return ILDAPSettings[name].default
    return value


def build_config(values, environ=None):
    """DirectoryConfig from settings values (a mapping), or None if they cannot be used yet."""
    servers = tuple(url.strip() for url in _value(values, "servers") or () if url and url.strip())
    users_base = (_value(values, "users_base_dn") or "").strip()
    if not servers or not users_base:
        return None
    try:
        preset = presets.resolve(
            _value(values, "preset") or "active_directory",
            user_filter=(_value(values, "user_filter") or "").strip(),
            group_filter=(_value(values, "group_filter") or "").strip(),
            login_attributes=_value(values, "login_attributes") or (),
            user_id_attribute=(_value(values, "user_id_attribute") or "").strip(),
            group_id_attribute=(_value(values, "group_id_attribute") or "").strip(),
            membership=_value(values, "membership") or "",
        )
    except (KeyError, ValueError):
        return None
    mapping, _errors = rules.parse_role_mapping(_value(values, "role_mapping"))
    return DirectoryConfig(
        enabled=bool(_value(values, "enabled")),
        servers=servers,
        users_base_dn=users_base,
        groups_base_dn=(_value(values, "groups_base_dn") or "").strip() or users_base,
        preset=preset,
        start_tls=bool(_value(values, "start_tls")),
        verify_certificates=bool(_value(values, "verify_certificates")),
        ca_file=(_value(values, "ca_file") or "").strip(),
        connect_timeout=_value(values, "connect_timeout"),
        timeout=_value(values, "timeout"),
        retry_after=_value(values, "retry_after"),
        bind_dn=(_value(values, "bind_dn") or "").strip(),
        bind_password=read_bind_password(environ).value,
        nested_groups=bool(_value(values, "nested_groups")),
        role_mapping=mapping,
        default_roles=tuple(_value(values, "default_roles") or ()),
        cache_ttl=_value(values, "cache_ttl"),
        page_size=_value(values, "page_size"),
        max_results=_value(values, "max_results"),
    )


def registry_values(context=None):
    """The stored settings as a dict (missing records, e.g. before an upgrade, give None)."""
    registry = (
        queryUtility(IRegistry, context=context) if context is not None else queryUtility(IRegistry)
    )
    if registry is None:
        return {}
    proxy = registry.forInterface(ILDAPSettings, prefix=PREFIX, check=False)
    return {name: getattr(proxy, name) for name in schema.getFieldNames(ILDAPSettings)}


def current_config(context=None):
    """The active configuration, or None when the directory is off or not configured.

    Built once per request: PAS asks the plugin many times while rendering one page.
    """
    request = getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    if annotations is not None and REQUEST_KEY in annotations:
        return annotations[REQUEST_KEY]
    values = registry_values(context)
    config = build_config(values) if values.get("enabled") else None
    if annotations is not None:
        annotations[REQUEST_KEY] = config
    return config


def forget_current_config():
    request = getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    if annotations is not None:
        annotations.pop(REQUEST_KEY, None)
