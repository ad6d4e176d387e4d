"""The demo site in Chromium: today's meeting in the personal room, the join page embedding
Jitsi (a stand-in external_api.js that records its options), and no token without access."""

from browsing import shot
from browsing import sign_in
from browsing import wait_for
from browsing import watch_errors
import datetime
from jitsi_verifier import verify_room
from jitsi_verifier import verify_token
import json
from meetings_helpers import configure_jitsi
from meetings_helpers import SECRET
from meetings_helpers import SOFIA
from plone import api
import pytest
from ratusha.core.demo import DEMO_PASSWORD
from ratusha.meetings.jitsi import jitsi_room
from standin_jitsi import StandIn
import time
import transaction


pytestmark = pytest.mark.browser

MEETING = "Оперативка на дирекция „Финанси и бюджет“"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def standin(demo_functional):
    with StandIn() as server:
        configure_jitsi(script_url=server.script_url)
        transaction.commit()
        yield server


def log_in(context, portal_url, user):
    return sign_in(watch_errors(context.new_page()), portal_url, user)


def the_meeting(portal):
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = [
        b for b in catalog.unrestrictedSearchResults(portal_type="Meeting") if b.Title == MEETING
    ]
    return brain._unrestrictedGetObject()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_employee_joins_todays_meeting(demo_functional, browser, standin, size):
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    meeting = the_meeting(portal)
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="bg-BG")
    page = log_in(context, portal_url, "employee")
    page.goto(portal_url)
    today = page.locator("[data-panel='meetings.today']")
    assert today.locator("h2").inner_text() in ("Днес", "Today")
    item = today.locator(".ratusha-meeting-item", has_text=MEETING)
    join = item.locator("a.ratusha-join")
    assert join.is_visible()
    assert page.locator("[data-panel='meetings.upcoming']").is_visible()
    shot(page, "meetings-personal-room", width)

    join.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/@@join")
    [options] = wait_for(lambda: standin.of("constructed"))
    room = jitsi_room(meeting)
    assert options["roomName"] == room and options["domain"] == "meet.primerna.test"
    assert options["lang"] == "bg" and options["parentNode"] == "ratusha-video"
    assert options["configOverwrite"]["readOnlyName"] is True
    assert options["userInfo"]["displayName"] == "Иван Стоянов"
    claims = verify_token(
        options["jwt"],
        alg="HS256",
        key=SECRET,
        accepted_issuers=("ratusha",),
        accepted_audiences=("jitsi",),
        now=time.time(),
    )
    assert verify_room(claims, f"{room}@conference.meet.jitsi")
    user = claims["context"]["user"]
    assert (user["id"], user["name"], user["moderator"], user["affiliation"]) == (
        "employee",
        "Иван Стоянов",
        False,
        "member",
    )
    assert user["lobby_bypass"] is True  # invited through dep-taxes
    wait_for(
        lambda: (
            "видеовръзката" in page.locator("#video-status").inner_text()
            or "in the call" in page.locator("#video-status").inner_text()
        )
    )
    assert page.locator("#host-controls").is_hidden()  # not a host: no lobby, no mute-all
    assert page.locator("#ratusha-video iframe").count() == 1
    shot(page, "meetings-join", width)
    # leaving disposes of the call
    page.click("#leave-call")
    wait_for(lambda: standin.of("dispose"))
    assert ["hangup"] in standin.of("command")
    assert page.locator("#video-message button").is_visible()
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
    context.close()


