"""Fixtures of the meetings tests: people and the Jitsi secret (SMTP: tests/conftest.py)."""

from meetings_helpers import make_people
from meetings_helpers import SECRET
import pytest
import transaction


@pytest.fixture(autouse=True)
def jitsi_secret(monkeypatch):
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", SECRET)
    monkeypatch.setenv("RATUSHA_JITSI_EVENTS_SECRET", "events-secret-for-tests")


@pytest.fixture
def people(integration):
    make_people()
    return integration["portal"]


@pytest.fixture
def http_people(functional):
    make_people()
    transaction.commit()
    return functional["portal"]
