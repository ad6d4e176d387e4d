"""Session record and open data: JSON and CSV of every poll and councillor vote (no Zope).

`sample_session()` is a 21-councillor session with one poll of every mode; the protocol tests
render it too.
"""

import csv
import datetime
import io
import json
import pytest
from ratusha.council import majority
from ratusha.council import opendata
from ratusha.council.opendata import AgendaItem
from ratusha.council.opendata import AttendanceEvent
from ratusha.council.opendata import CommitteeOpinion
from ratusha.council.opendata import ConflictDeclaration
from ratusha.council.opendata import Councillor
from ratusha.council.opendata import Poll
from ratusha.council.opendata import QuorumCheck
from ratusha.council.opendata import Session


UTC = datetime.UTC
NAMES = (
    "Мария Иванова",
    "Георги Петров",
    "Елена Димитрова",
    "Иван Георгиев",
    "Николай Стоянов",
    "Светла Николова",
    "Петър Василев",
    "Даниела Христова",
    "Стефан Тодоров",
    "Ивайло Колев",
    "Радостина Маринова",
    "Христо Ангелов",
    "Веселин Илиев",
    "Анелия Костова",
    "Борислав Митев",
    "Цветелина Йорданова",
    "Тодор Русев",
    "Милена Павлова",
    "Кирил Станев",
    "Надежда Атанасова",
    "Пламен Генов",
)
IDS = tuple(f"councillor{n:02d}" for n in range(1, 22))
GROUPS = ("ПГ „Развитие“", "ПГ „Граждани“", "независим")


def at(hour, minute, day=26):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def named_poll(poll_id, title, mode, present, votes, rule, eligible=None):
    eligible = tuple(eligible or present)
    poll = Poll(
        poll_id,
        title,
        mode,
        present=tuple(present),
        eligible=eligible,
        votes=votes,
        opened=at(9, 0),
        closed=at(9, 5),
    )
    counts = poll.counts()
    poll.outcome = majority.evaluate(
        rule, 21, len(present), counts["yes"], counts["no"], counts["abstain"]
    ).to_dict()
    return poll


def sample_session(number="12", day=26, absent=("councillor20", "councillor21")):
    """Budget (named), property sale with a conflict (roll call, rejected), election of a deputy
    chair (secret), a procedural show of hands."""
    present = tuple(i for i in IDS if i not in absent)
    late = tuple(dict.fromkeys([i for i in present if i != "councillor05"] + ["councillor20"]))
    budget_votes = {i: "yes" for i in present[:14]} | {
        present[14]: "no",
        present[15]: "no",
        present[16]: "abstain",
    }
    sale_votes = {i: "yes" for i in late[:10] if i != "councillor07"} | {late[12]: "no"}
    budget = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 6")
    sale = majority.rule_for("ЗМСМА чл. 21 ал. 1 т. 8")
    election = Poll(
        "p3",
        "Избор на заместник-председател",
        "secret",
        present=late,
        options=("councillor03", "councillor09"),
        totals={"councillor03": 12, "councillor09": 6},
    )
    election.elected = majority.evaluate_election(21, election.totals) or ""
    hands = Poll(
        "p4",
        "Удължаване на заседанието",
        "show_of_hands",
        present=late,
        totals={"yes": 15, "no": 2, "abstain": 1},
    )
    hands.outcome = majority.evaluate(majority.DEFAULT_RULE, 21, len(late), 15, 2, 1).to_dict()
    return Session(
        council="Общински съвет – Бяла",
        number=number,
        date=datetime.date(2026, 3, day),
        seats=21,
        term="2023–2027",
        kind="regular",
        place="заседателната зала",
        chair="Мария Иванова",
        recorder="Петя Стоянова",
        councillors=[Councillor(i, n, GROUPS[k % 3]) for k, (i, n) in enumerate(zip(IDS, NAMES))],
        present_at_opening=present,
        opened=at(8, 0, day),
        attendance=[
            AttendanceEvent("councillor20", "arrived", at(8, 40, day)),
            AttendanceEvent("councillor05", "left", at(10, 10, day)),
        ],
        quorum_checks=[
            QuorumCheck(at(8, 2, day), 19, 21, True),
            QuorumCheck(at(10, 15, day), 19, 21, True),
        ],
        items=[
            AgendaItem(
                "1",
                "Приемане на бюджета на Община Бяла за 2026 г.",
                "кмет на общината",
                "ЗМСМА чл. 21 ал. 1 т. 6",
                opinions=[CommitteeOpinion("ПК по бюджет и финанси", "положително")],
                polls=[
                    named_poll(
                        "p1",
                        "Проектът за решение като цяло",
                        "named",
                        present,
                        budget_votes,
                        budget,
                    )
                ],
                decision_number="123",
                decision_text="Приема бюджета за 2026 г.",
            ),
            AgendaItem(
                "2",
                "Продажба на УПИ II-45, кв. 12",
                "зам.-кмет",
                "ЗМСМА чл. 21 ал. 1 т. 8",
                conflicts=[
                    ConflictDeclaration(
                        "councillor07", at(9, 30, day), "Съпругата ми участва в търга."
                    )
                ],
                polls=[
                    named_poll(
                        "p2",
                        "Проектът за решение",
                        "roll_call",
                        late,
                        sale_votes,
                        sale,
                        eligible=[i for i in late if i != "councillor07"],
                    )
                ],
            ),
            AgendaItem(
                "3",
                "Избор на заместник-председател",
                "председателят",
                "ЗМСМА чл. 24",
                polls=[election],
                decision_number="124",
                decision_text="Избира Елена Димитрова за заместник-председател.",
            ),
            AgendaItem("4", "Процедурно предложение", polls=[hands]),
        ],
    )


