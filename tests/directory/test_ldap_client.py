"""The ldap3 client against a real slapd: logins, disabled accounts, groups, paging, presets."""

from ldapconfig import ad_config
from ldapconfig import openldap_config
import ldapseed as seed
import logging
import pytest
from ratusha.directory import presets
from ratusha.directory.client import Directory
from ratusha.directory.client import DirectoryUnavailable
from ratusha.directory.client import LoginRefused
import time
import uuid


def record_filters(directory):
    """Remember every filter the directory sends (the only honest test of AD's IN_CHAIN here)."""
    sent = []
    original = directory.ldap._search

    def recording(base, search_filter, attributes, scope=None, limit=None, **kw):
        sent.append(search_filter)
        if scope is None:
            return original(base, search_filter, attributes, limit=limit)
        return original(base, search_filter, attributes, scope, limit)

    directory.ldap._search = recording
    return sent


def refusal(directory, login, password):
    with pytest.raises(LoginRefused) as refused:
        directory.authenticate(login, password)
    return refused.value.reason, refused.value.account_exists


def test_login_binds_as_the_user(directory_server):
    directory = Directory(openldap_config([directory_server.url]))
    user = directory.authenticate("ivan", seed.PASSWORDS["ivan"])
    assert str(uuid.UUID(user.id)) == user.id  # entryUUID: survives renames
    assert (user.login, user.dn) == ("ivan", seed.uid_dn("ivan"))
    assert user.properties == {
        "fullname": "Иван Петров",
        "email": "ivan@ratusha.test",
        "title": "Общински съветник",
        "phone": "+359 32 000 101",
        "department": "Бюджет и финанси",
    }
    assert directory.user_by_id(user.id) == user


@pytest.mark.parametrize(
    "login,password,reason,exists",
    [
        ("ivan", "wrong", "wrong password", True),
        ("nobody", "whatever", "unknown user", False),
        (
            "blocked",
            seed.PASSWORDS["blocked"],
            "account disabled",
            True,
        ),  # right password, still refused
        ("*", "x", "unknown user", False),  # no filter injection
        ("iv*", seed.PASSWORDS["ivan"], "unknown user", False),
        ("ivan", "", "empty login or password", False),
    ],
)
def test_failures(directory_server, login, password, reason, exists):
    directory = Directory(openldap_config([directory_server.url]))
    assert refusal(directory, login, password) == (reason, exists)


def test_disabled_user_cannot_be_found_either(directory_server):
    directory = Directory(openldap_config([directory_server.url]))
    assert directory.find_users("(uid=blocked)") == []


def test_active_directory_preset(directory_server):
    """sAMAccountName or userPrincipalName, objectGUID as id, userAccountControl honoured."""
    directory = Directory(ad_config([directory_server.url], membership="memberof"))
    by_sam = directory.authenticate("IPETROV", seed.PASSWORDS["ipetrov"])
    by_upn = directory.authenticate("ipetrov@ad.test", seed.PASSWORDS["ipetrov"])
    assert by_sam == by_upn
    assert by_sam.id == str(seed.guid("ipetrov"))
    assert by_sam.login == "ipetrov"
    assert by_sam.properties["department"] == "Budget"
    assert directory.user_by_id("{" + by_sam.id.upper() + "}") == by_sam
    assert refusal(directory, "gone", seed.PASSWORDS["gone"]) == ("account disabled", True)
    assert directory.user_by_id(str(seed.guid("gone"))) is None
    assert refusal(directory, "ggeorgiev", "wrong") == ("wrong password", True)


def group_ids(groups):
    return sorted(group.id for group in groups)


@pytest.mark.parametrize("membership", ["search", "memberof"])
def test_nested_groups_on_openldap(directory_server, membership):
    preset = presets.resolve("openldap", membership=membership)
    directory = Directory(openldap_config([directory_server.url], preset=preset))
    georgi = directory.authenticate("georgi", seed.PASSWORDS["georgi"])
    # committee-budget is inside councillors; loop-a and loop-b contain each other
    assert group_ids(directory.groups_of_user(georgi)) == [
        "committee-budget",
        "councillors",
        "loop-a",
        "loop-b",
    ]
    ivan = directory.authenticate("ivan", seed.PASSWORDS["ivan"])
    assert group_ids(directory.groups_of_user(ivan)) == ["councillors", "staff"]


def test_nested_groups_can_be_turned_off(directory_server):
    directory = Directory(openldap_config([directory_server.url], nested_groups=False))
    georgi = directory.authenticate("georgi", seed.PASSWORDS["georgi"])
    assert group_ids(directory.groups_of_user(georgi)) == ["committee-budget", "loop-a"]