def test_host_controls_and_no_token_without_access(demo_functional, browser, standin):
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    meeting = the_meeting(portal)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    page = log_in(context, portal_url, "director.finance")  # the organiser
    page.goto(f"{meeting.absolute_url()}/@@join")
    [options] = wait_for(lambda: standin.of("constructed"))
    claims = verify_token(
        options["jwt"],
        alg="HS256",
        key=SECRET,
        accepted_issuers=("ratusha",),
        accepted_audiences=("jitsi",),
        now=time.time(),
    )
    assert claims["context"]["user"]["moderator"] is True
    assert claims["context"]["user"]["affiliation"] == "owner"
    page.locator("#host-controls").wait_for(state="visible")
    admit = page.locator("#knocking li button.btn-success")  # "Admit"
    admit.wait_for()
    admit.click()
    page.click("#mute-all")
    page.click("#lobby-on")
    commands = wait_for(lambda: len(standin.of("command")) >= 3 and standin.of("command"))
    assert ["answerKnockingParticipant", "knock-1", True] in commands
    assert ["muteEveryone", "audio"] in commands and ["toggleLobby", True] in commands
    context.close()

    # a councillor is not invited to the directorate's meeting: no page, no token
    standin.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    page = log_in(context, portal_url, "councillor05")
    response = page.goto(f"{meeting.absolute_url()}/@@join")
    assert (
        response.status in (401, 403)
        or "insufficient" in page.content().lower()
        or "require_login" in page.url
        or "login" in page.url
    )
    reply = page.request.post(
        f"{meeting.absolute_url()}/@jitsi-join", headers={"Accept": "application/json"}
    )
    assert reply.status == 403 and "jwt" not in json.loads(reply.text())
    time.sleep(0.3)
    assert standin.of("constructed") == []
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_pages_look_right(demo_functional, browser, standin, size):
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    meeting = the_meeting(portal)
    width, height = SIZES[size]
    # the organiser's token names the Jitsi room; then Jitsi's event_sync reports two people
    import requests

    token = requests.post(
        f"{meeting.absolute_url()}/@jitsi-join",
        headers={"Accept": "application/json"},
        auth=("director.finance", DEMO_PASSWORD),
    ).json()
    jid = f"{token['roomName']}@muc.meet.jitsi"
    start = int(time.time()) - 600
    for number, (user, name) in enumerate(
        (("director.finance", "Петър Николов"), ("employee", "Иван Стоянов"))
    ):
        occupant = {
            "occupant_jid": f"{jid}/{user}",
            "joined_at": start + 60 * number,
            "id": user,
            "name": name,
            "email": f"{user}@primerna.example",
        }
        reply = requests.post(
            f"{portal_url}/++api++/@jitsi-events/events/occupant/joined",
            data=json.dumps(
                {
                    "event_name": "muc-occupant-joined",
                    "room_name": token["roomName"],
                    "room_jid": jid,
                    "occupant": occupant,
                }
            ),
            headers={
                "Authorization": "Bearer events-secret-for-tests",
                "Content-Type": "application/json",
            },
        )
        assert reply.json()["stored"] is True
    context = browser.new_context(viewport={"width": width, "height": height}, locale="bg-BG")
    page = log_in(context, portal_url, "director.finance")
    page.goto(f"{portal_url}/meetings")
    assert page.locator(".ratusha-room-card").count() == 4  # not the council's own room
    finance = page.locator(".ratusha-room-card", has_text="Финанси и бюджет")
    assert "Иван Стоянов" in finance.locator(".ratusha-now").inner_text()
    shot(page, "meetings-rooms", width)
    page.goto(f"{portal_url}/meetings/golyama-zala")
    assert page.locator("#join-room").is_visible()
    shot(page, "meetings-room", width)
    page.goto(meeting.absolute_url())
    assert MEETING in page.locator("h1").inner_text()
    shot(page, "meetings-meeting", width)
    page.goto(f"{meeting.absolute_url()}/@@attendance")
    assert page.locator("#attendance-report").is_visible()
    assert page.locator("tr[data-user='employee']").is_visible()
    shot(page, "meetings-attendance", width)
    page.goto(f"{portal_url}/@@my-room")
    assert "/meetings/personal/director.finance" in page.url
    assert page.locator("#call-colleague").is_visible()
    shot(page, "meetings-my-room", width)
    context.close()


