"""Lockouts are checked before the directory is asked: a locked account costs it no bind.

Ratusha must never push a Windows account into Active Directory's own lockout. Binds as the
user are counted on the real slapd connection (ldap3's Connection.bind, in the server's own
thread): while an account is locked, further attempts by any door cause no bind; one attempt
causes at most one.
"""

import ldap3
import ldapseed as seed
from plone import api
import pytest
from ratusha.access import attempts
import requests
import threading
import transaction


JSON = {"Accept": "application/json"}
LOGIN = "ivan"
PASSWORD = seed.PASSWORDS[LOGIN]


@pytest.fixture
def binds(monkeypatch):
    """How many times the directory was asked to check a password of the user."""
    counted = []
    lock = threading.Lock()
    bind = ldap3.Connection.bind

    def counting(connection, *args, **kwargs):
        if connection.user == seed.uid_dn(LOGIN):
            with lock:
                counted.append(connection.user)
        return bind(connection, *args, **kwargs)

    monkeypatch.setattr(ldap3.Connection, "bind", counting)
    return counted


@pytest.fixture
def site(functional, directory_server, enable_directory):
    enable_directory([directory_server.url])
    api.portal.set_registry_record("ratusha.access.max_failures", 3)
    transaction.commit()
    keys = (attempts.account_key(LOGIN), attempts.address_key("127.0.0.1"))
    for key in keys:
        attempts.clear(key)
    yield functional["portal"].absolute_url()
    for key in keys:  # the counters live in SQL, outside the layer's isolation
        attempts.clear(key)


def basic(base, password):
    return requests.get(f"{base}/@personal-room", auth=(LOGIN, password), headers=JSON)


def basic_page(base, password):
    return requests.get(f"{base}/@@personal-room", auth=(LOGIN, password), allow_redirects=False)


def form(base, password):
    return requests.post(
        f"{base}/login",
        allow_redirects=False,
        data={"__ac_name": LOGIN, "__ac_password": password, "buttons.login": "Log in"},
    )


def rest(base, password):
    return requests.post(
        f"{base}/@login", headers=JSON, json={"login": LOGIN, "password": password}
    )


DOORS = [basic, basic_page, form, rest]


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
@pytest.mark.parametrize("password", ["wrong-password", PASSWORD], ids=["wrong", "right"])
def test_one_attempt_is_at_most_one_bind(site, binds, door, password):
    door(site, password)
    assert len(binds) == 1


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_a_locked_account_costs_the_directory_no_bind(site, binds, door):
    for _ in range(3):
        door(site, "wrong-password")
    assert attempts.locked(attempts.account_key(LOGIN))
    assert len(binds) <= 3
    before = len(binds)
    for other in DOORS * 3:
        other(site, "wrong-password")
        other(site, PASSWORD)
    assert len(binds) == before  # 24 attempts while locked: not one reached the directory
    assert basic(site, PASSWORD).status_code == 401
    assert "__ac" not in form(site, PASSWORD).cookies


def test_the_lock_ends_and_the_directory_is_asked_again(site, binds):
    for _ in range(3):
        rest(site, "wrong-password")
    attempts.clear(attempts.account_key(LOGIN))
    assert rest(site, PASSWORD).status_code == 200
    assert len(binds) == 4