def test_members_through_nested_groups(directory_server):
    directory = Directory(openldap_config([directory_server.url]))
    councillors = directory.group_by_id("councillors")
    ivan = directory.authenticate("ivan", seed.PASSWORDS["ivan"])
    georgi = directory.authenticate("georgi", seed.PASSWORDS["georgi"])
    assert directory.group_members(councillors) == ((ivan.id,), ("committee-budget",))
    assert directory.users_in_group(councillors) == {ivan.id, georgi.id}
    assert directory.users_in_group(directory.group_by_id("loop-b")) == {georgi.id}


def test_group_dn_with_parentheses(directory_server):
    directory = Directory(openldap_config([directory_server.url]))
    group = directory.resolve_group(seed.PARENS_DN.upper())
    maria = directory.authenticate("maria", seed.PASSWORDS["maria"])
    assert group.id == "Комисия (бюджет)"
    assert directory.group_members(group) == ((maria.id,), ())
    assert "Комисия (бюджет)" in group_ids(directory.groups_of_user(maria))


def test_active_directory_nested_groups_with_memberof(directory_server):
    directory = Directory(ad_config([directory_server.url], membership="memberof"))
    user = directory.authenticate("ggeorgiev", seed.PASSWORDS["ggeorgiev"])
    assert group_ids(directory.groups_of_user(user)) == ["BudgetCommittee", "Councillors"]


def test_in_chain_sends_ads_matching_rule_which_openldap_ignores(directory_server):
    """AD's LDAP_MATCHING_RULE_IN_CHAIN cannot be evaluated by OpenLDAP: it returns no entry
    and no error. So this test checks the filter that is sent (what AD would evaluate) and
    records, honestly, that slapd finds nothing for it."""
    directory = Directory(ad_config([directory_server.url]))  # preset default: in_chain
    assert directory.preset.membership == "in_chain"
    sent = record_filters(directory)
    user = directory.authenticate("ggeorgiev", seed.PASSWORDS["ggeorgiev"])
    groups = directory.groups_of_user(user)
    assert sent[-1] == (
        "(&(objectClass=group)"
        "(member:1.2.840.113556.1.4.1941:=cn=Georgi Georgiev,ou=Staff,dc=ad,dc=test))"
    )
    assert groups == ()  # what OpenLDAP answers; AD would answer Budget Committee and Councillors
    councillors = directory.group_by_id("Councillors")
    assert directory.users_in_group(councillors) == frozenset()
    assert sent[-1] == (
        "(&(&(objectCategory=person)(objectClass=user))"
        "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"
        "(memberOf:1.2.840.113556.1.4.1941:=cn=Councillors,ou=Groups,dc=ad,dc=test))"
    )


def test_paged_enumeration_of_5000_users(directory_server):
    directory = Directory(openldap_config([directory_server.url], page_size=250))
    pages = []
    connection = directory.ldap._service_connection()
    original = connection.search

    def counting(*args, **kw):
        pages.append(kw.get("paged_size"))
        return original(*args, **kw)

    connection.search = counting
    started = time.monotonic()
    user_ids = directory.all_user_ids()
    elapsed = time.monotonic() - started
    logging.getLogger("ratusha.directory.tests").warning("5,004 users in %.2f s", elapsed)
    assert (
        len(user_ids) == len(set(user_ids)) == seed.BULK_USERS + 4
    )  # + ivan, georgi, maria, elena
    assert len(pages) == 21 and set(pages) == {250}  # 5,005 entries (one disabled) in pages of 250


def test_a_capped_search_stops_paging(directory_server):
    directory = Directory(openldap_config([directory_server.url], page_size=100))
    users = directory.find_users("(uid=user0*)", limit=150)
    assert len(users) == 150


def test_anonymous_search_is_cut_by_the_server_and_says_so(directory_server, caplog):
    directory = Directory(openldap_config([directory_server.url], bind_dn="", bind_password=""))
    with caplog.at_level(logging.WARNING, "ratusha.directory"):
        assert len(directory.all_user_ids()) < seed.BULK_USERS
    assert "size limit" in caplog.text


def test_test_connection_reports_what_it_found(directory_server):
    report = Directory(openldap_config([directory_server.url])).test_connection()
    assert report.ok and report.bind_ok and report.error == ""
    assert report.server == directory_server.url
    assert report.security == "none"
    assert (report.users, report.groups) == (50, 8)  # users: a sample; all 8 groups


def test_test_connection_reports_a_refused_bind(directory_server):
    report = Directory(
        openldap_config([directory_server.url], bind_password="wrong")
    ).test_connection()
    assert not report.ok and not report.bind_ok
    assert report.error == "bind refused: wrong password"


def test_service_account_without_password_is_a_setup_error(directory_server):
    directory = Directory(openldap_config([directory_server.url], bind_password=""))
    with pytest.raises(DirectoryUnavailable, match="RATUSHA_LDAP_BIND_PASSWORD"):
        directory.user_by_id(str(uuid.uuid4()))