def test_schedule_in_a_hall_form(demo_functional, browser, standin):
    """The add form refuses a double booking with a message naming the other meeting."""
    portal = demo_functional["portal"]
    hall = portal["meetings"]["golyama-zala"]
    taken = [
        b
        for b in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Meeting", path="/".join(hall.getPhysicalPath()), sort_on="start"
        )
    ][0]
    start = taken.start.asdatetime().astimezone(SOFIA)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    page = log_in(context, portal.absolute_url(), "secretary")  # the hall's host
    page.goto(f"{hall.absolute_url()}/++add++Meeting")
    page.fill("#form-widgets-IBasic-title", "Съвещание за зимното почистване")
    page.fill(
        "#form-widgets-start", (start + datetime.timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    )
    page.fill(
        "#form-widgets-end", (start + datetime.timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M")
    )
    page.click("#form-buttons-save")
    page.wait_for_load_state("networkidle")
    error = page.locator(".alert-danger, .portalMessage.error, .invalid-feedback, .fieldErrorBox")
    assert taken.Title in page.content()
    assert error.count() >= 1
    shot(page, "meetings-double-booked", 1280)
    page.fill(
        "#form-widgets-start", (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.fill("#form-widgets-end", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.click("#form-buttons-save")
    page.wait_for_load_state("networkidle")
    assert "Съвещание за зимното почистване" in page.locator("h1").inner_text()
    assert page.locator("#meeting-when").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.url.rsplit('/', 1)[0]}/edit")
    assert page.locator("#form-widgets-start").is_visible()
    shot(page, "meetings-meeting-form", 390)
    context.close()


def test_guest_joins_with_the_invitation_link(demo_functional, browser, standin):
    from ratusha.meetings.mail import guest_link

    portal = demo_functional["portal"]
    meeting = the_meeting(portal)
    meeting.guests = ["Ана Иванова, ana.ivanova@example.org"]
    transaction.commit()
    link = guest_link(meeting, "ana.ivanova@example.org", "Ана Иванова")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="bg-BG")
    page = context.new_page()
    response = page.goto(link)
    assert response.status == 200 and response.headers["referrer-policy"] == "no-referrer"
    assert MEETING in page.locator("h1").inner_text()
    [options] = wait_for(lambda: standin.of("constructed"))
    claims = verify_token(
        options["jwt"],
        alg="HS256",
        key=SECRET,
        accepted_issuers=("ratusha",),
        accepted_audiences=("jitsi",),
        now=time.time(),
    )
    user = claims["context"]["user"]
    assert (user["id"], user["name"], user["moderator"], user["lobby_bypass"]) == (
        "guest:ana.ivanova@example.org",
        "Ана Иванова",
        False,
        False,
    )
    assert options["userInfo"]["displayName"] == "Ана Иванова"
    assert page.locator("#host-controls").is_hidden()
    shot(page, "meetings-guest", 390)
    context.close()


def test_weekly_series_from_the_form_and_one_date_cancelled(demo_functional, browser, standin):
    """The recurrence widget's rule goes through the form; the page lists the dates and the
    host cancels one of them."""
    portal = demo_functional["portal"]
    room = portal["meetings"]["finansi-i-byudzhet"]
    start = (datetime.datetime.now(SOFIA) + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    page = log_in(context, portal.absolute_url(), "director.finance")  # the room's host
    page.goto(f"{room.absolute_url()}/++add++Meeting")
    page.fill("#form-widgets-IBasic-title", "Седмичен бюджетен преглед")
    page.fill("#form-widgets-start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#form-widgets-end", (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    rule = page.locator("textarea[name='form.widgets.recurrence']")
    assert rule.count() == 1
    wait_for(lambda: page.locator(".ridisplay").count() >= 1)  # the widget came up
    rule.evaluate("(el, value) => { el.value = value; }", "RRULE:FREQ=WEEKLY;COUNT=4")
    page.click("#form-buttons-save")
    page.wait_for_load_state("networkidle")
    assert page.locator("#meeting-repeats").is_visible()
    dates = page.locator("#meeting-dates li")
    assert dates.count() == 4
    assert dates.nth(0).get_attribute("data-start") == start.isoformat()
    shot(page, "meetings-series", 1280)
    page.once("dialog", lambda dialog: dialog.accept())  # "Cancel the meeting on this date?"
    dates.nth(1).locator("button.ratusha-cancel-occurrence").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#meeting-dates li").count() == 3
    assert page.locator(".portalMessage, .alert-info, .alert-success").count() >= 1
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "meetings-series", 390)
    assert not [e for e in page.errors if "recurrence" in e.lower()], page.errors
    context.close()
