"""Client address: X-Forwarded-For believed only from trusted proxies."""

import pytest
from ratusha.audit.clientaddr import client_address


TRUSTED = ["127.0.0.1", "10.0.0.0/8"]
CASES = [
    ("203.0.113.5", "", "203.0.113.5"),  # direct client
    ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # untrusted peer: header ignored
    ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # one trusted proxy
    ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed left entry ignored
    ("127.0.0.1", "198.51.100.7, 10.1.2.3", "198.51.100.7"),  # two trusted proxies
    ("127.0.0.1", "", "127.0.0.1"),  # local request
    ("127.0.0.1", "garbage, 198.51.100.7", "198.51.100.7"),
    ("127.0.0.1", "10.0.0.1", "10.0.0.1"),  # only proxies: the first hop
]


@pytest.mark.parametrize("remote,forwarded,expected", CASES)
def test_client_address(remote, forwarded, expected):
    assert client_address(remote, forwarded, TRUSTED) == expected
