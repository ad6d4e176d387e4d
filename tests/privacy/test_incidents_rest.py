"""The incident register over real HTTP: who may do what through REST, pages and search, the
clock call, bad input as 4xx with a message, every act on the audit trail."""

import datetime
from incident_helpers import PASSWORD
from incident_helpers import people
import json
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
import re
import transaction
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def minutes_ago(minutes):
    """A Sofia wall-clock time some minutes ago, as the form's field holds it, and its instant.

    The server's clock is not frozen: the functional layer's ZODB cannot go back in time."""
    moment = (datetime.datetime.now(SOFIA) - datetime.timedelta(minutes=minutes)).replace(
        second=0, microsecond=0
    )
    return moment.strftime("%Y-%m-%dT%H:%M"), moment


@pytest.fixture
def site(functional):
    people()
    transaction.commit()
    return functional["portal"]


def test_report_assess_notify_export_over_rest(site, api_session, audit_log):
    url = f"{site.absolute_url()}/@incidents"
    worker, officer = api_session("worker", PASSWORD), api_session("officer", PASSWORD)
    typed, discovered = minutes_ago(90)
    reported = worker.post(
        url,
        json={"title": "Изгубена папка с жалби", "description": "В автобус.", "discovered": typed},
    )
    assert reported.status_code == 201, reported.text
    number = reported.json()["id"]
    assert reported.json() == {"id": number, "review_state": "reported"}  # no more than the number

    listing = officer.get(url).json()
    [item] = listing["items"]
    assert item["id"] == number and item["clock"] == "running"
    assert item["discovered"] == discovered.isoformat()
    deadline = (discovered.astimezone(datetime.UTC) + datetime.timedelta(hours=72)).astimezone(
        SOFIA
    )
    assert item["deadline"] == deadline.isoformat()
    one = f"{url}/{number}"
    patched = officer.patch(
        one,
        json={
            "risk": "high",
            "subjects_count": 35,
            "data_categories": "имена, адреси",
            "measures": "Блокирани достъпи.",
        },
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["tell_subjects"] is True
    assessed = officer.post(f"{one}/assess")
    assert assessed.status_code == 200, assessed.text
    assert "Изгубена папка" not in assessed.json()["notification_text"]  # the text uses the facts
    assert "В автобус." in assessed.json()["notification_text"]
    refused = officer.post(f"{one}/notify")
    assert refused.status_code == 400 and refused.json()["error"]["message"]
    sent_typed, sent = minutes_ago(30)
    notified = officer.post(f"{one}/notify", json={"notified_at": sent_typed})
    assert notified.status_code == 200, notified.text
    assert notified.json()["review_state"] == "notified" and notified.json()["clock"] == "notified"
    assert notified.json()["notified_at"] == sent.isoformat()

    exported = officer.get(f"{one}/export")
    assert exported.status_code == 200 and exported.headers["Cache-Control"].startswith("no-store")
    fields = exported.json()["fields"]
    assert fields["discovered"] == discovered.isoformat() and fields["subjects_count"] == 35
    assert fields["tell_subjects"] is True and fields["source"] == "сигнал от служител"
    pdf = officer.get(f"{site.absolute_url()}/incidents/{number}/@@incident-notification.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    actions = [
        row["action"] for row in audit_log.new() if row["action"].startswith("privacy.incident")
    ]
    for action in (
        "privacy.incident-reported",
        "privacy.incidents-read",
        "privacy.incident-changed",
        "privacy.incident-assess",
        "privacy.incident-notify",
        "privacy.incident-exported",
    ):
        assert action in actions, action
    [reported_row] = audit_log.new(action="privacy.incident-reported")
    assert reported_row["actor_id"] == "worker"


def test_others_may_report_but_not_read(site, api_session):
    url = f"{site.absolute_url()}/@incidents"
    worker = api_session("worker", PASSWORD)
    number = worker.post(url, json={"title": "Писмо до грешен адресат"}).json()["id"]
    # signed in, but not an employee (the auditor): may not report either
    assert api_session("inspector", PASSWORD).post(url, json={"title": "x"}).status_code == 403
    anonymous = api_session()
    assert anonymous.get(url).status_code == 401
    assert anonymous.post(url, json={"title": "x"}).status_code == 401
    for user in ("worker", "inspector"):
        client = api_session(user, PASSWORD)
        assert client.get(url).status_code in (401, 403)
        assert client.get(f"{url}/{number}").status_code in (401, 403)
        assert client.patch(f"{url}/{number}", json={"risk": "none"}).status_code in (401, 403)
        assert client.post(f"{url}/{number}/assess").status_code == 403
        found = client.get(f"{site.absolute_url()}/@search", params={"portal_type": "DataIncident"})
        assert found.json()["items_total"] == 0
        page = client.get(f"{site.absolute_url()}/incidents/{number}", allow_redirects=False)
        assert page.status_code != 200
        assert (
            client.get(f"{site.absolute_url()}/@@incidents", allow_redirects=False).status_code
            != 200
        )
    officer = api_session("officer", PASSWORD)
    found = officer.get(f"{site.absolute_url()}/@search", params={"portal_type": "DataIncident"})
    assert found.json()["items_total"] == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "", {"title": "   "}, 400),
        ("post", "", {"title": "x", "discovered": "утре"}, 400),
        ("post", "", {"title": "x", "risk": "high"}, 400),
        ("post", "", "[1, 2]", 400),
        ("patch", "/{id}", {"subjects_count": "много"}, 400),
        ("patch", "/{id}", {"risk": "medium"}, 400),
        ("patch", "/{id}", {"notified_at": "2030-01-01T00:00"}, 400),
        ("patch", "/no-such", {"risk": "none"}, 404),
        ("patch", "", {"risk": "none"}, 404),
        ("post", "/{id}/fly", {}, 404),
        ("post", "/{id}/close", {}, 409),
        ("post", "/{id}", {}, 404),
        ("get", "/{id}/nothing", None, 404),
    ],
)
def test_bad_input_is_a_4xx_with_a_message(site, api_session, method, path, body, status):
    url = f"{site.absolute_url()}/@incidents"
    officer = api_session("officer", PASSWORD)
    number = officer.post(url, json={"title": "Инцидент"}).json()["id"]
    kwargs = (
        {"data": body} if isinstance(body, str) else ({"json": body} if body is not None else {})
    )
    reply = getattr(officer, method)(url + path.format(id=number), **kwargs)
    assert reply.status_code == status, reply.text
    assert reply.json()["error"]["message"]


