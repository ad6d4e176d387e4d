"""Rules of the protocol's life and publication (no Zope): periods, approval, requests,
publication deadlines, presence moves, the deciding poll, the evidence pack."""

import datetime
import io
import json
import pytest
from ratusha.council import quorum
from ratusha.council.protocol import evidence
from ratusha.council.protocol import protocol_rules
from test_council_opendata import sample_session
import zipfile


D = datetime.date


@pytest.mark.parametrize(
    "start, days, today, expected",
    [
        (D(2026, 3, 3), 7, D(2026, 3, 3), True),
        (D(2026, 3, 3), 7, D(2026, 3, 10), True),  # the 7th day after is the last one
        (D(2026, 3, 3), 7, D(2026, 3, 11), False),
        (D(2026, 3, 3), 1, D(2026, 3, 4), True),
        (D(2026, 3, 3), 1, D(2026, 3, 5), False),
        (D(2026, 3, 3), 0, D(2026, 3, 3), False),  # no period: over at once
        (None, 7, D(2026, 3, 3), False),  # not started
        (D(2026, 12, 28), 7, D(2027, 1, 4), True),  # over the new year
    ],
)
def test_correction_period(start, days, today, expected):
    assert protocol_rules.period_open(start, days, today) is expected


def facts(**values):
    base = dict(
        today=D(2026, 3, 20),
        correction_started=D(2026, 3, 3),
        correction_days=7,
        unresolved=0,
        mode="in_person",
        recording_url="",
    )
    return protocol_rules.ApprovalFacts(**(base | values))


@pytest.mark.parametrize(
    "values, codes",
    [
        ({}, []),
        ({"today": D(2026, 3, 10)}, ["corrections-open"]),
        ({"unresolved": 2}, ["unresolved"]),
        ({"today": D(2026, 3, 5), "unresolved": 1}, ["corrections-open", "unresolved"]),
        ({"correction_started": None}, ["not-in-correction"]),
        ({"mode": "remote"}, ["no-recording"]),
        ({"mode": "hybrid", "recording_url": "ftp://x"}, ["no-recording"]),
        ({"mode": "remote", "recording_url": "https://video.example/rec/12"}, []),
        ({"mode": "in_person", "correction_days": 0, "today": D(2026, 3, 3)}, []),
    ],
)
def test_approval_problems(values, codes):
    assert [p.code for p in protocol_rules.approval_problems(facts(**values))] == codes


def test_approval_names_the_last_day():
    problem = protocol_rules.approval_problems(facts(today=D(2026, 3, 4)))[0]
    assert problem.values == {"deadline": D(2026, 3, 10)}


@pytest.mark.parametrize(
    "state, councillor, start, today, text, code",
    [
        ("protocol_correction", True, D(2026, 3, 3), D(2026, 3, 4), "Поправка", None),
        ("protocol_correction", False, D(2026, 3, 3), D(2026, 3, 4), "Поправка", "not-councillor"),
        ("closed", True, None, D(2026, 3, 4), "Поправка", "not-open"),
        ("protocol_approved", True, D(2026, 3, 3), D(2026, 3, 4), "Поправка", "not-open"),
        ("protocol_correction", True, D(2026, 3, 3), D(2026, 3, 11), "Поправка", "period-over"),
        ("protocol_correction", True, D(2026, 3, 3), D(2026, 3, 4), "   ", "empty"),
        ("protocol_correction", True, D(2026, 3, 3), D(2026, 3, 4), "x" * 5001, "too-long"),
    ],
)
def test_filing(state, councillor, start, today, text, code):
    problem = protocol_rules.filing_problem(state, councillor, start, 7, today, text)
    assert (problem.code if problem else None) == code


@pytest.mark.parametrize(
    "status, decision, note, code",
    [
        ("pending", "accepted", "", None),
        ("pending", "rejected", "Не е казано така.", None),
        ("pending", "rejected", " ", "note-needed"),
        ("pending", "maybe", "", "bad-decision"),
        ("accepted", "rejected", "late", "already-resolved"),
    ],
)
def test_resolution(status, decision, note, code):
    problem = protocol_rules.resolution_problem(status, decision, note)
    assert (problem.code if problem else None) == code


