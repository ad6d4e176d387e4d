"""Directory certificates that name the server by IP address (``ldaps://10.0.0.5``), on Python 3.12+.

ldap3 checks the server's name with ``ssl.match_hostname``, which Python 3.12 removed; its fallback
(a backport from Python 3.4) knows DNS names only, so an ``IP Address`` entry never matched and
every login over TLS to such a server failed. `patch_ldap3` gives ldap3 the missing IP comparison,
as the removed function had; where the standard library still has it, ldap3 keeps that.
"""

import ipaddress
from ldap3.core import tls
from ldap3.utils import tls_backport
import ssl


def match_hostname(cert, hostname):
    """ldap3's backport for a DNS name; the certificate's IP addresses for an IP address."""
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return tls_backport.match_hostname(cert, hostname)
    for key, value in cert.get("subjectAltName", ()):
        if key == "IP Address" and ipaddress.ip_address(value.rstrip()) == address:
            return None
    raise tls_backport.CertificateError(
        f"IP address {hostname} is not in the certificate's subjectAltName"
    )


def patch_ldap3():
    """Install `match_hostname` in ldap3 where ``ssl.match_hostname`` is gone."""
    if not hasattr(ssl, "match_hostname"):
        tls.match_hostname = match_hostname
