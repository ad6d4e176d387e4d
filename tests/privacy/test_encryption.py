"""Encryption at rest in the site: a letter keeps only tokens, the ЕГН is found by its keyed
hash by those who may read personal data, keys rotate while the site runs."""

from Acquisition import aq_base
from encryption_helpers import ADDRESS
from encryption_helpers import EGN
from encryption_helpers import letter
from encryption_helpers import make_people
from plone import api
import pytest
from ratusha.privacy.encryption import api as encryption
from ratusha.privacy.encryption import keyring
from ratusha.privacy.encryption.content import encrypted_types
from ratusha.privacy.encryption.content import refresh_all
from ratusha.privacy.encryption.content import stale
from ratusha.privacy.interfaces import IEncryption
from zope.component import getUtility
from zope.interface.verify import verifyObject


INDEX = "registry_personal_number"


@pytest.fixture
def site(portal, tmp_path, monkeypatch):
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(tmp_path / "keys"))
    make_people()
    return portal


def state_of(doc):
    return aq_base(doc).__getstate__()


def rid_of(doc):
    [brain] = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=doc.UID())
    return brain.getRID()


def found(user, **query):
    with api.env.adopt_user(user):
        return {b.UID for b in api.content.find(portal_type="IncomingDocument", **query)}


def test_the_contract_is_registered_and_kept(site):
    assert getUtility(IEncryption) is encryption
    assert verifyObject(IEncryption, encryption)


def test_a_letter_keeps_only_tokens(site):
    doc = letter(site)
    state = state_of(doc)
    assert "sender_personal_number" not in state and "sender_address" not in state
    assert EGN not in repr(state) and "Шипка" not in repr(state)
    assert encryption.decrypt_text(state["_sender_personal_number_token"]) == EGN
    assert encryption.decrypt_text(state["_sender_address_token"]) == ADDRESS
    assert (doc.sender_personal_number, doc.sender_address) == (EGN, ADDRESS)


def test_clearing_a_field_leaves_no_token(site):
    doc = letter(site)
    doc.sender_address = ""
    assert doc.sender_address is None and state_of(doc)["_sender_address_token"] is None


def test_the_catalog_finds_the_letter_by_the_keyed_hash_only(site):
    doc = letter(site)
    other = letter(site, personal_number="8002154425", title="Друга молба")
    catalog = api.portal.get_tool("portal_catalog")
    rid = rid_of(doc)
    assert catalog.getIndexDataForRID(rid)[INDEX] == encryption.personal_number_key(EGN)
    assert found("cipherclerk", **{INDEX: encryption.personal_number_keys("800215 4417")}) == {
        doc.UID()
    }
    assert found("cipherclerk", **{INDEX: EGN}) == set()  # the clear number is nowhere
    assert other.UID() not in found("cipherclerk", **{INDEX: encryption.personal_number_key(EGN)})


def test_what_is_not_an_egn_is_kept_but_not_indexed(site):
    doc = letter(site, personal_number="ЛНЧ неизвестен")
    catalog = api.portal.get_tool("portal_catalog")
    rid = rid_of(doc)
    assert not catalog.getIndexDataForRID(rid).get(INDEX)
    assert doc.sender_personal_number == "ЛНЧ неизвестен"
    assert "неизвестен" not in repr(state_of(doc))


def test_the_register_page_searches_by_egn_for_the_registrar_only(site):
    doc = letter(site)
    letter(site, personal_number="8002154425", title="Друга молба")
    register = site.registry.incoming
    request = site.REQUEST
    request.form.update(personal_number="800215 4417")
    with api.env.adopt_user("cipherclerk"):
        view = api.content.get_view("register-view", register, request)
        page = view()
        assert [r["url"] for r in view.rows()] == [doc.absolute_url()]
        assert 'name="personal_number"' in page
    with api.env.adopt_user("cipherpeer"):
        view = api.content.get_view("register-view", register, request)
        page = view()
        assert view.rows() == [] and 'name="personal_number"' not in page
        assert view.error and "ЕГН" in view.error
    request.form.update(personal_number="12345")
    with api.env.adopt_user("cipherclerk"):
        view = api.content.get_view("register-view", register, request)
        view()
        assert view.rows() == [] and view.error


def test_rotation_moves_tokens_and_search_keys_without_losing_a_search(site):
    doc = letter(site)
    old_token = state_of(doc)["_sender_personal_number_token"]
    keyring.add_key(keyring.FERNET)
    keyring.add_key(keyring.HMAC)
    # while nothing is re-encrypted, the letter reads and is found (queries ask every key)
    assert doc.sender_personal_number == EGN
    assert doc.UID() in found("cipherclerk", **{INDEX: encryption.personal_number_keys(EGN)})
    assert stale(site) == 2
    counts = refresh_all(site, batch_size=1, commit=lambda: None)
    assert counts["written"] >= 1 and stale(site) == 0
    assert state_of(doc)["_sender_personal_number_token"] != old_token
    assert doc.sender_personal_number == EGN
    assert doc.UID() in found("cipherclerk", **{INDEX: encryption.personal_number_key(EGN)})
    # the older keys can go now
    keyring.remove_key(keyring.FERNET, 1)
    keyring.remove_key(keyring.HMAC, 1)
    assert doc.sender_address == ADDRESS
    assert found("cipherclerk", **{INDEX: encryption.personal_number_keys(EGN)}) == {doc.UID()}


def test_the_types_with_encrypted_fields_are_found_by_their_class(site):
    special = {"description", "body", "recipients"}  # while marked (registry.special)
    assert {a.name for a in encrypted_types(site)["IncomingDocument"]} == {
        "sender_personal_number",
        "sender_address",
    } | special
    assert {a.name for a in encrypted_types(site)["OutgoingDocument"]} == special


def test_a_token_no_key_opens_reads_as_empty_not_as_an_error(site, caplog):
    """An old version keeps the token it was saved with; once its key is retired, the page
    of that version shows no address rather than failing."""
    doc = letter(site)
    keyring.add_key(keyring.FERNET)
    keyring.remove_key(keyring.FERNET, 1)
    assert doc.sender_address is None
    assert "sender_address" in caplog.text and "Шипка" not in caplog.text