@pytest.mark.parametrize(
    "ended, days, published, today, expected",
    [
        (D(2026, 3, 3), 7, None, D(2026, 3, 10), "due"),
        (D(2026, 3, 3), 7, None, D(2026, 3, 11), "overdue"),
        (D(2026, 3, 3), 7, D(2026, 3, 10), D(2026, 4, 1), "published"),
        (D(2026, 3, 3), 7, D(2026, 3, 12), D(2026, 4, 1), "late"),
        (D(2026, 3, 3), 0, None, D(2026, 3, 3), "due"),
        (D(2026, 3, 3), 0, None, D(2026, 3, 4), "overdue"),
    ],
)
def test_publication_status(ended, days, published, today, expected):
    assert protocol_rules.publication_status(ended, days, published, today) == expected
    assert protocol_rules.publication_deadline(ended, days) == ended + datetime.timedelta(days=days)


def ev(user, kind, source, at, seq=0):
    return quorum.PresenceEvent(user, kind, source, at, seq)


def test_presence_moves_merge_sources_and_start_at_the_opening():
    events = [
        ev("a", "arrive", "staff", 100, 1),
        ev("b", "arrive", "video", 110, 2),
        ev("b", "arrive", "staff", 120, 3),  # already present by video: no second arrival
        ev("a", "leave", "staff", 300, 4),
        ev("a", "return", "staff", 400, 5),
        ev("b", "leave", "video", 500, 6),  # still in the hall: no departure
        ev("c", "arrive", "staff", 600, 7),
    ]
    assert protocol_rules.presence_moves(events, video_counts=True, since=200) == [
        ("a", "left", 300),
        ("a", "arrived", 400),
        ("c", "arrived", 600),
    ]
    assert protocol_rules.presence_moves(events, video_counts=True)[:2] == [
        ("a", "arrived", 100),
        ("b", "arrived", 110),
    ]
    # video does not count in a session in the hall
    assert ("b", "arrived", 110) not in protocol_rules.presence_moves(events, video_counts=False)


def test_deciding_poll_is_the_last_with_a_result():
    session = sample_session()
    budget, sale, election, procedural = session.items
    assert protocol_rules.deciding_poll(budget).id == "p1"
    assert protocol_rules.result_of(protocol_rules.deciding_poll(budget)) == "adopted"
    assert protocol_rules.result_of(protocol_rules.deciding_poll(sale)) == "rejected"
    assert protocol_rules.result_of(protocol_rules.deciding_poll(election)) == "elected"
    assert protocol_rules.result_of(None) == ""


def test_evidence_pack_of_a_named_vote():
    session = sample_session()
    data = zipfile.ZipFile(io.BytesIO(evidence.pack(session, 0, b"%PDF-1.4 excerpt")))
    names = set(data.namelist())
    assert names == {"evidence.json", "votes.csv", "decision-123.pdf", "SHA256SUMS"}
    found = json.loads(data.read("evidence.json"))
    assert found["decision"]["number"] == "123"
    assert found["item"]["legal_basis"] == "ЗМСМА чл. 21 ал. 1 т. 6"
    assert found["poll"]["majority"]["base"] == "all"
    assert found["poll"]["majority"]["required"] == 11
    assert found["poll"]["majority"]["citation"] == "чл. 27 ал. 4 и ал. 5 ЗМСМА"
    assert found["quorum"]["required"] == 11
    assert [q["present"] for q in found["quorum"]["checks_before_vote"]] == [19]
    present = [row for row in found["attendance_at_vote"] if row["present"]]
    assert len(present) == 19 and len(found["votes"]) == 21
    votes = {row["councillor_id"]: row["vote"] for row in found["votes"]}
    assert votes["councillor01"] == "yes" and votes["councillor21"] == "absent"
    sums = data.read("SHA256SUMS").decode("ascii")
    assert "evidence.json" in sums and "decision-123.pdf" in sums


def test_evidence_pack_of_a_secret_ballot_has_totals_only():
    session = sample_session()
    data = zipfile.ZipFile(io.BytesIO(evidence.pack(session, 2)))
    found = json.loads(data.read("evidence.json"))
    assert "votes" not in found and "votes.csv" not in data.namelist()
    assert found["poll"]["counts"] == {"councillor03": 12, "councillor09": 6}
