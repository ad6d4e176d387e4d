"""Fixtures for the whole suite: plone.app.testing layers as pytest fixtures.

`integration` and `functional` give the layer's resources ({"portal": ..., "app": ...});
each layer is set up once per session and its per-test isolation is the layer's own
(integration: transaction abort; functional: DemoStorage stacked per test).
"""

import os

os.environ.setdefault("zope_i18n_compile_mo_files", "true")
os.environ.setdefault("zope_i18n_allowed_languages", "bg en")

import pytest  # noqa: E402
from zope.pytestlayer import fixture  # noqa: E402

from ratusha import testing  # noqa: E402

globals().update(
    fixture.create(
        testing.RATUSHA_INTEGRATION_TESTING,
        session_fixture_name="integration_session",
        class_fixture_name="integration_class",
        function_fixture_name="integration",
    )
)
globals().update(
    fixture.create(
        testing.RATUSHA_FUNCTIONAL_TESTING,
        session_fixture_name="functional_session",
        class_fixture_name="functional_class",
        function_fixture_name="functional",
    )
)
globals().update(
    fixture.create(
        testing.RATUSHA_DEMO_INTEGRATION_TESTING,
        session_fixture_name="demo_session",
        class_fixture_name="demo_class",
        function_fixture_name="demo",
    )
)
globals().update(
    fixture.create(
        testing.RATUSHA_DEMO_FUNCTIONAL_TESTING,
        session_fixture_name="demo_functional_session",
        class_fixture_name="demo_functional_class",
        function_fixture_name="demo_functional",
    )
)


@pytest.fixture
def portal(integration):
    return integration["portal"]


@pytest.fixture
def request_(integration):
    return integration["request"]


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
