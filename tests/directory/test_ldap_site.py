"""Over real HTTP: directory logins through the REST API, the control panel, and outages."""

import ldapseed as seed
from ldapserver import Slapd
from ldapserver import SUFFIX
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
import pytest
from ratusha.directory.plugin import PLUGIN_ID
import time
import transaction


@pytest.fixture(scope="module")
def outage_server(tmp_path_factory):
    """A server of its own, because these tests make it hang."""
    work = tmp_path_factory.mktemp("slapd-outage")
    server = Slapd(work, seed.base_ldif(work / "base.ldif"), seed=seed.LDIFS).start()
    yield server
    server.stop()


def personal_room(portal, api_session, login, password):
    return api_session(login, password).get(f"{portal.absolute_url()}/@personal-room")


def admin_browser(app, language="en"):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.addHeader("Cookie", f"I18N_LANGUAGE={language}")
    return browser


class TestOverHTTP:
    """One class: the functional layer is set up once for all of these."""

    def test_councillor_logs_in_with_basic_auth(
        self, functional, api_session, directory_server, enable_directory
    ):
        portal = functional["portal"]
        enable_directory([directory_server.url])
        transaction.commit()
        reply = personal_room(portal, api_session, "ivan", seed.PASSWORDS["ivan"])
        assert reply.status_code == 200, reply.text
        user = reply.json()["user"]
        assert user["fullname"] == "Иван Петров"
        assert {"Councillor", "Employee", "Member"} <= set(user["roles"])
        nested = personal_room(portal, api_session, "georgi", seed.PASSWORDS["georgi"]).json()[
            "user"
        ]
        assert "Councillor" in nested["roles"]  # through committee-budget, a nested group
        assert personal_room(portal, api_session, "ivan", "wrong").status_code == 401
        assert (
            personal_room(portal, api_session, "blocked", seed.PASSWORDS["blocked"]).status_code
            == 401
        )

    def test_login_form(self, functional, directory_server, enable_directory):
        """The classic login form: a session cookie for the directory user."""
        portal = functional["portal"]
        enable_directory([directory_server.url])
        transaction.commit()
        browser = Browser(functional["app"])
        browser.open(f"{portal.absolute_url()}/login")
        browser.getControl(name="__ac_name").value = "maria"
        browser.getControl(name="__ac_password").value = seed.PASSWORDS["maria"]
        browser.getControl(name="buttons.login").click()
        browser.open(f"{portal.absolute_url()}/@@personal-room")
        assert "Мария Петрова" in browser.contents

    def test_control_panel_tests_and_enables(self, functional, directory_server, reader_password):
        portal = functional["portal"]
        browser = admin_browser(functional["app"])
        browser.open(f"{portal.absolute_url()}/@@ratusha-ldap-controlpanel")
        browser.getControl(name="form.widgets.preset:list").value = ["openldap"]
        browser.getControl(name="form.widgets.servers").value = directory_server.url
        browser.getControl(name="form.widgets.start_tls:list").value = False
        browser.getControl(name="form.widgets.users_base_dn").value = SUFFIX
        browser.getControl(name="form.widgets.groups_base_dn").value = seed.GROUPS
        browser.getControl(name="form.widgets.bind_dn").value = seed.READER_DN
        browser.getControl(
            name="form.widgets.role_mapping"
        ).value = f"Councillor: {seed.COUNCILLORS_DN}"
        browser.getControl(name="form.buttons.test").click()
        assert f"Connected to {directory_server.url} (not encrypted)." in browser.contents
        assert f"Bind as {seed.READER_DN}: OK." in browser.contents
        assert "Found 50 users and 8 groups (a sample of at most 50 each)." in browser.contents
        transaction.begin()
        assert (
            PLUGIN_ID not in api.portal.get_tool("acl_users").objectIds()
        )  # testing saves nothing

        browser.getControl(name="form.widgets.enabled:list").value = True
        browser.getControl(name="form.buttons.save").click()
        transaction.begin()
        assert api.portal.get_registry_record("ratusha.ldap.enabled") is True
        assert api.portal.get_registry_record("ratusha.ldap.servers") == [directory_server.url]
        assert PLUGIN_ID in api.portal.get_tool("acl_users").objectIds()

    def test_site_installed_before_the_directory_existed(self, functional):
        """No `ratusha.ldap.*` records yet (an older site): the panel shows, the first save
        creates them."""
        portal = functional["portal"]
        registry = portal.portal_registry
        for name in [key for key in registry.records.keys() if key.startswith("ratusha.ldap.")]:
            del registry.records[name]
        transaction.commit()
        browser = admin_browser(functional["app"])
        browser.open(f"{portal.absolute_url()}/@@ratusha-ldap-controlpanel")
        browser.getControl(name="form.widgets.users_base_dn").value = SUFFIX
        browser.getControl(name="form.buttons.save").click()
        transaction.begin()
        assert api.portal.get_registry_record("ratusha.ldap.users_base_dn") == SUFFIX
        assert api.portal.get_registry_record("ratusha.ldap.enabled") is False
        assert PLUGIN_ID not in api.portal.get_tool("acl_users").objectIds()

    def test_control_panel_reports_failures_and_warnings(self, functional, directory_server):
        portal = functional["portal"]
        browser = admin_browser(functional["app"])
        browser.open(f"{portal.absolute_url()}/@@ratusha-ldap-controlpanel")
        browser.getControl(name="form.widgets.servers").value = "ldap://127.0.0.1:9\nldaps://dc1 x"
        browser.getControl(
            name="form.widgets.role_mapping"
        ).value = "Councillor cn=councillors\nKing: cn=x"
        browser.getControl(name="form.buttons.test").click()
        assert "Not a directory address: ldaps://dc1 x" in browser.contents
        assert "Not understood: Councillor cn=councillors" in browser.contents

        browser.getControl(
            name="form.widgets.servers"
        ).value = "ldap://127.0.0.1:9\nldap://dc2.obshtina.invalid"
        browser.getControl(name="form.widgets.connect_timeout").value = "1"
        browser.getControl(name="form.widgets.timeout").value = "1"
        browser.getControl(name="form.widgets.role_mapping").value = "King: cn=x,dc=y"
        browser.getControl(name="form.buttons.test").click()
        assert "Unknown role: King." in browser.contents

        browser.getControl(name="form.widgets.role_mapping").value = ""
        browser.getControl(name="form.widgets.users_base_dn").value = SUFFIX
        browser.getControl(name="form.widgets.start_tls:list").value = False
        browser.getControl(name="form.widgets.verify_certificates:list").value = False
        browser.getControl(name="form.widgets.bind_dn").value = "cn=nobody"
        browser.getControl(name="form.buttons.test").click()
        assert "Certificate verification is off" in browser.contents
        assert "Passwords cross the network unencrypted" in browser.contents
        assert "The service account has no password" in browser.contents
        assert "The test failed:" in browser.contents

    def test_rest_control_panel(self, functional, api_session, directory_server, reader_password):
        portal = functional["portal"]
        admin = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        url = f"{portal.absolute_url()}/@controlpanels/ratusha-ldap"
        reply = admin.get(url)
        assert reply.status_code == 200
        assert reply.json()["data"]["enabled"] is False
        assert "role_mapping" in reply.json()["schema"]["properties"]
        bad = admin.patch(url, json={"role_mapping": ["King: cn=x,dc=y"]})
        assert bad.status_code == 400
        settings = {
            "preset": "openldap",
            "servers": [directory_server.url],
            "start_tls": False,
            "users_base_dn": SUFFIX,
            "groups_base_dn": seed.GROUPS,
            "bind_dn": seed.READER_DN,
            "enabled": True,
        }
        assert admin.patch(url, json=settings).status_code == 204
        transaction.begin()
        assert PLUGIN_ID in api.portal.get_tool("acl_users").objectIds()
        assert personal_room(portal, api_session, "ivan", seed.PASSWORDS["ivan"]).status_code == 200

    def test_employee_cannot_open_it(self, functional):
        portal = functional["portal"]
        api.user.create(email="e@example.org", username="worker", password="secret-password-1")
        api.group.add_user(groupname="employees", username="worker")
        transaction.commit()
        browser = Browser(functional["app"])
        browser.raiseHttpErrors = False
        browser.addHeader("Authorization", "Basic worker:secret-password-1")
        browser.open(f"{portal.absolute_url()}/@@ratusha-ldap-controlpanel")
        assert browser.url.endswith("/insufficient-privileges")
        assert "form.widgets.servers" not in browser.contents

    def test_directory_down(self, functional, api_session, outage_server, enable_directory):
        """Local accounts are unaffected; directory users fail within a few timeouts, then at
        once; when the server answers again, directory logins work again by themselves."""
        portal = functional["portal"]
        timeout, retry_after = 2, 3
        enable_directory(
            [outage_server.url], timeout=timeout, connect_timeout=timeout, retry_after=retry_after
        )
        api.user.create(email="it@example.org", username="itadmin", password="local-Secret-1")
        api.group.add_user(groupname="Site Administrators", username="itadmin")
        api.user.create(email="clerk@example.org", username="clerk", password="local-Secret-1")
        api.group.add_user(groupname="employees", username="clerk")
        transaction.commit()
        assert personal_room(portal, api_session, "ivan", seed.PASSWORDS["ivan"]).status_code == 200

        outage_server.pause()
        try:
            # the Zope administrator and a local account over HTTP Basic (a local Site
            # Administrator may need two-factor login over HTTP, so it is checked through PAS)
            for login, password in (
                (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
                ("clerk", "local-Secret-1"),
            ):
                started = time.monotonic()
                assert personal_room(portal, api_session, login, password).status_code == 200
                assert time.monotonic() - started < timeout, login  # never asked the directory
            started = time.monotonic()
            acl_users = api.portal.get_tool("acl_users")
            itadmin = acl_users.authenticate("itadmin", "local-Secret-1", acl_users.REQUEST)
            assert "Site Administrator" in itadmin.getRoles()
            assert time.monotonic() - started < timeout

            started = time.monotonic()
            assert (
                personal_room(portal, api_session, "ivan", seed.PASSWORDS["ivan"]).status_code
                == 401
            )
            first = time.monotonic() - started
            assert first < 3 * timeout

            started = time.monotonic()
            assert (
                personal_room(portal, api_session, "maria", seed.PASSWORDS["maria"]).status_code
                == 401
            )
            assert time.monotonic() - started < timeout  # the breaker answers at once
        finally:
            outage_server.resume()
        time.sleep(retry_after)
        assert personal_room(portal, api_session, "ivan", seed.PASSWORDS["ivan"]).status_code == 200
