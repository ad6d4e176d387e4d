"""Rules that decide what the directory says: filters, identities, disabled accounts, roles.

Plain Python (ldap3's DN parser is the only import): everything here is tested with tables
of cases, and the PAS plugin and the LDAP client only call it.
"""

import ipaddress
from ldap3.core.exceptions import LDAPInvalidDnError
from ldap3.utils.dn import parse_dn
import re
from urllib.parse import urlsplit
import uuid


# Microsoft's matching rules (both are OIDs AD publishes; OpenLDAP implements only the first)
BIT_AND = "1.2.840.113556.1.4.803"
IN_CHAIN = "1.2.840.113556.1.4.1941"
# userAccountControl flag ACCOUNTDISABLE
UAC_DISABLED = 0x2
# ppolicy's "locked until an administrator unlocks" value of pwdAccountLockedTime
PPOLICY_PERMANENT_LOCK = "000001010000Z"

DEFAULT_PORTS = {"ldap": 389, "ldaps": 636}
HOST = re.compile(r"^[A-Za-z0-9_.:\-]+$")


# --- filters -------------------------------------------------------------------------------


def escape_filter_value(value):
    """Escape a value for an LDAP filter (RFC 4515), so a login like `*)(uid=*` is just text."""
    out = []
    for char in str(value):
        if char in "\\*()\0":
            out.append("\\%02x" % ord(char))
        else:
            out.append(char)
    return "".join(out)


def escape_filter_bytes(raw):
    """Escape every byte of a binary value (objectGUID) for a filter."""
    return "".join("\\%02x" % byte for byte in raw)


def and_filter(*parts):
    parts = [part for part in parts if part]
    if not parts:
        return "(objectClass=*)"
    if len(parts) == 1:
        return parts[0]
    return "(&" + "".join(parts) + ")"


def or_filter(parts):
    parts = [part for part in parts if part]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return "(|" + "".join(parts) + ")"


def equals(attribute, value):
    return f"({attribute}={escape_filter_value(value)})"


def contains(attribute, value):
    return f"({attribute}=*{escape_filter_value(value)}*)"


def login_filter(login_attributes, login):
    """A user may type any of the login attributes (sAMAccountName or userPrincipalName)."""
    return or_filter([equals(attribute, login) for attribute in login_attributes])


def search_filter(attributes, term, exact):
    """Pickers and the sharing tab search several attributes at once."""
    match = equals if exact else contains
    return or_filter([match(attribute, term) for attribute in attributes])


def property_filter(property_map, name, value, exact):
    """Search by a Plone member property (fullname, email, …) on the attributes it comes from.

    None for a property the directory does not provide: that criterion cannot match.
    """
    for prop, attributes in property_map:
        if prop == name:
            return search_filter(attributes, value, exact)
    return None


def not_disabled_filter(disabled_rule):
    """Server-side exclusion of disabled accounts, where the directory can express it.

    Only AD's bit is safe to send: a filter on pwdAccountLockedTime is *undefined* (and so
    hides every entry) on an OpenLDAP without the ppolicy schema; those are dropped in Python.
    """
    if disabled_rule == "ad":
        return f"(!(userAccountControl:{BIT_AND}:={UAC_DISABLED}))"
    return ""


def member_of_any_filter(member_attribute, dns):
    """Groups that list any of these DNs as a member: one query per nesting level."""
    return or_filter([equals(member_attribute, dn) for dn in dns])


def in_chain_groups_filter(member_attribute, user_dn):
    """AD only: every group the user belongs to, nested ones included, in one query."""
    return f"({member_attribute}:{IN_CHAIN}:={escape_filter_value(user_dn)})"


def in_chain_members_filter(group_dn):
    """AD only: every user in the group, through nested groups too, in one query."""
    return f"(memberOf:{IN_CHAIN}:={escape_filter_value(group_dn)})"


