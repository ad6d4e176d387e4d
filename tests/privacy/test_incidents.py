"""The incident register inside Plone: alerts, lockout storms and chain breaks make drafts,
reminders before the 72 hours go out once, the steps and their refusals, the export."""

import datetime
from incident_helpers import notices
from incident_helpers import people
from plone import api
import pytest
from ratusha.core.rest import InputError
from ratusha.privacy.incidents import acts
from ratusha.privacy.incidents import pdf
from ratusha.privacy.incidents import register
from ratusha.privacy.incidents import reminders
from ratusha.privacy.incidents import serialize
from ratusha.privacy.interfaces import IPersonalDataAlert
from zope.event import notify
from zope.interface import implementer


NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Sofia
H = datetime.timedelta(hours=1)


@implementer(IPersonalDataAlert)
class Alert:
    def __init__(self, when, rule="many_reads", principal="worker"):
        self.rule, self.principal, self.when = rule, principal, when
        self.summary = "Много прочитания на лични данни"
        self.details = {"count": 250, "window_minutes": 60}


@pytest.fixture
def officer(integration, time_machine):
    time_machine.move_to(NOW, tick=False)
    people()
    return integration["portal"]


def test_an_alert_makes_one_draft_incident(officer):
    notify(Alert(NOW - H))
    notify(Alert(NOW - H))  # the same alert again
    [incident] = register.incidents(unrestricted=True)
    assert incident.state() == "reported" and incident.source == "alert"
    assert incident.facts()["discovered"] == NOW - H
    assert "many_reads" in incident.description and incident.source_details["count"] == 250
    assert incident.reported_by is None and "worker" not in dict(incident.get_local_roles())
    assert len(notices("officer", "privacy.incident")) == 1
    notify(Alert(NOW, rule="after_hours"))  # another alert: another incident
    assert len(register.incidents(unrestricted=True)) == 2


def test_a_reminder_goes_out_once_at_its_threshold(officer, time_machine):
    with api.env.adopt_user(username="worker"):
        incident = acts.report({"title": "Изгубена флашка", "discovered": "2026-12-07T10:00"})
    assert reminders.send_reminders(NOW + 23 * H) == {}  # 49 h left
    assert reminders.send_reminders(NOW + 24 * H) == {incident.getId(): "48h"}
    assert reminders.send_reminders(NOW + 25 * H) == {}  # once
    assert notices("officer", "privacy.incident-reminder") == [
        f"Остават 48 ч за уведомяване на КЗЛД за инцидент {incident.getId()} (срок 10.12.2026 10:00)"
    ]
    # the clock call, frozen 10 minutes before the deadline, sends the nearest one only
    time_machine.move_to(NOW + 72 * H - 10 * datetime.timedelta(minutes=1), tick=False)
    assert reminders.run_clock()["reminders"] == {incident.getId(): "6h"}
    assert incident.reminders == ("48h", "24h", "6h")
    assert reminders.send_reminders(NOW + 73 * H) == {incident.getId(): "overdue"}


def test_no_reminder_when_no_notification_is_owed(officer):
    with api.env.adopt_user(username="officer"):
        incident = acts.report({"title": "Писмо до грешен адрес", "discovered": "2026-12-07T10:00"})
        acts.update(incident, {"description": "Писмото е върнато неотворено.", "risk": "none"})
        acts.move(incident, "assess")
    assert reminders.send_reminders(NOW + 70 * H) == {}


def test_the_steps_to_a_late_notification_and_closing(officer, time_machine):
    with api.env.adopt_user(username="officer"):
        incident = acts.report({"title": "Неоторизиран достъп", "discovered": "2026-12-07T10:00"})
        with pytest.raises(InputError) as refused:
            acts.move(incident, "assess")
        assert refused.value.status == 400  # no description, no risk
        acts.update(
            incident,
            {
                "description": "Служител е отворил преписки без основание.",
                "subject_categories": "граждани, подали жалби",
                "subjects_count": 40,
                "data_categories": "имена, адреси, ЕГН",
                "records_count": 52,
                "consequences": "разкриване на данни",
                "risk": "high",
            },
        )
        acts.move(incident, "assess")
        assert "Служител е отворил преписки" in incident.notification_text  # filled from the fields
        with pytest.raises(InputError) as refused:
            acts.move(incident, "not_notifiable")
        assert refused.value.status == 409
        time_machine.move_to(NOW + 80 * H, tick=False)
        acts.update(incident, {"notified_at": "2026-12-10T15:00"})  # 77 h after
        with pytest.raises(InputError):
            acts.move(incident, "notify")  # late, no reason
        acts.update(incident, {"late_reason": "Проверката отне повече време."})
        assert acts.move(incident, "notify") == "notified"
        assert incident.clock().status == "notified_late"
        with pytest.raises(InputError):
            acts.move(incident, "close")  # the measures first
        acts.update(incident, {"measures": "Достъпът е спрян; служителят е наказан."})
        assert acts.move(incident, "close") == "closed"
        with pytest.raises(InputError) as refused:
            acts.update(incident, {"title": "x"})
        assert refused.value.status == 409


