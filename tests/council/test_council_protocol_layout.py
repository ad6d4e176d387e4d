"""The session protocol as PDF (text checked with pdftotext) and ODT (a valid ODF package)."""

import io
import pytest
from ratusha.council.opendata import Session
from ratusha.council.protocol import layout
import re
import shutil
import subprocess
from test_council_opendata import sample_session
import xml.etree.ElementTree as ElementTree
import zipfile


# The few Bulgarian texts these tests read; the site's catalogue has them all.
BULGARIAN = {
    "council_vote_yes": "за",
    "council_vote_no": "против",
    "council_vote_abstain": "въздържал се",
    "council_vote_not_voted": "не гласува",
    "council_vote_absent": "отсъства",
    "council_vote_conflict": "конфликт на интереси",
    "council_protocol_title": "ПРОТОКОЛ № ${number}",
    "council_protocol_decision": "РЕШЕНИЕ № ${number}",
    "council_protocol_conflicts": "Декларации за конфликт на интереси",
    "council_majority_adopted_all": "прието: ${yes} „за“ при необходими ${required} = повече "
    "от половината от ${seats} съветници, ${citation}",
}


def bulgarian(msgid, default, mapping=None):
    return layout.default_translate(msgid, BULGARIAN.get(msgid, default), mapping)


def pdf_text(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "protocol.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def expected_rows(session, poll):
    labels = {value: BULGARIAN[msgid] for value, (msgid, _default) in layout.VOTE_LABELS.items()}
    return [
        (str(n), person.name, person.group, labels[poll.vote_of(person.id)])
        for n, person in enumerate(session.councillors, 1)
    ]


def test_pdf_has_every_councillor_vote_and_the_decisions(tmp_path):
    session = sample_session()
    data = layout.render_pdf(session, bulgarian)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "ПРОТОКОЛ № 12" in lines and "Общински съвет – Бяла" in lines
    for item in session.items[:2]:
        for number, name, group, vote in expected_rows(session, item.polls[0]):
            row = re.compile(rf"^{number} {re.escape(name)} {re.escape(group)} {vote}$")
            assert any(row.match(line) for line in lines), (item.polls[0].id, name, vote)
    assert "РЕШЕНИЕ № 123" in lines and "РЕШЕНИЕ № 124" in lines
    flat = " ".join(lines)
    assert (
        "прието: 14 „за“ при необходими 11 = повече от половината от 21 съветници, "
        "чл. 27 ал. 4 и ал. 5 ЗМСМА"
    ) in flat
    assert "Съпругата ми участва в търга." in flat and "Приема бюджета за 2026 г." in flat
    assert "Elected: Елена Димитрова" in flat  # untranslated labels fall back to English
    secret_section = flat.split("Vote: Избор на заместник-председател")[1].split("РЕШЕНИЕ № 124")[0]
    assert not any(
        person.name
        in secret_section.replace("Elected: Елена Димитрова", "")
        .replace("Елена Димитрова: 12", "")
        .replace("Стефан Тодоров: 6", "")
        for person in session.councillors
    )


def test_pdf_in_english_by_default(tmp_path):
    text = pdf_text(layout.render_pdf(sample_session()), tmp_path)
    flat = " ".join(text.split())
    assert "PROTOCOL No. 12" in flat and "DECISION No. 123" in flat
    assert "1 Мария Иванова ПГ „Развитие“ for" in flat
    assert "20 Надежда Атанасова ПГ „Граждани“ absent" in flat
    assert "Page 1 of" in flat and "quorum present" in flat
    assert "for: 15, against: 2, abstained: 1, did not vote: 1" in flat


def odt_parts(data):
    package = zipfile.ZipFile(io.BytesIO(data))
    first = package.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert package.testzip() is None
    return package


def test_odt_is_a_valid_package_with_the_same_text():
    session = sample_session()
    package = odt_parts(layout.render_odt(session, bulgarian))
    manifest = ElementTree.fromstring(package.read("META-INF/manifest.xml"))
    ns = {"m": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"}
    paths = {entry.get(f"{{{ns['m']}}}full-path") for entry in manifest.findall("m:file-entry", ns)}
    assert paths == {"/", "content.xml", "styles.xml", "meta.xml"}
    for name in ("styles.xml", "meta.xml"):
        ElementTree.fromstring(package.read(name))
    content = ElementTree.fromstring(package.read("content.xml"))
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    rows = [
        tuple("".join(cell.itertext()) for cell in row.iter(f"{{{table}}}table-cell"))
        for row in content.iter(f"{{{table}}}table-row")
    ]
    for item in session.items[:2]:
        for row in expected_rows(session, item.polls[0]):
            assert row in rows
    for element in content.iter(f"{{{table}}}table"):
        columns = len(element.findall(f"{{{table}}}table-column"))
        assert all(
            len(row.findall(f"{{{table}}}table-cell")) == columns
            for row in element.iter(f"{{{table}}}table-row")
        )
    text = " ".join(content.itertext())
    assert "РЕШЕНИЕ № 123" in text and "РЕШЕНИЕ № 124" in text and "ПРОТОКОЛ № 12" in text


def test_blocks_escape_markup_and_follow_the_data():
    session = sample_session()
    session.items[0].title = "Бюджет <2026> & „резерв“"
    data = layout.render_odt(session)
    content = odt_parts(data).read("content.xml").decode()
    assert "Бюджет &lt;2026&gt; &amp; „резерв“" in content
    ElementTree.fromstring(content)
    again = Session.from_dict(session.to_dict())
    assert layout.blocks(again) == layout.blocks(session)
    remote = sample_session()
    remote.mode, remote.remote_basis = "remote", "Заповед № РД-01-123/12.03.2026 г."
    texts = [b.text for b in layout.blocks(remote)]
    assert "remote, by video conference (чл. 28а ЗМСМА)" in texts
    assert "Заповед № РД-01-123/12.03.2026 г." in texts


def test_zope_translate_uses_the_catalogue_or_the_default():
    translate = layout.zope_translate("bg")
    assert translate("council_vote_absent", "absent") in ("отсъства", "absent")
    assert translate("council_protocol_title", "PROTOCOL No. ${number}", {"number": 7}) in (
        "ПРОТОКОЛ № 7",
        "PROTOCOL No. 7",
    )
