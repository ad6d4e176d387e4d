"""The voting panel, the join page and the registration of an incoming document work with the
keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys), with a visible focus at each step."""

from browsing import signed_in
from browsing import tab_to
from browsing import wait_for
import pathlib
from plone import api
import pytest
import sys
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "council"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "meetings"))
from test_council_voting_browser import open_the_session  # noqa: E402
from test_meetings_browser import standin  # noqa: E402,F401  (the stand-in Jitsi fixture)
from test_meetings_browser import the_meeting  # noqa: E402


pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("size", WIDTHS.values(), ids=list(WIDTHS))
def test_registration_form_by_keyboard(demo_functional, browser, size):
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    context, page = signed_in(browser, portal_url, "registrar", *size, locale="bg-BG")
    page.goto(f"{portal_url}/registry/incoming/++add++IncomingDocument")
    title = "Заявление за достъп до информация, въведено с клавиатура"
    tab_to(page, "#form-widgets-IBasic-title, #form-widgets-title")
    page.keyboard.type(title)
    kind = tab_to(page, "#form-widgets-kind")
    first = kind.input_value()
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrows
    assert kind.input_value() != first
    sender = page.locator("a.autotoc-level-1", has_text="Подател").get_attribute("id")
    tab_to(page, f"#{sender}")  # the fieldset's tab
    page.keyboard.press("Enter")
    tab_to(page, "#form-widgets-sender_name")
    page.keyboard.type("Васил Георгиев")
    tab_to(page, "#form-buttons-save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    transaction.begin()  # see what the server committed
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = [
        b
        for b in catalog.unrestrictedSearchResults(portal_type="IncomingDocument")
        if b.Title == title
    ]
    assert page.url.startswith(brain.getURL())
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("size", WIDTHS.values(), ids=list(WIDTHS))
def test_voting_panel_by_keyboard(demo_functional, browser, size):
    portal_url = demo_functional["portal"].absolute_url()
    session_url = f"{portal_url}/council/zasedanie-12"
    open_the_session(session_url)

    chair_context, chair = signed_in(browser, portal_url, "councillor01", *size, locale="bg-BG")
    chair.goto(f"{session_url}/@@live")
    chair.wait_for_selector("#ratusha-voting")
    tab_to(chair, ".ratusha-poll-new summary")
    chair.keyboard.press("Enter")  # opens the new poll's details
    tab_to(chair, "#poll-create")
    chair.keyboard.press("Enter")
    chair.wait_for_selector("#poll-open")
    tab_to(chair, "#poll-open")
    chair.keyboard.press("Space")
    wait_for(lambda: chair.locator("#ratusha-voting").get_attribute("data-poll-state") == "open")

    context, page = signed_in(browser, portal_url, "councillor05", *size, locale="bg-BG")
    page.goto(f"{session_url}/@@live")
    page.wait_for_selector(".ratusha-vote-button[data-choice='abstain']")
    tab_to(page, ".ratusha-vote-button[data-choice='abstain']")
    tab_to(page, ".ratusha-vote-button[data-choice='no']", backwards=True)
    page.keyboard.press("Enter")
    wait_for(lambda: page.locator(".ratusha-my-vote[data-my-vote='no']").count())
    wait_for(lambda: chair.locator(".ratusha-poll-progress").get_attribute("data-voted") == "1")

    tab_to(chair, "#poll-close")
    chair.keyboard.press("Enter")
    wait_for(lambda: chair.locator(".ratusha-poll-result").count() == 1)
    assert chair.errors == [] and page.errors == []
    context.close()
    chair_context.close()


@pytest.mark.parametrize("size", WIDTHS.values(), ids=list(WIDTHS))
def test_join_page_by_keyboard(demo_functional, browser, standin, size):  # noqa: F811
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    meeting = the_meeting(portal)
    context, page = signed_in(browser, portal_url, "director.finance", *size, locale="bg-BG")
    page.goto(meeting.absolute_url())
    tab_to(page, f"a[href='{meeting.absolute_url()}/@@join']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/@@join")
    page.locator("#host-controls").wait_for(state="visible")
    page.locator("#knocking li button.btn-success").wait_for()
    tab_to(page, "#knocking li button.btn-success")  # admit the guest who knocks
    page.keyboard.press("Enter")
    tab_to(page, "#mute-all", backwards=True)
    page.keyboard.press("Space")
    tab_to(page, "#lobby-on", backwards=True)
    page.keyboard.press("Enter")
    commands = wait_for(lambda: len(standin.of("command")) >= 3 and standin.of("command"))
    assert ["answerKnockingParticipant", "knock-1", True] in commands
    assert ["muteEveryone", "audio"] in commands and ["toggleLobby", True] in commands
    tab_to(page, "#leave-call")
    page.keyboard.press("Enter")
    wait_for(lambda: ["hangup"] in standin.of("command"))
    assert page.errors == []
    context.close()
