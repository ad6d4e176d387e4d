"""@@retention on /registry: the plan edited with a form message on bad input, a hold set by
number, a disposal act drafted, approved by its committee and executed, the inventory link;
who sees what."""

import datetime
from plone import api
from plone.testing.zope import Browser
import pytest
from registry_helpers import act
from registry_helpers import incoming
from registry_helpers import PASSWORD
import transaction
from zExceptions import NotFound


SOFIA = datetime.timezone(datetime.timedelta(hours=2))
COMMITTEE = ("secretary", "director", "head")


def browser_as(functional, user):
    browser = Browser(functional["app"])
    browser.handleErrors = False
    browser.raiseHttpErrors = False
    browser.addHeader("Authorization", f"Basic {user}:{PASSWORD}")
    return browser


def at(time_machine, year, month, day):
    time_machine.move_to(datetime.datetime(year, month, day, 10, 0, tzinfo=SOFIA), tick=False)


def test_the_retention_page(http_people, functional, time_machine):
    portal = http_people
    at(time_machine, 2019, 3, 1)
    complaint = incoming(portal, title="Жалба за шум")
    act("clerk", complaint, "close")
    other = incoming(portal, title="Жалба по дело")
    act("clerk", other, "close")
    at(time_machine, 2026, 1, 15)
    transaction.commit()
    page = f"{portal.registry.absolute_url()}/@@retention"

    # an employee reads the plan, no lists, no forms
    outsider = browser_as(functional, "outsider")
    outsider.open(page)
    assert "94-02" in outsider.contents and complaint.registration_number not in outsider.contents
    assert 'name="act"' not in outsider.contents

    # the registrar: a bad plan entry is a form message, nothing saved
    clerk = browser_as(functional, "clerk")
    clerk.open(page)
    assert complaint.registration_number in clerk.contents
    form = clerk.getForm(id="retention-plan")
    form.getControl(name="plan.incoming.complaint.years").value = "0"
    form.submit()
    assert clerk.headers["status"].startswith("400")
    assert "1 to 200" in clerk.contents or "от 1 до 200" in clerk.contents
    transaction.begin()
    assert api.portal.get_registry_record("ratusha.registry.plan/incoming.complaint.years") == 5

    # a legal hold by number keeps `other` off the list
    clerk.open(page)
    clerk.getControl(name="number", index=0).value = other.registration_number
    clerk.getControl(name="reason").value = "Проверка на АДФИ"
    clerk.getForm(index=_form_index(clerk, "hold")).submit()
    assert "Проверка на АДФИ" in clerk.contents

    # the disposal act: drafted from the list, approved by each member, executed
    form = clerk.getForm(index=_form_index(clerk, "draft"))
    form.getControl(name="committee").value = " ".join(COMMITTEE)
    form.submit()
    assert "№ 1" in clerk.contents
    for member in COMMITTEE:
        browser = browser_as(functional, member)
        browser.open(page)
        browser.getForm(index=_form_index(browser, "approve")).submit()
        assert browser.headers["status"].startswith("200")
    clerk.open(page)
    clerk.getForm(index=_form_index(clerk, "execute")).submit()
    transaction.begin()
    assert complaint.title == "унищожен с акт № 1" and other.title == "Жалба по дело"

    # the inventory link answers only for hand-over inventories
    with pytest.raises(NotFound):
        clerk.open(f"{portal.registry.absolute_url()}/@@retention-inventory.zip?act=1")


def _form_index(browser, act_name):
    """The index of the first form whose hidden `act` is act_name."""
    index = 0
    while True:
        form = browser.getForm(index=index)
        try:
            if form.getControl(name="act").value == act_name:
                return index
        except LookupError:
            pass
        index += 1
