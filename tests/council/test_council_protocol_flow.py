"""The protocol of a closed session: its record, its text (pdftotext), the correction period
and its guard, freezing at approval, the recording of sessions held by video."""

from council_helpers import COUNCILLORS
from council_helpers import STAFF
from council_protocol_helpers import ABSTAIN
from council_protocol_helpers import age_period
from council_protocol_helpers import approved
from council_protocol_helpers import DRAFT
from council_protocol_helpers import met_session
from council_protocol_helpers import NO
from council_protocol_helpers import PRESENT
from council_protocol_helpers import step
from council_protocol_helpers import YES
from council_voting_helpers import budget_item
import hashlib
from plone import api
import pytest
from ratusha.core.rest import InputError
from ratusha.council.lifecycle import problems
from ratusha.council.protocol import corrections
from ratusha.council.protocol import render
from ratusha.council.protocol import storage
from ratusha.council.protocol.record import current_record
from ratusha.council.protocol.record import session_record
import shutil
import subprocess


def pdf_lines(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "protocol.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


def test_record_of_a_closed_session(council):
    session = met_session()
    record = session_record(session)
    assert record.seats == 21 and len(record.councillors) == 21
    assert record.councillors[0].name == "Съветник 01"
    assert set(record.present_at_opening) == set(PRESENT)
    assert [(e.councillor, e.kind) for e in record.attendance] == [(PRESENT[18], "left")]
    assert [(q.present, q.met) for q in record.quorum_checks] == [(19, True)]
    budget = record.items[0]
    assert budget.legal_basis == "ЗМСМА чл. 21 ал. 1 т. 6"
    assert budget.decision_number == "1" and DRAFT in budget.decision_text
    poll = budget.polls[0]
    assert poll.mode == "named" and poll.outcome["adopted"] is True
    assert {poll.vote_of(u) for u in YES} == {"yes"} and poll.vote_of(NO[0]) == "no"
    assert poll.vote_of(ABSTAIN[0]) == "abstain" and poll.vote_of(PRESENT[18]) == "not_voted"
    assert poll.vote_of(COUNCILLORS[20]) == "absent"
    assert not record.items[1].decision_number  # the information item decides nothing


def test_protocol_pdf_has_attendance_named_votes_and_decision(council, tmp_path):
    session = met_session()
    lines = pdf_lines(render.protocol_pdf(session_record(session)), tmp_path)
    flat = " ".join(lines)
    assert f"ПРОТОКОЛ № {session.number}" in lines
    assert "РЕШЕНИЕ № 1" in lines and DRAFT in flat
    # attendance: present at the opening, absent, and the departure after the vote
    assert any(line.startswith("1 Съветник 01") and "присъства" in line for line in lines)
    assert any(line.startswith("21 Съветник 21") and "отсъства" in line for line in lines)
    assert any(line.startswith("19 Съветник 19") and "напуска" in line for line in lines), [
        line for line in lines if "Съветник 19" in line
    ]
    # the named vote: every councillor with their vote
    expected = {
        **{u: "за" for u in YES},
        **{u: "против" for u in NO},
        **{u: "въздържал се" for u in ABSTAIN},
        PRESENT[18]: "не гласува",
        COUNCILLORS[19]: "отсъства",
        COUNCILLORS[20]: "отсъства",
    }
    for number, user in enumerate(COUNCILLORS, 1):
        row = f"{number} Съветник {user[-2:]} {expected[user]}"
        assert any(line == row or line.startswith(row + " ") for line in lines), row


def test_correction_period_and_its_guard(council):
    session = met_session()
    assert problems(session, "approve_protocol")  # not in correction yet
    step(session, "start_correction")
    period = corrections.period(session)
    assert period["open"] and period["days"] == 7
    # the period runs: approval waits
    found = problems(session, "approve_protocol")
    assert len(found) == 1 and found[0].default.startswith("Councillors may ask")
    with api.env.adopt_user(username=COUNCILLORS[3]):
        entry = corrections.file_request(session, COUNCILLORS[3], "Гласувах „против“.")
    assert corrections.unresolved(session) == 1
    age_period(session, 8)
    assert not corrections.period(session)["open"]
    found = problems(session, "approve_protocol")
    assert [p.default for p in found] == ["${count} correction request(s) are not settled yet."]
    with pytest.raises(InputError):
        corrections.file_request(session, COUNCILLORS[4], "Твърде късно.")
    with api.env.adopt_user(username=STAFF):
        corrections.resolve(session, entry["id"], "rejected", "Записът го потвърждава.", STAFF)
    assert problems(session, "approve_protocol") == []
    step(session, "approve_protocol")
    assert api.content.get_state(session) == "protocol_approved"


def test_approval_freezes_the_protocol(council):
    session = met_session()
    approved(session)
    frozen = storage.frozen(session)
    pdf = session[f"protocol-{session.number}.pdf"]
    odt = session[f"protocol-{session.number}.odt"]
    assert pdf.UID() == frozen["pdf"] and odt.UID() == frozen["odt"]
    assert pdf.file.data.startswith(b"%PDF") and odt.file.data.startswith(b"PK")
    assert hashlib.sha256(pdf.file.data).hexdigest() == frozen["pdf_sha256"]
    # later changes of the data do not change the approved protocol
    api.user.get(userid=COUNCILLORS[0]).setMemberProperties({"fullname": "Друго Име"})
    item = budget_item(session)
    item.title = "Променено заглавие"
    record = current_record(session)
    assert record.councillors[0].name == "Съветник 01"
    assert record.items[0].title != "Променено заглавие"
    assert session_record(session).items[0].title == "Променено заглавие"
    assert session[f"protocol-{session.number}.pdf"].file.data == pdf.file.data


def test_remote_session_needs_the_recording_to_be_approved(council):
    from ratusha.council.protocol import details

    session = met_session(mode="hybrid", remote_basis="Заповед № 1 от 01.03.2026")
    step(session, "start_correction")
    age_period(session, 30)
    found = problems(session, "approve_protocol")
    assert [p.default for p in found] == [
        "A session held by video needs the link to its recording (чл. 28а ЗМСМА)."
    ]
    with api.env.adopt_user(username=STAFF):
        details.update(session, {"recording_url": "https://video.example/rec/1"})
    assert problems(session, "approve_protocol") == []
    step(session, "approve_protocol")
    assert current_record(session).recording_url == "https://video.example/rec/1"
