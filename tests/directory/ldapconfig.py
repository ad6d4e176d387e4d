"""Configurations pointing the client or the site at the test servers."""

import ldapseed as seed
from ldapserver import AD_SUFFIX
from ldapserver import SUFFIX
from ratusha.directory import presets
from ratusha.directory.config import DirectoryConfig


def openldap_config(server_urls, **changes):
    """Client configuration for the OpenLDAP tree, plain LDAP unless changed."""
    values = dict(
        servers=tuple(server_urls),
        users_base_dn=SUFFIX,
        groups_base_dn=seed.GROUPS,
        preset=presets.OPENLDAP,
        start_tls=False,
        bind_dn=seed.READER_DN,
        bind_password=seed.READER_PASSWORD,
        connect_timeout=2,
        timeout=2,
        retry_after=30,
    )
    values.update(changes)
    return DirectoryConfig(**values)


def ad_config(server_urls, membership="", **changes):
    values = dict(
        servers=tuple(server_urls),
        users_base_dn=AD_SUFFIX,
        groups_base_dn=seed.AD_GROUPS,
        preset=presets.resolve("active_directory", membership=membership),
        start_tls=False,
        bind_dn=seed.READER_DN,
        bind_password=seed.READER_PASSWORD,
        connect_timeout=2,
        timeout=2,
    )
    values.update(changes)
    return DirectoryConfig(**values)


ROLE_MAPPING = [
    f"Councillor: {seed.COUNCILLORS_DN.upper()}",  # DNs match whatever their case
    "Registrar: registry",
]
