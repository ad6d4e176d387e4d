"""Fixtures for the whole suite: plone.app.testing layers as pytest fixtures.

`integration` and `functional` give the layer's resources ({"portal": ..., "app": ...});
each layer is set up once per session and its per-test isolation is the layer's own
(integration: transaction abort; functional: DemoStorage stacked per test).
"""

import datetime
import email
import email.policy
import os
import socket
import tempfile


# The audit trail writes to SQL outside the ZODB: give the suite its own folder and key.
os.environ.setdefault("RATUSHA_VAR", tempfile.mkdtemp(prefix="ratusha-test-var-"))
os.environ.setdefault("RATUSHA_KEYS", tempfile.mkdtemp(prefix="ratusha-test-keys-"))
os.environ.setdefault("RATUSHA_AUDIT_KEY", "test-audit-key")
os.environ.setdefault("zope_i18n_compile_mo_files", "true")
os.environ.setdefault("zope_i18n_allowed_languages", "bg en")

from postgres import postgres_url  # noqa: E402,F401  (the suite's PostgreSQL, tests/postgres.py)
import pytest  # noqa: E402
from ratusha import testing  # noqa: E402
from zope.pytestlayer import fixture  # noqa: E402


LAYERS = {
    "integration": testing.RATUSHA_INTEGRATION_TESTING,
    "functional": testing.RATUSHA_FUNCTIONAL_TESTING,
    "demo": testing.RATUSHA_DEMO_INTEGRATION_TESTING,
    "demo_functional": testing.RATUSHA_DEMO_FUNCTIONAL_TESTING,
}
for _name, _layer in LAYERS.items():
    globals().update(
        fixture.create(
            _layer,
            session_fixture_name=f"{_name}_session",
            class_fixture_name=f"{_name}_class",
            function_fixture_name=_name,
        )
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    """Tell zope.pytestlayer which layer each test uses.

    Its plugin keeps a layer set up between consecutive tests only for items that carry a
    `layer` attribute (it expects unittest classes); without this, plain test functions set the
    whole Plone site up and down around every single test. It also orders items by layer.
    """
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for name, layer in reversed(LAYERS.items()):
            if name in names:
                item.layer = layer
                break


@pytest.fixture(scope="session", autouse=True)
def frozen_now():
    """RATUSHA_FROZEN_NOW=2026-12-31T23:30+02:00 runs the tests as if it were then (the clock
    ticks on from there): a test that passes only on some days shows up (tests/dateproof)."""
    moment = os.environ.get("RATUSHA_FROZEN_NOW")
    if not moment:
        yield None
        return
    import time_machine

    with time_machine.travel(datetime.datetime.fromisoformat(moment), tick=True):
        yield moment


@pytest.fixture(autouse=True, scope="module")
def fresh_login_counters():
    """Failed-login counters and council presence live in SQL, outside the layers' isolation:
    without this, a module that fails many logins from 127.0.0.1 locks the loopback address for
    the modules after it, and one that marks councillors present in the demo session leaves them
    present for the next; the suite would pass only in one order."""
    yield
    from ratusha.access import attempts
    from ratusha.council import store

    with attempts.engine().begin() as connection:
        connection.execute(attempts.counters.delete())
    with store.engine().begin() as connection:
        connection.execute(store.presence.delete())
        connection.execute(store.checks.delete())


@pytest.fixture
def portal(integration):
    return integration["portal"]


@pytest.fixture
def functional_portal(functional):
    return functional["portal"]


@pytest.fixture
def api_session():
    """A requests session factory for the REST API: api_session(user, password)."""
    import requests

    sessions = []

    def make(user=None, password=None):
        session = requests.Session()
        session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        if user:
            session.auth = (user, password)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture
def audit_log():
    """Read what the audit trail received during this test: audit_log.new(action=...)."""
    from ratusha.audit.recorder import get_store

    class Log:
        def __init__(self):
            self.store = get_store()
            self.start = self.store.head()[0]

        def new(self, **filters):
            rows = self.store.search(limit=500, **filters)
            return [r for r in reversed(rows) if r["seq"] > self.start]

    return Log()


class SMTPCollector:
    """Keeps what a real SMTP server (aiosmtpd) received, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port: yields (controller, collector)."""
    from aiosmtpd.controller import Controller

    collector = SMTPCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, once per test module (see tests/browsing.py)."""
    from browsing import ARGS
    from browsing import CHROMIUM
    import pathlib
    from playwright.sync_api import sync_playwright

    assert pathlib.Path(CHROMIUM).exists(), "Debian's chromium is needed (.ci/run installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
