"""How Active Directory and OpenLDAP lay out users and groups, so an administrator only picks one.

Plain Python. Every attribute of a preset can be overridden in the settings; empty settings
mean "as the preset says".
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Preset:
    name: str
    user_filter: str
    login_attributes: tuple
    user_id_attribute: str
    user_id_kind: str  # "guid" (AD's 16 bytes, shown as text), "uuid" (entryUUID) or "text"
    group_filter: str
    group_id_attribute: str
    group_title_attribute: str
    member_attribute: str
    membership: str  # "in_chain" (AD), "search" (recursive group search), "memberof"
    disabled_rule: str  # "ad" (userAccountControl), "ppolicy" (pwdAccountLockedTime), "none"
    property_map: tuple  # ((member property, (attributes tried in order)), ...)
    search_attributes: tuple  # what a picker's search text is matched against

    def user_attributes(self):
        """Attributes read for every user entry."""
        names = [self.user_id_attribute, *self.login_attributes, "memberOf"]
        for _prop, attributes in self.property_map:
            names.extend(attributes)
        names.extend(DISABLED_ATTRIBUTES.get(self.disabled_rule, ()))
        return tuple(dict.fromkeys(names))

    def group_attributes(self):
        return tuple(
            dict.fromkeys([self.group_id_attribute, self.group_title_attribute, "description"])
        )


DISABLED_ATTRIBUTES = {"ad": ("userAccountControl",), "ppolicy": ("pwdAccountLockedTime",)}

PROPERTIES = (
    ("fullname", ("displayName", "cn")),
    ("email", ("mail",)),
    ("title", ("title",)),
    ("phone", ("telephoneNumber", "mobile")),
)

ACTIVE_DIRECTORY = Preset(
    name="active_directory",
    user_filter="(&(objectCategory=person)(objectClass=user))",
    login_attributes=("sAMAccountName", "userPrincipalName"),
    user_id_attribute="objectGUID",
    user_id_kind="guid",
    group_filter="(objectClass=group)",
    group_id_attribute="sAMAccountName",
    group_title_attribute="cn",
    member_attribute="member",
    membership="in_chain",
    disabled_rule="ad",
    property_map=PROPERTIES + (("department", ("department",)),),
    search_attributes=("sAMAccountName", "displayName", "cn", "mail"),
)

OPENLDAP = Preset(
    name="openldap",
    user_filter="(objectClass=inetOrgPerson)",
    login_attributes=("uid",),
    user_id_attribute="entryUUID",
    user_id_kind="uuid",
    group_filter="(objectClass=groupOfNames)",
    group_id_attribute="cn",
    group_title_attribute="cn",
    member_attribute="member",
    membership="search",
    disabled_rule="ppolicy",
    property_map=PROPERTIES + (("department", ("ou", "departmentNumber")),),
    search_attributes=("uid", "cn", "displayName", "mail"),
)

PRESETS = {preset.name: preset for preset in (ACTIVE_DIRECTORY, OPENLDAP)}
MEMBERSHIP_STRATEGIES = ("in_chain", "search", "memberof")
ID_KINDS = {"objectguid": "guid", "entryuuid": "uuid"}


def resolve(
    name,
    user_filter="",
    group_filter="",
    login_attributes=(),
    user_id_attribute="",
    group_id_attribute="",
    membership="",
):
    """The preset with the administrator's overrides applied (empty means keep the preset's)."""
    preset = PRESETS[name]
    changes = {}
    if user_filter:
        changes["user_filter"] = user_filter
    if group_filter:
        changes["group_filter"] = group_filter
    login_attributes = tuple(a.strip() for a in login_attributes or () if a and a.strip())
    if login_attributes:
        changes["login_attributes"] = login_attributes
    if user_id_attribute:
        changes["user_id_attribute"] = user_id_attribute
        changes["user_id_kind"] = ID_KINDS.get(user_id_attribute.lower(), "text")
    if group_id_attribute:
        changes["group_id_attribute"] = group_id_attribute
    if membership:
        if membership not in MEMBERSHIP_STRATEGIES:
            raise ValueError(membership)
        changes["membership"] = membership
    return dataclasses.replace(preset, **changes)
