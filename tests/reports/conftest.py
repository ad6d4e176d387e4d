"""People of the report's tests: the registry's small municipality (tests/registry) plus a
councillor and the council's chair; the council's and the meetings' helpers for theirs."""

import pathlib
from plone import api
import pytest
import sys


TESTS = pathlib.Path(__file__).resolve().parent.parent
for folder in ("registry", "council", "meetings"):
    if str(TESTS / folder) not in sys.path:
        sys.path.append(str(TESTS / folder))

from registry_helpers import make_people  # noqa: E402
from registry_helpers import PASSWORD  # noqa: E402


COUNCIL_PEOPLE = (("councillor", "councillors"), ("chair", "council-chair"))


def make_report_people():
    make_people()
    for user_id, group_id in COUNCIL_PEOPLE:
        if api.user.get(userid=user_id) is None:
            api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        api.group.add_user(groupname=group_id, username=user_id)


@pytest.fixture
def people(integration):
    make_report_people()
    return integration["portal"]


@pytest.fixture
def http_people(functional):
    import transaction

    make_report_people()
    transaction.commit()
    return functional["portal"]
