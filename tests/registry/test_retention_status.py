"""retention_status(obj), the contract other capabilities use, on real documents."""

import datetime
from plone import api
from ratusha.registry.interfaces import retention_status
from registry_helpers import act
from registry_helpers import incoming
from zope.i18n import translate


SOFIA_NOON = datetime.timezone(datetime.timedelta(hours=2))


def at(time_machine, year, month, day):
    time_machine.move_to(datetime.datetime(year, month, day, 12, 0, tzinfo=SOFIA_NOON), tick=False)


def closed_complaint(portal, time_machine, closed=(2019, 5, 10)):
    at(time_machine, closed[0], 3, 1)
    doc = incoming(portal)
    act("clerk", doc, "close")
    return doc


def test_a_closed_complaint_may_be_erased_after_five_years(people, time_machine):
    doc = closed_complaint(people, time_machine)
    at(time_machine, 2024, 12, 31)
    found = retention_status(doc)
    assert found.until == datetime.date(2024, 12, 31)
    assert (found.held, found.may_erase) == (False, False)
    assert "94-02" in translate(found.reason, target_language="en")
    at(time_machine, 2025, 1, 1)
    assert retention_status(doc).may_erase is True


def test_an_open_document_has_not_started(people, time_machine):
    at(time_machine, 2010, 3, 1)
    doc = incoming(people)
    at(time_machine, 2026, 1, 1)
    found = retention_status(doc)
    assert (found.until, found.may_erase) == (None, False)
    assert found.reason.default.startswith("Filing plan ${index}")


def test_the_plan_is_in_the_registry(people):
    assert (
        api.portal.get_registry_record("ratusha.registry.plan/incoming.complaint.index") == "94-02"
    )
