"""Real OpenLDAP servers for the directory tests, started once per session (or module).

`directory_server`: both trees of ldapseed.py plus 5,000 bulk users (slapadd before start).
`tls_server`: the same seed behind StartTLS and LDAPS, with a throwaway CA made by openssl;
`tls_files` also has a second, unknown CA to prove verification refuses it.
"""

import os
import pytest
import sys


# the helper modules beside this file, whatever pytest's import mode
sys.path.insert(0, os.path.dirname(__file__))

from ldapconfig import ROLE_MAPPING  # noqa: E402
import ldapseed as seed  # noqa: E402
from ldapserver import make_ca  # noqa: E402
from ldapserver import make_server_certificate  # noqa: E402
from ldapserver import SLAPD  # noqa: E402
from ldapserver import Slapd  # noqa: E402
from ldapserver import SUFFIX  # noqa: E402
from plone import api  # noqa: E402
from ratusha.directory import client  # noqa: E402
from ratusha.directory.config import PASSWORD_ENV  # noqa: E402


def require_slapd():
    if not os.path.exists(SLAPD):
        pytest.fail("OpenLDAP is needed: apt-get install slapd ldap-utils (.ci/run does)")


@pytest.fixture(scope="session")
def directory_server(tmp_path_factory):
    require_slapd()
    work = tmp_path_factory.mktemp("slapd-main")
    server = Slapd(work, seed.bulk_ldif(work / "bulk.ldif"), seed=seed.LDIFS).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    work = tmp_path_factory.mktemp("tls")
    ca_cert, ca_key = make_ca(work, "ratusha-test-ca")
    cert, key = make_server_certificate(work, ca_cert, ca_key)
    unknown_ca, _unknown_key = make_ca(work, "someone-elses-ca")
    return {"ca": ca_cert, "cert": cert, "key": key, "unknown_ca": unknown_ca}


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory, tls_files):
    require_slapd()
    work = tmp_path_factory.mktemp("slapd-tls")
    server = Slapd(work, seed.base_ldif(work / "base.ldif"), seed=seed.LDIFS, tls=tls_files).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_directories():
    """Each test starts without cached answers, open connections or a tripped breaker."""
    client.reset()
    yield
    client.reset()


@pytest.fixture
def reader_password(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, seed.READER_PASSWORD)
    return seed.READER_PASSWORD


@pytest.fixture
def enable_directory(reader_password):
    """Point the site at a server through plone.registry, the way the control panel does."""

    def enable(server_urls, **values):
        settings = dict(
            preset="openldap",
            servers=list(server_urls),
            start_tls=False,
            users_base_dn=SUFFIX,
            groups_base_dn=seed.GROUPS,
            bind_dn=seed.READER_DN,
            role_mapping=list(ROLE_MAPPING),
            default_roles=["Member", "Employee"],
            connect_timeout=2,
            timeout=2,
        )
        settings.update(values)
        for name, value in settings.items():
            api.portal.set_registry_record(f"ratusha.ldap.{name}", value)
        api.portal.set_registry_record("ratusha.ldap.enabled", True)

    return enable
