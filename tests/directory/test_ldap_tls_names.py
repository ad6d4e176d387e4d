"""Which certificate names a directory server's name or IP address matches (ratusha.directory.tls)."""

from ldap3.utils.tls_backport import CertificateError
import pytest
from ratusha.directory.tls import match_hostname


CERT = {
    "subject": ((("commonName", "ldap.example.bg"),),),
    "subjectAltName": (
        ("DNS", "ldap.example.bg"),
        ("IP Address", "10.0.0.5"),
        ("IP Address", "2001:DB8:0:0:0:0:0:1\n"),
    ),
}


@pytest.mark.parametrize("hostname", ["ldap.example.bg", "10.0.0.5", "2001:db8::1"])
def test_named_in_the_certificate(hostname):
    assert match_hostname(CERT, hostname) is None


@pytest.mark.parametrize("hostname", ["other.example.bg", "10.0.0.6", "2001:db8::2"])
def test_not_named_in_the_certificate(hostname):
    with pytest.raises(CertificateError):
        match_hostname(CERT, hostname)