def read_csv(data):
    assert data.startswith("\ufeff".encode("utf-8"))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_record_round_trips_through_json():
    session = sample_session()
    data = json.loads(opendata.to_json(session.to_dict()))
    assert data["items"][0]["polls"][0]["opened"] == "2026-03-26T09:00:00+00:00"
    assert Session.from_dict(data) == session


def test_poll_rows():
    rows = opendata.poll_rows(sample_session())
    budget, sale, election, hands = rows
    assert (budget["yes"], budget["no"], budget["abstain"], budget["not_voted"]) == (14, 2, 1, 2)
    assert budget["result"] == "adopted" and budget["required"] == 11 and budget["base"] == "all"
    assert budget["decision_number"] == "123" and budget["legal_basis"] == "ЗМСМА чл. 21 ал. 1 т. 6"
    assert sale["result"] == "rejected" and sale["yes"] == 9 and sale["eligible"] == 18
    assert election["yes"] == "" and election["result"] == "elected"
    assert json.loads(election["option_totals"]) == {"councillor03": 12, "councillor09": 6}
    assert hands["result"] == "adopted" and hands["mode"] == "show_of_hands"


def test_vote_rows_include_absences_and_cover_named_polls_only():
    rows = opendata.vote_rows(sample_session())
    assert {row["poll"] for row in rows} == {"p1", "p2"} and len(rows) == 42
    votes = {(row["poll"], row["councillor_id"]): row["vote"] for row in rows}
    assert votes["p1", "councillor01"] == "yes" and votes["p1", "councillor15"] == "no"
    assert votes["p1", "councillor17"] == "abstain" and votes["p1", "councillor18"] == "not_voted"
    assert votes["p1", "councillor20"] == "absent" and votes["p2", "councillor20"] == "not_voted"
    assert votes["p2", "councillor05"] == "absent" and votes["p2", "councillor07"] == "conflict"
    assert set(votes.values()) == set(opendata.VOTE_VALUES)


def test_csv_files_have_bom_header_and_stable_columns():
    session = sample_session()
    polls = read_csv(opendata.polls_csv(session))
    assert tuple(polls[0]) == opendata.POLL_COLUMNS and len(polls) == 4
    assert polls[0]["session_date"] == "2026-03-26" and polls[0]["council"] == session.council
    votes = read_csv(opendata.votes_csv(session))
    assert tuple(votes[0]) == opendata.VOTE_COLUMNS and len(votes) == 42
    row = votes[0]
    assert (row["councillor_name"], row["vote"], row["vote_label"]) == (
        "Мария Иванова",
        "yes",
        "for",
    )
    bulgarian = {"council_vote_absent": "отсъства"}
    translated = read_csv(
        opendata.votes_csv(
            session, lambda msgid, default, mapping=None: bulgarian.get(msgid, default)
        )
    )
    assert {r["vote_label"] for r in translated if r["vote"] == "absent"} == {"отсъства"}


def test_session_json_keeps_secret_ballots_as_totals():
    data = opendata.session_json(sample_session())
    json.dumps(data)
    budget, _sale, election, hands = data["polls"]
    assert len(budget["votes"]) == 21 and budget["counts"] == {"yes": 14, "no": 2, "abstain": 1}
    assert budget["explanation"].startswith("adopted: 14 for, of required 11 = more than half")
    assert "votes" not in election and "votes" not in hands
    assert election["counts"] == {"councillor03": 12, "councillor09": 6}
    assert election["elected"] == "Елена Димитрова"
    assert [d["decision_number"] for d in data["decisions"]] == ["123", "124"]
    assert data["present_at_opening"][-1] == "councillor19"


def test_term_per_councillor():
    sessions = [sample_session("13", 30, absent=("councillor02",)), sample_session()]
    data = opendata.term_json(sessions)
    people = {person["id"]: person for person in data["councillors"]}
    assert len(people) == 21
    second = people["councillor02"]
    assert [v["session"] for v in second["votes"]] == ["12", "12", "13", "13"]  # by date
    assert second["summary"]["absent"] == 2 and second["summary"]["yes"] == 2
    assert sum(people["councillor20"]["summary"].values()) == 4
    rows = read_csv(opendata.term_votes_csv(sessions, councillor="councillor20"))
    assert [(r["session"], r["poll"], r["vote"]) for r in rows] == [
        ("12", "p1", "absent"),
        ("12", "p2", "not_voted"),
        ("13", "p1", "not_voted"),
        ("13", "p2", "not_voted"),
    ]
    everyone = read_csv(opendata.term_votes_csv(sessions))
    assert len(everyone) == 84 and everyone[0]["councillor_id"] == "councillor01"


def test_totals_only_polls_refuse_personal_votes():
    with pytest.raises(ValueError):
        Poll("x", "secret", "secret", present=IDS, votes={"councillor01": "yes"})
    with pytest.raises(ValueError):
        Poll("x", "unknown mode", "acclamation")
    assert not Poll("y", "secret yes/no", "secret", options=("yes", "no", "abstain")).election
