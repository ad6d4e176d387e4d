"""retention_status(obj), the contract other capabilities use, on real documents."""

import datetime
from plone import api
import pytest
from ratusha.core.rest import InputError
from ratusha.registry import actions
from ratusha.registry.interfaces import retention_status
from ratusha.registry.retention import acts
from ratusha.registry.retention import holds
from ratusha.registry.retention import listing
from ratusha.registry.retention.status import marks
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


def test_the_secretary_and_registrars_manage_retention(people):
    roles = {
        r["name"] for r in people.rolesOfPermission("Ratusha: Manage retention") if r["selected"]
    }
    assert roles == {"Secretary", "Registrar", "Manager"}


def test_a_hold_on_the_case_file_holds_its_documents(people, time_machine):
    at(time_machine, 2015, 3, 1)
    with api.env.adopt_user("clerk"):
        case = api.content.create(
            container=people.registry["case-files"],
            type="CaseFile",
            id=actions.new_id("CaseFile"),
            title="Преписка по жалба",
        )
    doc = incoming(people)
    doc.case_file = api.content.get_uuid(case)
    act("clerk", doc, "close")
    act("clerk", case, "close")
    at(time_machine, 2021, 1, 1)
    assert retention_status(doc).may_erase is True  # from the case file's closing in 2015
    with api.env.adopt_user("clerk"):
        hold = holds.set_hold(case, "Одит на Сметната палата")
    assert hold["by"] == "clerk" and hold["reason"] == "Одит на Сметната палата"
    found = retention_status(doc)
    assert (found.held, found.may_erase) == (True, False)
    assert api.content.get_uuid(doc) not in {item["UID"] for item in listing.due()}
    with api.env.adopt_user("secretary"):
        lifted = holds.lift_hold(case)
    assert lifted["lifted"]["by"] == "secretary"
    assert retention_status(doc).may_erase is True
    assert marks(case)["past_holds"][0]["reason"] == "Одит на Сметната палата"
    with api.env.adopt_user("clerk"), pytest.raises(InputError) as refused:
        holds.lift_hold(case)
    assert refused.value.status == 409


def test_a_hold_after_the_approval_stops_the_act(people, time_machine):
    doc = closed_complaint(people, time_machine)
    at(time_machine, 2026, 1, 1)
    with api.env.adopt_user("clerk"):
        draft = acts.draft(
            "disposal", [api.content.get_uuid(doc)], ["secretary", "director", "head"]
        )
    for member in ("secretary", "director", "head"):
        with api.env.adopt_user(member):
            acts.approve(draft["number"])
    with api.env.adopt_user("clerk"):
        holds.set_hold(doc, "Искане на прокуратурата")
        with pytest.raises(InputError) as refused:
            acts.execute(draft["number"])
    assert refused.value.status == 409
    assert doc.registration_number in translate(refused.value.message, target_language="en")
    assert doc.title == "Жалба за уличното осветление"
