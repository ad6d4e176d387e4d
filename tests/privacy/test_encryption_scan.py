"""The scan the issue asks for: after a clerk registers a citizen's letter with a known ЕГН and
address, no clear value is in the catalog (indexes, metadata, the text index's words), the
audit trail, the log, the REST answers and searches of a colleague who may not read personal
data, or the database's bytes; the clerk still reads both on the page and in REST."""

from Acquisition import aq_base
from encryption_helpers import ADDRESS
from encryption_helpers import EGN
from encryption_helpers import make_people
from encryption_helpers import PASSWORD
import json
import logging
import pathlib
from plone import api
import pytest
import transaction
from ZODB.Connection import TransactionMetaData
from ZODB.FileStorage import FileStorage


SECRETS = (EGN, "800215 4417", ADDRESS, "Шипка")


def clear_values_in(text: str) -> list:
    return [value for value in SECRETS if value in text]


@pytest.fixture
def site(functional, tmp_path, monkeypatch):
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(tmp_path / "keys"))
    make_people()
    transaction.commit()
    return functional["portal"]


@pytest.fixture
def registered(site, api_session, caplog):
    caplog.set_level(logging.DEBUG)
    clerk = api_session("cipherclerk", PASSWORD)
    reply = clerk.post(
        f"{site.absolute_url()}/@registry-register",
        json={
            "register": "incoming",
            "title": "Молба за еднократна помощ",
            "kind": "application",
            "department": "dep-p1",
            "sender_name": "Мария Петрова",
            "sender_personal_number": "800215 4417",
            "sender_address": ADDRESS,
        },
    )
    assert reply.status_code == 201, reply.text
    url = reply.json()["@id"]
    # an edit writes both again
    edited = clerk.patch(url, json={"sender_address": ADDRESS, "sender_personal_number": EGN})
    assert edited.status_code == 204, edited.text
    # a search by the ЕГН on the register page and its CSV export (audited with its filters)
    register = f"{site.absolute_url()}/registry/incoming"
    for view in ("", "/@@register-export"):
        found = clerk.get(
            register + view, params={"personal_number": EGN}, headers={"Accept": "*/*"}
        )
        assert found.status_code == 200 and "Молба за еднократна помощ" in found.text, view
    transaction.begin()
    return url


def test_nothing_clear_in_the_catalog(site, registered):
    catalog = api.portal.get_tool("portal_catalog")
    for rid in catalog._catalog.paths:
        assert not clear_values_in(repr(catalog.getIndexDataForRID(rid))), rid
        assert not clear_values_in(repr(catalog.getMetadataForRID(rid))), rid
    for index in catalog._catalog.indexes.values():
        lexicon = getattr(index, "getLexicon", None)
        if lexicon is not None:
            assert not clear_values_in(" ".join(lexicon().words())), index.getId()


def test_nothing_clear_in_the_audit_trail_and_the_log(site, registered, audit_log, caplog):
    rows = audit_log.store.search(limit=500)
    assert rows and not clear_values_in(json.dumps(rows, default=str, ensure_ascii=False))
    export = audit_log.store.search(limit=1, action="registry.export")[0]
    assert json.loads(export["details"])["filters"] == {"personal_number": "*"}
    assert not clear_values_in("\n".join(record.getMessage() for record in caplog.records))


def test_a_colleague_sees_the_letter_but_no_personal_data(site, registered, api_session):
    peer = api_session("cipherpeer", PASSWORD)
    doc = peer.get(registered)
    assert doc.status_code == 200 and "sender_name" in doc.json()
    assert not clear_values_in(doc.text)
    for query in (
        {"portal_type": "IncomingDocument", "fullobjects": 1},
        {"portal_type": "IncomingDocument", "metadata_fields": "_all"},
        {"SearchableText": "Молба"},
    ):
        found = peer.get(f"{site.absolute_url()}/@search", params=query)
        assert found.status_code == 200 and found.json()["items_total"] >= 1, query
        assert not clear_values_in(found.text), query
    refused = peer.get(f"{site.absolute_url()}/@search", params={"registry_personal_number": EGN})
    assert refused.status_code == 403 and "ЕГН" in refused.json()["message"]
    page = peer.get(registered, headers={"Accept": "text/html"})
    assert page.status_code == 200 and not clear_values_in(page.text)


def test_the_clerk_reads_and_finds_the_clear_values(site, registered, api_session):
    clerk = api_session("cipherclerk", PASSWORD)
    doc = clerk.get(registered).json()
    assert (doc["sender_personal_number"], doc["sender_address"]) == (EGN, ADDRESS)
    found = clerk.get(
        f"{site.absolute_url()}/@search", params={"registry_personal_number": "800215-4417"}
    )
    assert found.status_code == 200, found.text
    assert [item["@id"] for item in found.json()["items"]] == [registered]
    bad = clerk.get(f"{site.absolute_url()}/@search", params={"registry_personal_number": "12"})
    assert bad.status_code == 400 and "десет" in bad.json()["message"]
    page = clerk.get(registered, headers={"Accept": "text/html"}).text
    assert EGN in page and "Шипка" in page


def test_nothing_clear_in_the_database_file(site, registered, tmp_path):
    """The test database is a DemoStorage in memory: its transactions are copied into a
    FileStorage, whose Data.fs is read byte by byte."""
    storage = site._p_jar.db().storage
    data_fs = tmp_path / "Data.fs"
    copy = FileStorage(str(data_fs))
    try:
        for record in storage.changes.iterator():  # what copyTransactionsFrom does
            meta = TransactionMetaData(record.user, record.description, record.extension)
            copy.tpc_begin(meta, record.tid, record.status)
            for change in record:
                copy.restore(change.oid, change.tid, change.data, "", change.data_txn, meta)
            copy.tpc_vote(meta)
            copy.tpc_finish(meta)
    finally:
        copy.close()
    raw = pathlib.Path(data_fs).read_bytes()
    doc = site.unrestrictedTraverse(registered[len(site.absolute_url()) + 1 :])
    token = aq_base(doc).__getstate__()["_sender_personal_number_token"]
    assert token.encode("ascii") in raw and "Мария Петрова".encode() in raw  # the letter is there
    for value in SECRETS:
        for encoding in ("utf-8", "raw_unicode_escape", "utf-16-le"):
            assert value.encode(encoding) not in raw, (value, encoding)
