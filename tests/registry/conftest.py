"""People of a small municipality for the registry's tests (no demo profile needed)."""

import pytest
from registry_helpers import make_people


@pytest.fixture
def people(integration):
    make_people()
    return integration["portal"]


@pytest.fixture
def http_people(functional):
    import transaction

    make_people()
    transaction.commit()
    return functional["portal"]