def token(text):
    return re.search(r'name="_authenticator" value="([^"]+)"', text).group(1)


def test_pages_report_list_and_step(site, api_session):
    worker = api_session("worker", PASSWORD)
    worker.headers.pop("Content-Type")
    worker.headers["Accept"] = "text/html"
    form = f"{site.absolute_url()}/@@report-incident"
    page = worker.get(form)
    assert page.status_code == 200 and 'name="discovered"' in page.text
    empty = worker.post(
        form, data={"_authenticator": token(page.text), "title": "", "discovered": ""}
    )
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    filed = worker.post(
        form,
        data={
            "_authenticator": token(page.text),
            "title": "Отворен шкаф с досиета",
            "discovered": minutes_ago(90)[0],
        },
    )
    assert filed.status_code == 200 and 'id="incident-filed"' in filed.text
    number = re.search(r"<strong>([0-9]{4}-[0-9]{3})</strong>", filed.text).group(1)

    officer = api_session("officer", PASSWORD)
    officer.headers.pop("Content-Type")
    officer.headers["Accept"] = "text/html"
    register = officer.get(f"{site.absolute_url()}/@@incidents")
    assert register.status_code == 200 and f'id="incident-{number}"' in register.text
    assert re.search("Остават 70 ч (29|30) мин", register.text)  # discovered 90 minutes ago
    assert officer.get(f"{site.absolute_url()}/incidents/{number}/edit").status_code == 200
    edit = f"{site.absolute_url()}/incidents/{number}/edit"
    assert worker.get(edit, allow_redirects=False).status_code != 200
    incident = officer.get(f"{site.absolute_url()}/incidents/{number}")
    assert incident.status_code == 200 and 'id="incident-clock"' in incident.text
    assert "Отворен шкаф с досиета" in incident.text
    # assessing without a risk: the step is offered with the reason it cannot be done yet
    assert "Първо" in incident.text
    step = officer.post(
        f"{site.absolute_url()}/incidents/{number}/@@incident-step",
        data={"_authenticator": token(incident.text), "step": "assess"},
    )
    assert step.status_code == 200 and "Първо" in step.text  # the refusal as a form message
    pdf = f"{site.absolute_url()}/incidents/{number}/@@incident-notification.pdf"
    assert worker.get(pdf, allow_redirects=False).status_code != 200


def test_the_clock_call(site, api_session):
    clock = f"{site.absolute_url()}/@@incidents-clock"
    assert api_session("officer", PASSWORD).get(clock, allow_redirects=False).status_code != 200
    reply = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD).get(clock)
    assert reply.status_code == 200
    assert set(json.loads(reply.text)) == {"storms", "chain_breaks", "reminders"}
    # whatever lockouts other tests left on the shared audit trail: a second call files nothing new
    again = api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD).get(clock).json()
    assert again == {"storms": [], "chain_breaks": [], "reminders": {}}
