"""ratusha.registry:default 1000 -> 1001: a 1.0.0 document's clear ЕГН and address are
encrypted in place and its ЕГН is indexed by its keyed hash."""

from Acquisition import aq_base
from plone import api
from ratusha.privacy.encryption import api as encryption


PROFILE = "ratusha.registry:default"
INDEX = "registry_personal_number"
EGN, ADDRESS = "6905123456", "с. Примерно, ул. „Вит“ 4"


def as_in_1_0_0(doc):
    """What 1.0.0 stored: the clear values in the object's state, no tokens."""
    base = aq_base(doc)
    for name, value in (("sender_personal_number", EGN), ("sender_address", ADDRESS)):
        base.__dict__.pop(f"_{name}_token", None)
        base.__dict__[name] = value
    base._p_changed = True


def test_clear_values_of_1_0_0_are_encrypted_and_indexed(portal):
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(
            container=portal.registry.incoming, type="IncomingDocument", id="in-old", title="Жалба"
        )
    as_in_1_0_0(doc)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delIndex(INDEX)
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, "1000")
    assert doc.sender_personal_number == EGN  # 1.0.0's value reads until it is upgraded

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1001",)
    state = aq_base(doc).__getstate__()
    assert "sender_personal_number" not in state and "sender_address" not in state
    assert EGN not in repr(state) and "Вит" not in repr(state)
    assert (doc.sender_personal_number, doc.sender_address) == (EGN, ADDRESS)
    found = catalog.unrestrictedSearchResults(**{INDEX: encryption.personal_number_key(EGN)})
    assert [b.UID for b in found] == [doc.UID()]


def test_the_step_runs_twice_without_harm(portal):
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, "1000")
    setup.upgradeProfile(PROFILE)
    assert setup.getLastVersionForProfile(PROFILE) == ("1001",)
    assert INDEX in api.portal.get_tool("portal_catalog").indexes()
