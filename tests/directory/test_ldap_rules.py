"""The directory's rules, case by case: filters, ids, disabled accounts, role mapping, presets."""

import pytest
from ratusha.directory import presets
from ratusha.directory import rules


@pytest.mark.parametrize(
    "value,escaped",
    [
        ("ivan", "ivan"),
        ("*", "\\2a"),
        ("*)(uid=*", "\\2a\\29\\28uid=\\2a"),
        ("a\\b", "a\\5cb"),
        ("nul\0", "nul\\00"),
        ("Иван Петров", "Иван Петров"),
        ("cn=Комисия (бюджет),ou=groups", "cn=Комисия \\28бюджет\\29,ou=groups"),
        ("cn=Petrov\\, Ivan,dc=x", "cn=Petrov\\5c, Ivan,dc=x"),
    ],
)
def test_escape_filter_value(value, escaped):
    assert rules.escape_filter_value(value) == escaped


@pytest.mark.parametrize(
    "attributes,login,expected",
    [
        (("uid",), "ivan", "(uid=ivan)"),
        (
            ("sAMAccountName", "userPrincipalName"),
            "ipetrov",
            "(|(sAMAccountName=ipetrov)(userPrincipalName=ipetrov))",
        ),
        (("uid",), "*", "(uid=\\2a)"),
        ((), "ivan", ""),
    ],
)
def test_login_filter(attributes, login, expected):
    assert rules.login_filter(attributes, login) == expected


@pytest.mark.parametrize(
    "attributes,term,exact,expected",
    [
        (("uid", "cn"), "пет", False, "(|(uid=*пет*)(cn=*пет*))"),
        (("uid",), "ivan", True, "(uid=ivan)"),
        (("mail",), "a*b", False, "(mail=*a\\2ab*)"),
    ],
)
def test_search_filter(attributes, term, exact, expected):
    assert rules.search_filter(attributes, term, exact) == expected


@pytest.mark.parametrize(
    "name,value,exact,expected",
    [
        ("fullname", "Петров", False, "(|(displayName=*Петров*)(cn=*Петров*))"),
        ("email", "ivan@x.bg", True, "(mail=ivan@x.bg)"),
        ("department", "Бюджет", False, "(|(ou=*Бюджет*)(departmentNumber=*Бюджет*))"),
        ("portrait", "x", False, None),
    ],
)
def test_property_filter(name, value, exact, expected):
    assert rules.property_filter(presets.OPENLDAP.property_map, name, value, exact) == expected


@pytest.mark.parametrize(
    "parts,expected",
    [
        ((), "(objectClass=*)"),
        (("(a=1)",), "(a=1)"),
        (("(a=1)", "", "(b=2)"), "(&(a=1)(b=2))"),
    ],
)
def test_and_filter(parts, expected):
    assert rules.and_filter(*parts) == expected


@pytest.mark.parametrize(
    "rule,expected",
    [
        ("ad", "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"),
        ("ppolicy", ""),  # undefined on servers without the ppolicy schema: checked in Python
        ("none", ""),
    ],
)
def test_not_disabled_filter(rule, expected):
    assert rules.not_disabled_filter(rule) == expected


def test_in_chain_filters_are_what_ad_expects():
    user = "CN=Petrov\\, Ivan,OU=Staff,DC=obshtina,DC=local"
    assert rules.in_chain_groups_filter("member", user) == (
        "(member:1.2.840.113556.1.4.1941:=CN=Petrov\\5c, Ivan,OU=Staff,DC=obshtina,DC=local)"
    )
    assert rules.in_chain_members_filter("CN=Councillors,OU=Groups,DC=obshtina,DC=local") == (
        "(memberOf:1.2.840.113556.1.4.1941:=CN=Councillors,OU=Groups,DC=obshtina,DC=local)"
    )


