"""The fuzz harness: a demo site over real HTTP where every role can be fuzzed.

Two-factor login is switched off for the site under fuzzing (a password alone reaches what an
auditor or an administrator can reach, so their inputs are fuzzed too) and the lockout limits are
raised, since the fuzzer's failed logins would otherwise lock the loopback address. The DemoStorage
of the functional layer drops both settings after each test; the SQL counters are cleared here.
"""

from fuzz_harness import Fuzzer
from fuzz_harness import STATS
from fuzz_harness import USERS
from plone import api
import pytest
import transaction


def _clear_counters():
    from ratusha.access import attempts

    for user, _password in USERS:
        attempts.clear(attempts.account_key(user or ""))
    attempts.clear(attempts.address_key("127.0.0.1"))


@pytest.fixture
def fuzzer(demo_functional):
    portal = demo_functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    api.portal.set_registry_record("ratusha.access.max_failures", 100)
    api.portal.set_registry_record("ratusha.access.max_failures_per_address", 10000)
    transaction.commit()
    _clear_counters()
    fuzzer = Fuzzer(portal)
    yield fuzzer
    fuzzer.close()
    _clear_counters()


def pytest_terminal_summary(terminalreporter):
    if STATS.requests:
        terminalreporter.write_sep("-", "fuzz harness")
        terminalreporter.write_line(
            f"{STATS.requests} requests to {len(STATS.endpoints)} endpoint/method pairs: "
            f"{STATS.refused} refused with 4xx, {STATS.errors} problems (5xx, silent or "
            f"half-written refusals)"
        )