def rdn_filter(dns):
    """Find entries by the first RDN of their DNs; the caller keeps only exact DN matches."""
    clauses = []
    for dn in dns:
        rdn = first_rdn(dn)
        if rdn:
            clauses.append(equals(*rdn))
    return or_filter(sorted(set(clauses)))


# --- identities ----------------------------------------------------------------------------


def guid_text(raw):
    """AD's objectGUID (16 bytes, little-endian fields) as the text Windows shows, lower case."""
    return str(uuid.UUID(bytes_le=bytes(raw)))


def guid_filter_value(text):
    """The filter value for an objectGUID given as text; None if it is not a GUID at all."""
    try:
        return escape_filter_bytes(uuid.UUID(str(text).strip("{}")).bytes_le)
    except ValueError:
        return None


def id_filter(id_attribute, id_kind, value):
    """Filter for a user by its stable id; None when the value cannot be such an id.

    Kinds: "guid" (AD's binary objectGUID, given as text), "uuid" (OpenLDAP's entryUUID) and
    "text". For the first two a local account's id (`admin`) never costs an LDAP query.
    """
    if id_kind == "guid":
        escaped = guid_filter_value(value)
        return f"({id_attribute}={escaped})" if escaped else None
    if id_kind == "uuid":
        try:
            return f"({id_attribute}={uuid.UUID(str(value))})"
        except ValueError:
            return None
    return equals(id_attribute, value)


def decode_id(id_kind, raw):
    """The text id of an entry from the raw attribute value; None if it has none."""
    if raw is None:
        return None
    if id_kind == "guid":
        return guid_text(raw) if len(raw) == 16 else None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- DNs -----------------------------------------------------------------------------------


def normalise_dn(dn):
    """Compare DNs as LDAP does for the attributes used in them: case and spaces do not count."""
    try:
        parts = parse_dn(dn, escape=False, strip=True)
    except (LDAPInvalidDnError, TypeError):
        return (dn or "").strip().lower()
    return ",".join(f"{attr.lower()}={value.lower()}" for attr, value, _sep in parts)


def first_rdn(dn):
    try:
        parts = parse_dn(dn, escape=False, strip=True)
    except (LDAPInvalidDnError, TypeError):
        return None
    if not parts:
        return None
    attr, value, _sep = parts[0]
    return attr, unescape_dn_value(value)


def unescape_dn_value(value):
    r"""Undo DN escaping: `Petrov\, Ivan` is `Petrov, Ivan`; hex escapes are UTF-8 bytes."""
    out, index = bytearray(), 0
    while index < len(value):
        char = value[index]
        pair = value[index + 1 : index + 3]
        if char == "\\" and len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair):
            out.append(int(pair, 16))
            index += 3
        elif char == "\\" and index + 1 < len(value):
            out += value[index + 1].encode("utf-8")
            index += 2
        else:
            out += char.encode("utf-8")
            index += 1
    return out.decode("utf-8", "replace")


def is_under(dn, base_dn):
    """True if dn is base_dn or below it."""
    dn, base = normalise_dn(dn), normalise_dn(base_dn)
    return dn == base or dn.endswith("," + base)


# --- accounts ------------------------------------------------------------------------------


def first_value(attributes, name):
    values = attributes.get(name.lower()) or []
    return values[0] if values else None


def is_disabled(disabled_rule, attributes):
    """Is this account switched off in the directory? attributes: {lower-case name: [str]}.

    "ad": userAccountControl has ACCOUNTDISABLE. "ppolicy": pwdAccountLockedTime holds the
    permanent lock; a temporary lockout expires by itself, and the bind then decides.
    """
    if disabled_rule == "ad":
        value = first_value(attributes, "userAccountControl")
        try:
            return bool(int(value) & UAC_DISABLED) if value is not None else False
        except ValueError:
            return True
    if disabled_rule == "ppolicy":
        return PPOLICY_PERMANENT_LOCK in (attributes.get("pwdaccountlockedtime") or [])
    return False