def test_member_of_any_filter():
    assert rules.member_of_any_filter("member", ["uid=a,dc=x", "cn=b (c),dc=x"]) == (
        "(|(member=uid=a,dc=x)(member=cn=b \\28c\\29,dc=x))"
    )


GUID_RAW = bytes.fromhex("7bbb793f5b43c74ba4b59f8e6c8e0b5a")
GUID_TEXT = "3f79bb7b-435b-4bc7-a4b5-9f8e6c8e0b5a"


def test_guid_is_shown_as_windows_does():
    assert rules.guid_text(GUID_RAW) == GUID_TEXT


@pytest.mark.parametrize(
    "kind,value,expected",
    [
        ("guid", GUID_TEXT, "(objectGUID=" + "".join("\\%02x" % b for b in GUID_RAW) + ")"),
        (
            "guid",
            "{" + GUID_TEXT.upper() + "}",
            "(objectGUID=" + "".join("\\%02x" % b for b in GUID_RAW) + ")",
        ),
        ("guid", "admin", None),  # a local account's id never reaches the directory
        (
            "uuid",
            "5F34C43E-7ACB-1041-9AC6-A51C1F5DC7AA",
            "(objectGUID=5f34c43e-7acb-1041-9ac6-a51c1f5dc7aa)",
        ),
        ("uuid", "test_user_1_", None),
        ("text", "ivan*", "(objectGUID=ivan\\2a)"),
    ],
)
def test_id_filter(kind, value, expected):
    assert rules.id_filter("objectGUID", kind, value) == expected


@pytest.mark.parametrize(
    "kind,raw,expected",
    [
        ("guid", GUID_RAW, GUID_TEXT),
        ("guid", b"short", None),
        ("uuid", b"5f34c43e-7acb-1041-9ac6-a51c1f5dc7aa", "5f34c43e-7acb-1041-9ac6-a51c1f5dc7aa"),
        ("text", "Иван".encode(), "Иван"),
        ("text", b"\xff\xfe", None),
        ("text", None, None),
    ],
)
def test_decode_id(kind, raw, expected):
    assert rules.decode_id(kind, raw) == expected


@pytest.mark.parametrize(
    "rule,attributes,disabled",
    [
        ("ad", {"useraccountcontrol": ["512"]}, False),  # normal account
        ("ad", {"useraccountcontrol": ["514"]}, True),  # 512 + ACCOUNTDISABLE
        ("ad", {"useraccountcontrol": ["66048"]}, False),  # password never expires
        ("ad", {"useraccountcontrol": ["66050"]}, True),
        ("ad", {"useraccountcontrol": ["junk"]}, True),  # cannot tell: refuse
        ("ad", {}, False),
        ("ppolicy", {"pwdaccountlockedtime": ["000001010000Z"]}, True),
        (
            "ppolicy",
            {"pwdaccountlockedtime": ["20261122101500Z"]},
            False,
        ),  # lockout, expires by itself
        ("ppolicy", {}, False),
        ("none", {"useraccountcontrol": ["514"]}, False),
    ],
)
def test_is_disabled(rule, attributes, disabled):
    assert rules.is_disabled(rule, attributes) is disabled


@pytest.mark.parametrize(
    "description,message,reason",
    [
        (
            "invalidCredentials",
            "80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, "
            "data 52e, v3839",
            "wrong password",
        ),
        (
            "invalidCredentials",
            "... AcceptSecurityContext error, data 533, v4563",
            "account disabled",
        ),
        (
            "invalidCredentials",
            "... AcceptSecurityContext error, data 775, v4563",
            "account locked out",
        ),
        ("invalidCredentials", "... data 532, v893", "password expired"),
        ("invalidCredentials", "", "wrong password"),
        (
            "unwillingToPerform",
            "unauthenticated bind (DN with no password) disallowed",
            "unwillingToPerform",
        ),
        (None, None, "bind refused"),
    ],
)
def test_bind_failure_reason(description, message, reason):
    assert rules.bind_failure_reason(description, message) == reason


