"""GET @administration-report over real HTTP: its numbers are the registers' own, who may read
it, and bad filters. The clock is frozen: the documents are registered and answered in November
2026 and the report is read on 7 December 2026."""

from collections import Counter
import datetime
from plone import api
import pytest
from ratusha.core.dates import SOFIA
from ratusha.registry import actions
from registry_helpers import act
from registry_helpers import incoming
from registry_helpers import outgoing
from registry_helpers import PASSWORD
import transaction


NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def at(time_machine, month, day, hour=10):
    time_machine.move_to(datetime.datetime(2026, month, day, hour, 0, tzinfo=SOFIA), tick=False)


def november(portal, time_machine):
    """A month of the registry: three letters received, one sent, one answer late."""
    at(time_machine, 11, 2)  # Monday
    answered = incoming(portal, title="Жалба за осветлението")
    late = incoming(portal, title="Сигнал за сметище", department="dep-taxes")
    filed = incoming(portal, title="Покана за събрание")
    with api.env.adopt_user("head"):
        actions.issue_resolution(answered, ["writer"], "Отговорете.", deadline="2026-11-06")
    with api.env.adopt_user("mayor"):
        actions.issue_resolution(late, ["outsider"], "Проверете.", deadline="2026-11-04")
    at(time_machine, 11, 5)
    act("head", answered, "answer")  # 3 working days, before its deadline
    at(time_machine, 11, 9)
    act("clerk", filed, "close")  # 5 working days, no deadline
    at(time_machine, 11, 10)
    sent = outgoing(portal, approvers=("mayor",), title="Отговор на жалбата")
    act("writer", sent, "submit")
    act("mayor", sent, "approve_final")
    act("mayor", sent, "sign")
    act("clerk", sent, "register")
    at(time_machine, 12, 7)
    transaction.commit()
    return [answered, late, filed, sent]


def report(session, portal, **params):
    return session.get(f"{portal.absolute_url()}/@administration-report", params=params)


class TestAdministrationReport:
    def test_figures_agree_with_the_registers(self, http_people, api_session, time_machine):
        portal = http_people
        docs = november(portal, time_machine)
        mayor = api_session("mayor", PASSWORD)
        reply = report(mayor, portal, **NOVEMBER)
        assert reply.status_code == 200, reply.text
        data = reply.json()
        documents = data["documents"]
        # what the register's own REST says about each document
        registry = [mayor.get(doc.absolute_url()).json() for doc in docs]
        received = Counter(
            d["registry"]["department"] for d in registry if d["@type"] == "IncomingDocument"
        )
        sent = Counter(
            d["registry"]["department"] for d in registry if d["@type"] == "OutgoingDocument"
        )
        overdue = [d for d in registry if d["registry"]["deadline_status"] == "overdue"]
        assert {r["department"]: r["received"] for r in documents["rows"] if r["received"]} == (
            dict(received)
        )
        assert {r["department"]: r["sent"] for r in documents["rows"] if r["sent"]} == dict(sent)
        assert {r["month"] for r in documents["rows"]} == {"2026-11"}
        assert documents["overdue_now"] == len(overdue) == 1
        assert documents["overdue_by_department"] == [
            {"department": "dep-taxes", "department_title": "Данъци", "count": 1}
        ]
        total = documents["total"]
        assert (total["received"], total["sent"]) == (3, 1)
        assert (total["due"], total["on_time"], total["share_on_time"]) == (2, 1, 0.5)
        assert (total["answered"], total["average_working_days"]) == (2, 4.0)
        assert data["participation"]["status"] == "not-yet"
        assert data["meetings"]["held"] == 0
        assert data["council"]["sessions"] == 0
        # the department filter
        taxes = report(mayor, portal, department="dep-taxes", **NOVEMBER).json()["documents"]
        assert (taxes["total"]["received"], taxes["total"]["sent"], taxes["overdue_now"]) == (
            1,
            0,
            1,
        )
        # a period without documents: no share, no average (not zero); overdue stays
        october = report(mayor, portal, **{"from": "2026-10-01", "to": "2026-10-31"}).json()
        assert october["documents"]["rows"] == []
        assert october["documents"]["total"]["share_on_time"] is None
        assert october["documents"]["overdue_now"] == 1

    def test_who_may_read_it(self, http_people, api_session):
        portal = http_people
        for user in ("secretary", "mayor"):
            reply = report(api_session(user, PASSWORD), portal)
            assert reply.status_code == 200, user
            assert "documents" in reply.json() and "council" in reply.json()
        chair = report(api_session("chair", PASSWORD), portal)
        assert chair.status_code == 200
        assert "documents" not in chair.json() and "meetings" not in chair.json()
        assert chair.json()["council"]["sessions"] == 0
        for user in ("writer", "head", "clerk", "councillor"):
            assert report(api_session(user, PASSWORD), portal).status_code == 403, user
        assert report(api_session(), portal).status_code == 401

    @pytest.mark.parametrize(
        ("params", "words"),
        [
            ({"from": "1.11.2026"}, "ГГГГ-ММ-ДД"),
            ({"from": "2026-12-01", "to": "2026-11-01"}, "свършва преди"),
            ({"from": "2019-01-01", "to": "2026-11-01"}, "пет години"),
            ({"department": "dep-nowhere"}, "отдел"),
            ({"from": ["2026-01-01", "2026-02-01"]}, "ГГГГ-ММ-ДД"),
        ],
    )
    def test_bad_filters(self, http_people, api_session, params, words):
        """In Bulgarian, the site's language."""
        reply = report(api_session("mayor", PASSWORD), http_people, **params)
        assert reply.status_code == 400
        error = reply.json()["error"]
        assert error["type"] == "BadRequest"
        assert words in error["message"]
