"""The date-proof tests: every date-sensitive capability at each awkward moment (moments.py),
with the clock frozen there by time-machine. They reuse the people and helpers of the
capability folders (tests/registry, tests/meetings, tests/council)."""

import pathlib
import pytest
import sys
import time_machine


TESTS = pathlib.Path(__file__).resolve().parent.parent
for folder in ("registry", "meetings", "council"):
    if str(TESTS / folder) not in sys.path:
        sys.path.append(str(TESTS / folder))

from moments import MOMENTS  # noqa: E402


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def moment(request):
    """The clock stands still at the moment; tests may move it (traveller.move_to)."""
    with time_machine.travel(MOMENTS[request.param], tick=False) as traveller:
        yield traveller


@pytest.fixture
def registry_people(integration):
    from registry_helpers import make_people

    make_people()
    return integration["portal"]


@pytest.fixture
def meetings_people(integration, monkeypatch):
    from meetings_helpers import make_people
    from meetings_helpers import SECRET

    monkeypatch.setenv("RATUSHA_JITSI_SECRET", SECRET)
    make_people()
    return integration["portal"]


@pytest.fixture
def council(integration):
    from council_helpers import make_council
    from council_helpers import make_people

    make_people()
    return make_council()