def test_member_properties_skip_what_the_entry_lacks():
    attributes = {
        "cn": ["Иван Петров"],
        "mail": ["ivan@x.bg"],
        "ou": [],
        "telephonenumber": ["+359 1"],
    }
    assert rules.member_properties(presets.OPENLDAP.property_map, attributes) == {
        "fullname": "Иван Петров",
        "email": "ivan@x.bg",
        "phone": "+359 1",
    }


@pytest.mark.parametrize(
    "lines,mapping,errors",
    [
        (
            ["Councillor: cn=councillors,ou=groups,dc=x"],
            (("Councillor", "cn=councillors,ou=groups,dc=x"),),
            [],
        ),
        (["  Registrar :  Registry  ", "", "# comment"], (("Registrar", "Registry"),), []),
        (
            ["Site Administrator: CN=IT Admins,OU=Groups,DC=obshtina,DC=local"],
            (("Site Administrator", "CN=IT Admins,OU=Groups,DC=obshtina,DC=local"),),
            [],
        ),
        (
            ["Councillor cn=councillors", "Mayor:", ": group"],
            (),
            ["Councillor cn=councillors", "Mayor:", ": group"],
        ),
        (None, (), []),
    ],
)
def test_parse_role_mapping(lines, mapping, errors):
    assert rules.parse_role_mapping(lines) == (mapping, errors)


MAPPING = (
    ("Councillor", "CN=Councillors,OU=Groups,DC=obshtina,DC=local"),
    ("Registrar", "Registry"),
    ("Council Chair", "council-chair"),
)


@pytest.mark.parametrize(
    "groups,roles",
    [
        ([("cn=councillors, ou=groups, dc=obshtina, dc=local", "councillors")], {"Councillor"}),
        ([("CN=Registry,OU=Groups,DC=obshtina,DC=local", "registry")], {"Registrar"}),
        (
            [("CN=Councillors,OU=Other,DC=obshtina,DC=local", "Councillors")],
            set(),
        ),  # same name, other DN
        ([("cn=staff,dc=x", "staff")], set()),
        (
            [
                ("cn=a,dc=x", "council-chair"),
                ("cn=councillors,ou=groups,dc=obshtina,dc=local", "x"),
            ],
            {"Council Chair", "Councillor"},
        ),
        ([], set()),
    ],
)
def test_mapped_roles(groups, roles):
    assert rules.mapped_roles(MAPPING, groups) == roles


def test_groups_for_role():
    assert rules.groups_for_role(MAPPING, "Registrar") == ["Registry"]
    assert rules.groups_for_role(MAPPING, "Mayor") == []


def test_groups_named_like_local_groups_are_not_shown():
    shown, hidden = rules.visible_group_ids(
        ["staff", "administrators", "Councillors", "loop-a"],
        ["Administrators", "councillors", "Reviewers"],
    )
    assert shown == ["staff", "loop-a"]
    assert hidden == ["administrators", "Councillors"]


@pytest.mark.parametrize(
    "dn,normalised",
    [
        (
            "CN=Councillors, OU=Groups,DC=obshtina,DC=local",
            "cn=councillors,ou=groups,dc=obshtina,dc=local",
        ),
        ("uid=ivan,ou=people,dc=ratusha,dc=test", "uid=ivan,ou=people,dc=ratusha,dc=test"),
        ("not a dn", "not a dn"),
    ],
)
def test_normalise_dn(dn, normalised):
    assert rules.normalise_dn(dn) == normalised


@pytest.mark.parametrize(
    "dn,rdn",
    [
        ("uid=ivan,ou=people,dc=x", ("uid", "ivan")),
        ("CN=Petrov\\, Ivan,OU=Staff,DC=x", ("CN", "Petrov, Ivan")),
        ("cn=\\D0\\98\\D0\\B2\\D0\\B0\\D0\\BD,dc=x", ("cn", "Иван")),
        ("", None),
    ],
)
def test_first_rdn(dn, rdn):
    assert rules.first_rdn(dn) == rdn