# AD's bind errors carry a sub-code in the diagnostic message: "... data 52e, v4563"
AD_BIND_REASONS = {
    "525": "unknown user",
    "52e": "wrong password",
    "530": "logon not permitted at this time",
    "531": "logon not permitted from this workstation",
    "532": "password expired",
    "533": "account disabled",
    "568": "too many security ids",
    "701": "account expired",
    "773": "password must be changed",
    "775": "account locked out",
}


def bind_failure_reason(description, message):
    """A reason for the log when a user's bind is refused; never shown to the user."""
    match = re.search(r"\bdata ([0-9a-f]{3})\b", message or "", re.I)
    if match and match.group(1).lower() in AD_BIND_REASONS:
        return AD_BIND_REASONS[match.group(1).lower()]
    if description == "invalidCredentials":
        return "wrong password"
    return description or "bind refused"


# --- properties ----------------------------------------------------------------------------


def member_properties(property_map, attributes):
    """Plone member properties from the entry; attributes the entry lacks are left out, so
    Plone's own value (if any) shows instead of an empty one."""
    properties = {}
    for name, attribute_names in property_map:
        for attribute in attribute_names:
            value = first_value(attributes, attribute)
            if value:
                properties[name] = value
                break
    return properties


# --- role mapping --------------------------------------------------------------------------


def parse_role_mapping(lines):
    """Lines "Role: group" where group is a DN or a group id. Returns (mapping, errors).

    mapping is a tuple of (role, group key); errors are the lines that do not parse.
    """
    mapping, errors = [], []
    for line in lines or ():
        line = (line or "").strip()
        if not line or line.startswith("#"):
            continue
        role, sep, group = line.partition(":")
        role, group = role.strip(), group.strip()
        if not sep or not role or not group:
            errors.append(line)
            continue
        mapping.append((role, group))
    return tuple(mapping), errors


def _group_matches(key, group_dn, group_id):
    if "=" in key:
        return normalise_dn(key) == normalise_dn(group_dn)
    return group_id is not None and key.lower() == group_id.lower()


def mapped_roles(mapping, groups):
    """Roles for membership in these groups. groups: iterable of (dn, id)."""
    groups = list(groups)
    roles = set()
    for role, key in mapping:
        if any(_group_matches(key, dn, group_id) for dn, group_id in groups):
            roles.add(role)
    return roles


def groups_for_role(mapping, role):
    """The group keys (DNs or ids) the administrator mapped onto a role."""
    return [key for mapped_role, key in mapping if mapped_role == role]


def visible_group_ids(group_ids, reserved_ids):
    """LDAP groups that may show up as Plone groups.

    A directory group whose id equals a local Plone group (Administrators, Site
    Administrators, the municipal groups …) would silently inherit that group's roles, so it
    is left out; roles come from the explicit mapping instead.
    """
    reserved = {group_id.lower() for group_id in reserved_ids}
    shown, hidden = [], []
    for group_id in group_ids:
        (hidden if group_id.lower() in reserved else shown).append(group_id)
    return shown, hidden


# --- servers -------------------------------------------------------------------------------


def parse_server_url(url):
    """ldap://host[:port] or ldaps://host[:port] -> (host, port, use_ssl)."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in DEFAULT_PORTS or not HOST.match(parts.hostname or ""):
        raise ValueError(url)
    if parts.path not in ("", "/") or parts.query:
        raise ValueError(url)
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    return parts.hostname, port, parts.scheme == "ldaps"


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def security_warnings(urls, start_tls, verify_certificates):
    """What the administrator must be told about the transport: a list of message keys."""
    warnings = []
    if not verify_certificates:
        warnings.append("certificates_not_verified")
    plain = []
    for url in urls:
        try:
            host, _port, use_ssl = parse_server_url(url)
        except ValueError:
            continue
        if not use_ssl and not start_tls and not is_loopback(host):
            plain.append(url)
    if plain:
        warnings.append("passwords_in_clear")
    return warnings


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
