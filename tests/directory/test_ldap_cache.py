"""The per-process cache, the outage breaker and where the bind password comes from."""

import pytest
from ratusha.directory.cache import Breaker
from ratusha.directory.cache import MISSING
from ratusha.directory.cache import TTLCache
from ratusha.directory.config import read_bind_password


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_entries_expire_after_ttl():
    clock = Clock()
    cache = TTLCache(ttl=60, clock=clock)
    cache.set("user", "ivan")
    clock.now += 59
    assert cache.get("user") == "ivan"
    clock.now += 1
    assert cache.get("user") is MISSING


def test_a_miss_is_remembered_too():
    calls = []
    cache = TTLCache(ttl=60, clock=Clock())

    def lookup():
        calls.append(1)
        return None

    assert cache.get_or_compute("admin", lookup) is None
    assert cache.get_or_compute("admin", lookup) is None
    assert len(calls) == 1


def test_oldest_entries_go_first_when_full():
    cache = TTLCache(ttl=60, max_entries=2, clock=Clock())
    for key in "abc":
        cache.set(key, key)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (MISSING, "b", "c")


def test_ttl_zero_caches_nothing():
    cache = TTLCache(ttl=0, clock=Clock())
    cache.set("a", 1)
    assert cache.get("a") is MISSING


def test_breaker_opens_for_retry_after_then_lets_one_try():
    clock = Clock()
    breaker = Breaker(retry_after=30, clock=clock)
    assert not breaker.is_open()
    assert breaker.failed("timed out") is True  # the outage starts: log it
    assert breaker.is_open() and breaker.reason == "timed out"
    clock.now += 29
    assert breaker.is_open()
    clock.now += 1
    assert not breaker.is_open()  # time to try again
    assert breaker.failed("still down") is False  # same outage: not logged again
    assert breaker.succeeded() is True  # the outage ends: log it
    assert breaker.succeeded() is False


@pytest.mark.parametrize(
    "environ,expected",
    [
        ({"RATUSHA_LDAP_BIND_PASSWORD": "s3cret"}, ("s3cret", "environment", "")),
        ({}, ("", "", "")),
        ({"RATUSHA_LDAP_BIND_PASSWORD": ""}, ("", "", "")),
    ],
)
def test_bind_password_from_environment(environ, expected):
    password = read_bind_password(environ)
    assert (password.value, password.source, password.problem) == expected


def test_bind_password_from_file(tmp_path):
    secret = tmp_path / "bind-password"
    secret.write_text("from-file\n")
    password = read_bind_password({"RATUSHA_LDAP_BIND_PASSWORD_FILE": str(secret)})
    assert (password.value, password.source) == ("from-file", "file")
    both = read_bind_password(
        {"RATUSHA_LDAP_BIND_PASSWORD": "env", "RATUSHA_LDAP_BIND_PASSWORD_FILE": str(secret)}
    )
    assert both.value == "env"


def test_unreadable_password_file_is_reported(tmp_path):
    password = read_bind_password({"RATUSHA_LDAP_BIND_PASSWORD_FILE": str(tmp_path / "missing")})
    assert password.value == ""
    assert "missing" in password.problem and "No such file" in password.problem