@pytest.mark.parametrize(
    "data",
    [
        {"title": ""},
        {"title": "x", "discovered": "вчера"},
        {"title": "x", "discovered": "2027-01-01T10:00"},  # in the future
        {"title": 5},
        {"title": "x", "risk": "high"},  # not the reporter's to say
    ],
)
def test_bad_reports(officer, data):
    with api.env.adopt_user(username="worker"), pytest.raises(InputError) as refused:
        acts.report(data)
    assert refused.value.status == 400


@pytest.mark.parametrize(
    "data",
    [
        {"subjects_count": -1},
        {"subjects_count": "40"},
        {"risk": "medium"},
        {"source": "manual"},
        {"nonsense": 1},
    ],
)
def test_bad_changes(officer, data):
    with api.env.adopt_user(username="officer"):
        incident = acts.report({"title": "Инцидент"})
        with pytest.raises(InputError) as refused:
            acts.update(incident, data)
    assert refused.value.status == 400


def test_the_export_for_the_authority(officer):
    with api.env.adopt_user(username="officer"):
        incident = acts.report({"title": "Изгубен лаптоп", "discovered": "2026-12-07T09:15"})
        acts.update(
            incident,
            {"description": "Лаптоп с преписки е откраднат.", "risk": "risk", "subjects_count": 12},
        )
        acts.move(incident, "assess")
    exported = serialize.export(incident)
    fields = exported["fields"]
    assert fields["discovered"] == "2026-12-07T09:15:00+02:00"
    assert fields["deadline"] == "2026-12-10T09:15:00+02:00"
    assert fields["subjects_count"] == 12 and fields["dpo"] == "Officer"
    assert fields["reference"] == incident.getId() and fields["tell_subjects"] is False
    assert "Лаптоп с преписки е откраднат." in exported["notification_text"]
    body = pdf.render(acts.facts_for_form(incident))
    assert body.startswith(b"%PDF")


def test_a_lockout_storm_makes_one_incident(officer, time_machine):
    from ratusha.audit.interfaces import record

    # the audit trail's SQL outlives the test: a moment no other test records at
    storm = datetime.datetime(2027, 2, 14, 3, 17, tzinfo=datetime.UTC)
    for minute in range(10):
        time_machine.move_to(storm + minute * datetime.timedelta(minutes=1), tick=False)
        record(
            "auth.lockout",
            outcome="denied",
            login=f"user{minute}",
            details={"key": f"login:user{minute}"},
            immediate=True,
        )
    time_machine.move_to(storm + H, tick=False)
    first = reminders.run_clock()
    assert len(first["storms"]) == 1
    assert reminders.run_clock()["storms"] == []  # the same storm
    [incident] = [i for i in register.incidents(unrestricted=True) if i.source == "lockout_storm"]
    assert incident.source_details["count"] == 10


def test_a_chain_break_makes_one_incident(officer, monkeypatch):
    from ratusha.audit import checks

    broken = {
        "ok": False,
        "checked": 10,
        "problems": [{"seq": 7, "kind": "changed", "reason": "digest differs"}],
    }
    monkeypatch.setattr(checks, "verify_chain", lambda: broken)
    assert len(reminders.run_clock()["chain_breaks"]) == 1
    assert reminders.run_clock()["chain_breaks"] == []
    [incident] = [i for i in register.incidents(unrestricted=True) if i.source == "audit_chain"]
    assert "record 7" in incident.description or "7" in incident.description


def test_the_real_chain_verifies(officer):
    from ratusha.audit.interfaces import verify_chain

    assert verify_chain()["ok"] is True
    assert reminders.run_clock()["chain_breaks"] == []
