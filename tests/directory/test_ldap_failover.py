"""Several servers: when the first one dies, logins continue on the next; outages stay short."""

from ldapconfig import openldap_config
import ldapseed as seed
from ldapserver import Slapd
import pytest
from ratusha.directory.client import Directory
from ratusha.directory.client import DirectoryUnavailable
import time


@pytest.fixture
def two_servers(tmp_path):
    first = Slapd(
        tmp_path / "first", seed.base_ldif(tmp_path / "base.ldif"), seed=seed.LDIFS
    ).start()
    second = Slapd(
        tmp_path / "second", seed.base_ldif(tmp_path / "base.ldif"), seed=seed.LDIFS
    ).start()
    yield first, second
    first.stop()
    second.stop()


def login(directory, name="ivan"):
    return directory.authenticate(name, seed.PASSWORDS[name])


def test_logins_continue_on_the_second_server(two_servers):
    first, second = two_servers
    directory = Directory(openldap_config([first.url, second.url]))
    ivan = login(directory)
    assert directory.ldap._service.server.port == first.port

    first.stop()  # mid-test: the service connection to it is open
    started = time.monotonic()
    assert login(directory).login == "ivan"
    assert time.monotonic() - started < 3 * directory.config.timeout
    assert directory.ldap._service.server.port == second.port
    assert login(directory, "maria").login == "maria"
    # entryUUIDs differ between two independently seeded servers; replicas share them
    assert directory.user_by_id(ivan.id) is None or directory.user_by_id(ivan.id).login == "ivan"


def test_first_server_down_from_the_start(two_servers):
    first, second = two_servers
    first.stop()
    directory = Directory(openldap_config([first.url, second.url]))
    assert login(directory).login == "ivan"
    assert directory.test_connection().server == second.url


def test_all_servers_refusing_fails_at_once(two_servers):
    first, second = two_servers
    first.stop()
    second.stop()
    directory = Directory(openldap_config([first.url, second.url]))
    started = time.monotonic()
    with pytest.raises(DirectoryUnavailable):
        login(directory)
    assert time.monotonic() - started < directory.config.timeout


def test_hung_server_costs_one_timeout_then_recovers(two_servers):
    """SIGSTOP: connections are accepted, nothing answers. The first login gives up within a
    few timeouts, the next ones fail at once (breaker), and after `retry_after` it works again."""
    first, _second = two_servers
    config = openldap_config([first.url], timeout=1, retry_after=2)
    directory = Directory(config)
    assert login(directory).login == "ivan"
    first.pause()
    try:
        started = time.monotonic()
        with pytest.raises(DirectoryUnavailable):
            login(directory)
        hung = time.monotonic() - started
        assert hung < 3 * config.timeout + 1

        started = time.monotonic()
        with pytest.raises(DirectoryUnavailable):
            login(directory, "maria")
        assert time.monotonic() - started < 0.5
    finally:
        first.resume()
    time.sleep(config.retry_after)
    assert login(directory, "maria").login == "maria"
