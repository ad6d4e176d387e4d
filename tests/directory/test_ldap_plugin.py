"""The PAS plugin inside Plone: installed only when enabled, logins, properties, groups, roles."""

import ldapseed as seed
from plone import api
import pytest
from ratusha.directory.interfaces import IDirectoryLoginFailed
from ratusha.directory.plugin import PLUGIN_ID
from ratusha.notifications.api import notify
from ratusha.notifications.recipients import resolve
from ratusha.notifications.storage import get_inbox
from zope.component import getGlobalSiteManager


def pas():
    return api.portal.get_tool("acl_users")


def login(name, password=None):
    return pas().authenticate(name, password or seed.PASSWORDS[name], pas().REQUEST)


def user_id(name):
    [found] = pas().searchUsers(login=name, exact_match=True)
    return found["id"]


class TestPlugin:
    """One class: the Plone layer is set up once for all of these (class-scoped fixture)."""

    def test_not_installed_while_disabled(self, portal):
        """The demo (make run) has no directory: nothing in acl_users asks for one."""
        assert PLUGIN_ID not in pas().objectIds()
        assert api.portal.get_registry_record("ratusha.ldap.enabled") is False

    def test_enabling_installs_and_disabling_removes(
        self, portal, directory_server, enable_directory
    ):
        enable_directory([directory_server.url])
        assert PLUGIN_ID in pas().objectIds()
        registry = pas().plugins
        for name in (
            "IAuthenticationPlugin",
            "IUserEnumerationPlugin",
            "IGroupsPlugin",
            "IRolesPlugin",
            "IGroupEnumerationPlugin",
            "IGroupIntrospection",
        ):
            assert PLUGIN_ID in registry.listPluginIds(registry._getInterfaceFromName(name)), name
        properties = registry._getInterfaceFromName("IPropertiesPlugin")
        assert registry.listPluginIds(properties)[0] == PLUGIN_ID
        api.portal.set_registry_record("ratusha.ldap.enabled", False)
        assert PLUGIN_ID not in pas().objectIds()

    def test_uninstall_removes_the_plugin(self, portal, directory_server, enable_directory):
        enable_directory([directory_server.url])
        api.portal.get_tool("portal_setup").runAllImportStepsFromProfile(
            "profile-ratusha:uninstall"
        )
        assert PLUGIN_ID not in pas().objectIds()

    def test_reinstalling_with_ldap_enabled_installs_it(
        self, portal, directory_server, enable_directory
    ):
        enable_directory([directory_server.url])
        pas()._delObject(PLUGIN_ID)
        api.portal.get_tool("portal_setup").runAllImportStepsFromProfile("profile-ratusha:default")
        assert PLUGIN_ID in pas().objectIds()

    def test_login_through_pas_gives_mapped_roles(self, portal, directory_server, enable_directory):
        enable_directory([directory_server.url])
        ivan = login("ivan")
        assert ivan.getUserName() == "ivan"
        assert {"Councillor", "Employee", "Member", "Authenticated"} <= set(ivan.getRoles())
        assert ivan.getProperty("fullname") == "Иван Петров"
        assert "staff" in ivan.getGroups()
        maria = login("maria")
        assert "Registrar" in maria.getRoles() and "Councillor" not in maria.getRoles()

    def test_nested_group_member_gets_the_role(self, portal, directory_server, enable_directory):
        enable_directory([directory_server.url])
        assert "Councillor" in login("georgi").getRoles()  # committee-budget ⊂ councillors
        enable_directory([directory_server.url], nested_groups=False)
        assert "Councillor" not in login("georgi").getRoles()

    def test_directory_group_named_like_a_local_group_gives_nothing(
        self, portal, directory_server, enable_directory
    ):
        """elena is in the directory group "Administrators": Plone's Administrators are Managers."""
        enable_directory([directory_server.url])
        elena = login("elena")
        assert "Manager" not in elena.getRoles()
        assert "Administrators" not in elena.getGroups()
        assert set(api.group.get(groupname="Administrators").getGroupMemberIds()) == set()

    @pytest.mark.parametrize(
        "name,password", [("ivan", "wrong"), ("blocked", None), ("nobody", "x")]
    )
    def test_failed_logins(self, portal, directory_server, enable_directory, name, password):
        enable_directory([directory_server.url])
        failures = []
        handler = failures.append
        getGlobalSiteManager().registerHandler(handler, (IDirectoryLoginFailed,))
        try:
            assert login(name, password or seed.PASSWORDS.get(name)) is None
        finally:
            getGlobalSiteManager().unregisterHandler(handler, (IDirectoryLoginFailed,))
        reasons = {"ivan": ["wrong password"], "blocked": ["account disabled"], "nobody": []}
        assert [failure.reason for failure in failures] == reasons[name]

    def test_local_accounts_keep_working(self, portal, directory_server, enable_directory):
        """A local account made before the directory was connected keeps its login; a new
        local account cannot take a directory login."""
        api.user.create(email="local@example.org", username="ivan", password="local-Secret-1")
        enable_directory([directory_server.url])
        assert login("ivan", "local-Secret-1").getId() == "ivan"  # the local account wins its login
        assert login("ivan", seed.PASSWORDS["ivan"]) is None
        with pytest.raises(ValueError):
            api.user.create(email="m@example.org", username="maria", password="local-Secret-1")

    def test_properties_and_search(self, portal, directory_server, enable_directory):
        enable_directory([directory_server.url])
        member = api.user.get(userid=user_id("ivan"))
        assert member.getProperty("fullname") == "Иван Петров"
        assert member.getProperty("email") == "ivan@ratusha.test"
        assert member.getProperty("department") == "Бюджет и финанси"
        assert member.getProperty("phone") == "+359 32 000 101"
        found = {user["login"] for user in pas().searchUsers(fullname="Петров")}
        assert {"ivan", "maria"} <= found
        assert [
            u["login"] for u in pas().searchUsers(email="maria@ratusha.test", exact_match=True)
        ] == ["maria"]
        assert [u["login"] for u in pas().searchUsers(name="iva")] == ["ivan"]  # the sharing tab
        assert pas().searchUsers(portrait="x") == ()  # a property the directory cannot search
        assert pas().searchUsers(login="blocked", exact_match=True) == ()

    def test_directory_groups_are_plone_groups(self, portal, directory_server, enable_directory):
        enable_directory([directory_server.url])
        staff = api.group.get(groupname="staff")
        assert staff is not None
        assert set(staff.getGroupMemberIds()) == {
            user_id("ivan"),
            user_id("maria"),
            user_id("elena"),
        }
        committee = api.group.get(groupname="committee-budget")
        assert committee.getProperty("title") == "committee-budget"
        assert committee.getProperty("description") == "Постоянна комисия по бюджет"
        found = {group["id"] for group in pas().searchGroups(id="loop")}
        assert found == {"loop-a", "loop-b"}
        assert [group["id"] for group in pas().searchGroups(name="committee")] == [
            "committee-budget"
        ]
        # the local group keeps its meaning; the directory's "councillors" works through the mapping
        assert api.group.get(groupname="councillors").getProperty("title") == "Общински съветници"

    def test_role_holders_reach_directory_councillors(
        self, portal, directory_server, enable_directory
    ):
        enable_directory([directory_server.url])
        ivan, georgi = user_id("ivan"), user_id("georgi")
        users, unknown = resolve(["role:Councillor"])
        assert {ivan, georgi} <= users and unknown == []
        notify(["role:Councillor"], "council.session", "Заседание на 28.11.2026")
        assert [n.subject for n in get_inbox(portal, georgi).notices()] == [
            "Заседание на 28.11.2026"
        ]
        employees, _unknown = resolve(["role:Employee"])  # a default role: every directory user
        assert len(employees) >= seed.BULK_USERS
