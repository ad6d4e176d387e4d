"""One immutable value holding everything the LDAP client needs; the bind password's source.

Plain Python. The settings (plone.registry) are turned into a DirectoryConfig; the client
is cached per config, so changing a setting simply yields a new client.
"""

import dataclasses
import os
from ratusha.directory.presets import Preset


PASSWORD_ENV = "RATUSHA_LDAP_BIND_PASSWORD"
PASSWORD_FILE_ENV = "RATUSHA_LDAP_BIND_PASSWORD_FILE"


@dataclasses.dataclass(frozen=True)
class DirectoryConfig:
    servers: tuple
    users_base_dn: str
    groups_base_dn: str
    preset: Preset
    enabled: bool = True
    start_tls: bool = True
    verify_certificates: bool = True
    ca_file: str = ""
    connect_timeout: int = 3
    timeout: int = 5
    retry_after: int = 30
    bind_dn: str = ""
    bind_password: str = dataclasses.field(default="", repr=False)
    nested_groups: bool = True
    role_mapping: tuple = ()
    default_roles: tuple = ()
    cache_ttl: int = 300
    page_size: int = 500
    max_results: int = 200


@dataclasses.dataclass(frozen=True)
class BindPassword:
    value: str
    source: str  # "environment", "file", "" (none)
    problem: str = ""  # why a configured file could not be read


def read_bind_password(environ=None):
    """The service account's password: from RATUSHA_LDAP_BIND_PASSWORD, or from the file named
    by RATUSHA_LDAP_BIND_PASSWORD_FILE (trailing newline removed). Never from the ZODB."""
    environ = os.environ if environ is None else environ
    if environ.get(PASSWORD_ENV):
        return BindPassword(environ[PASSWORD_ENV], "environment")
    path = environ.get(PASSWORD_FILE_ENV)
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return BindPassword(handle.read().rstrip("\r\n"), "file")
        except OSError as error:
            return BindPassword("", "", f"{path}: {error.strerror}")
    return BindPassword("", "")
