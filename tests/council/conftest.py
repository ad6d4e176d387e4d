"""Fixtures of the council tests: people and a council of 21 (no demo profile needed)."""

from council_helpers import make_council
from council_helpers import make_people
import pytest


@pytest.fixture
def council(integration):
    make_people()
    return make_council()


@pytest.fixture
def http_council(functional):
    import transaction

    make_people()
    found = make_council()
    transaction.commit()
    return found