def test_rdn_filter_batches_distinct_rdns():
    assert rules.rdn_filter(["uid=b,ou=p,dc=x", "uid=a,ou=p,dc=x", "uid=a,ou=q,dc=x"]) == (
        "(|(uid=a)(uid=b))"
    )


@pytest.mark.parametrize(
    "dn,base,under",
    [
        ("cn=a,ou=groups,dc=x", "OU=Groups,DC=x", True),
        ("ou=groups,dc=x", "ou=groups,dc=x", True),
        ("cn=a,ou=othergroups,dc=x", "ou=groups,dc=x", False),
    ],
)
def test_is_under(dn, base, under):
    assert rules.is_under(dn, base) is under


@pytest.mark.parametrize(
    "url,parsed",
    [
        ("ldap://dc1.obshtina.local", ("dc1.obshtina.local", 389, False)),
        ("ldaps://dc2.obshtina.local", ("dc2.obshtina.local", 636, True)),
        ("ldap://127.0.0.1:3890/", ("127.0.0.1", 3890, False)),
        (" ldaps://[::1]:6360 ", ("::1", 6360, True)),
    ],
)
def test_parse_server_url(url, parsed):
    assert rules.parse_server_url(url) == parsed


@pytest.mark.parametrize(
    "url",
    [
        "dc1.obshtina.local",
        "http://dc1",
        "ldap://",
        "ldap://dc1/dc=x",
        "",
        "ldaps://dc1 x",
        "ldap://dc1:notaport",
    ],
)
def test_parse_server_url_refuses(url):
    with pytest.raises(ValueError):
        rules.parse_server_url(url)


@pytest.mark.parametrize(
    "urls,start_tls,verify,warnings",
    [
        (["ldaps://dc1"], True, True, []),
        (["ldap://dc1"], True, True, []),
        (["ldap://dc1"], False, True, ["passwords_in_clear"]),
        (["ldap://127.0.0.1:3890"], False, True, []),  # loopback: nothing crosses a network
        (["ldaps://dc1"], True, False, ["certificates_not_verified"]),
        (
            ["ldap://dc1", "ldaps://dc2"],
            False,
            False,
            ["certificates_not_verified", "passwords_in_clear"],
        ),
    ],
)
def test_security_warnings(urls, start_tls, verify, warnings):
    assert rules.security_warnings(urls, start_tls, verify) == warnings


@pytest.mark.parametrize(
    "changes,attribute,expected",
    [
        ({}, "user_id_kind", "guid"),
        ({"user_id_attribute": "sAMAccountName"}, "user_id_kind", "text"),
        ({"user_id_attribute": "entryUUID"}, "user_id_kind", "uuid"),
        ({"login_attributes": [" mail ", ""]}, "login_attributes", ("mail",)),
        ({"membership": "memberof"}, "membership", "memberof"),
        ({"user_filter": "(objectClass=person)"}, "user_filter", "(objectClass=person)"),
        ({"group_filter": ""}, "group_filter", "(objectClass=group)"),
    ],
)
def test_preset_overrides(changes, attribute, expected):
    assert getattr(presets.resolve("active_directory", **changes), attribute) == expected


def test_unknown_membership_strategy_is_refused():
    with pytest.raises(ValueError):
        presets.resolve("openldap", membership="magic")


def test_presets_read_what_their_rules_need():
    assert "userAccountControl" in presets.ACTIVE_DIRECTORY.user_attributes()
    assert "objectGUID" in presets.ACTIVE_DIRECTORY.user_attributes()
    assert "pwdAccountLockedTime" in presets.OPENLDAP.user_attributes()
    assert "entryUUID" in presets.OPENLDAP.user_attributes()
