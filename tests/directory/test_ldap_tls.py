"""TLS: StartTLS and LDAPS with the directory's CA work; any other CA is refused by default."""

from ldapconfig import openldap_config
import ldapseed as seed
import logging
import pytest
from ratusha.directory.client import Directory
from ratusha.directory.client import DirectoryUnavailable


def login(directory):
    return directory.authenticate("ivan", seed.PASSWORDS["ivan"])


@pytest.mark.parametrize("which,security", [("url", "starttls"), ("ldaps_url", "ldaps")])
def test_valid_ca(tls_server, tls_files, which, security):
    config = openldap_config(
        [getattr(tls_server, which)], start_tls=True, ca_file=str(tls_files["ca"])
    )
    directory = Directory(config)
    assert login(directory).login == "ivan"
    report = directory.test_connection()
    assert report.ok and report.security == security and report.verified


@pytest.mark.parametrize("which", ["url", "ldaps_url"])
@pytest.mark.parametrize("ca", ["unknown_ca", None])  # someone else's CA; the system's CAs
def test_other_ca_is_refused(tls_server, tls_files, which, ca):
    config = openldap_config(
        [getattr(tls_server, which)], start_tls=True, ca_file=str(tls_files[ca]) if ca else ""
    )
    directory = Directory(config)
    with pytest.raises(DirectoryUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        login(directory)
    report = directory.test_connection()
    assert not report.ok and "CERTIFICATE_VERIFY_FAILED" in report.error


def test_verification_off_is_explicit_and_warned(tls_server, tls_files, caplog):
    config = openldap_config(
        [tls_server.url],
        start_tls=True,
        ca_file=str(tls_files["unknown_ca"]),
        verify_certificates=False,
    )
    with caplog.at_level(logging.WARNING, "ratusha.directory"):
        directory = Directory(config)
    assert "certificate verification is OFF" in caplog.text
    assert login(directory).login == "ivan"
    report = directory.test_connection()
    assert report.ok and report.security == "starttls" and not report.verified


def test_missing_ca_file_is_a_clear_error(tls_server, tmp_path):
    directory = Directory(
        openldap_config([tls_server.url], start_tls=True, ca_file=str(tmp_path / "nope.pem"))
    )
    with pytest.raises(DirectoryUnavailable, match="CA"):
        login(directory)
