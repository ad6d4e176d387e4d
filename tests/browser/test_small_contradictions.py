"""Issue 15's small contradictions, in Chromium at 1366 and 390 px (screenshots in
tests/artifacts/contradictions-*): the audit history page's chrome and title, the registry's
history and the mayor's overdue list, the live page's presence list and a phone's vote, and
calling a colleague by name."""

from browsing import shot as keep
from browsing import sign_in
from browsing import wait_for
from browsing import watch_errors
import pathlib
from plone import api
import pytest
import sys
import transaction


pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]
IDS = ["desktop", "phone"]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "council"))
from test_council_voting_browser import open_the_session  # noqa: E402


def signed_in(browser, portal_url, user, width=1366, height=900, locale="bg-BG"):
    """A context of the given size with `user` signed in; patient, as the suite shares 2 cores."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    context.set_default_timeout(120_000)
    page = watch_errors(context.new_page())
    return context, sign_in(page, portal_url, user)


def shot(page, name, width):
    keep(page, f"contradictions-{name}", width)


def document(title):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(
        Title=title, portal_type=["OutgoingDocument", "InternalDocument", "IncomingDocument"]
    )
    return brain.getURL()


@pytest.mark.parametrize("width,height", SIZES, ids=IDS)
def test_audit_history_wears_the_site_chrome(demo_functional, browser, width, height):
    portal = demo_functional["portal"]
    # the auditor's second factor is tested in tests/access; here she signs in with a password
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    transaction.commit()
    draft = document("Отговор на жалба за шум")
    for user in ("auditor", "employee"):
        context, page = signed_in(browser, portal.absolute_url(), user, width, height, "bg-BG")
        page.goto(f"{draft}/@@audit-history")
        assert page.title() == (
            "История в одита: Отговор на жалба за шум — Ратуша — Община Примерна"
        )
        assert page.locator("#portal-logo").is_visible()
        assert page.locator("#portal-footer-wrapper").count() == 1
        assert page.locator("h1.documentFirstHeading").inner_text() == "История в одита"
        shot(page, f"audit-history-{user}", width)
        context.close()


@pytest.mark.parametrize("width,height", SIZES, ids=IDS)
def test_history_acts_and_the_mayors_overdue_list(demo_functional, browser, width, height):
    portal_url = demo_functional["portal"].absolute_url()
    letter = document("Отговор до НАП за обмен на данни")
    context, page = signed_in(browser, portal_url, "mayor", width, height, "bg-BG")
    page.goto(letter)
    history = page.locator("section.card").filter(
        has=page.locator(".card-header").get_by_text("История", exact=True)
    )
    acts = history.locator("li strong")
    assert acts.all_inner_texts()[:4] == ["Регистрирай", "Подписвам", "Одобрявам", "Одобрявам"]
    shot(page, "history", width)

    page.goto(portal_url)
    overdue = page.locator("#panel-registry-overdue, [data-panel='registry.overdue']").first
    rows = overdue.locator(".ratusha-worklist-item")
    titles = rows.locator(".ratusha-notice-subject").all_inner_texts()
    assert len(titles) == len(set(titles)) >= 1
    irregular = rows.filter(has_text="Сигнал за нередности")
    assert "Изпълнители" in irregular.inner_text()
    overdue.scroll_into_view_if_needed()
    shot(page, "mayor-room", width)
    context.close()


def open_session_with_a_vote(browser, session_url, portal_url):
    open_the_session(session_url)
    context, chair = signed_in(browser, portal_url, "councillor01", locale="bg-BG")
    chair.goto(f"{session_url}/@@live")
    chair.click(".ratusha-poll-new summary")
    chair.click("#poll-create")
    wait_for(lambda: chair.locator("#poll-open").count() == 1)
    chair.click("#poll-open")
    wait_for(lambda: chair.locator("#ratusha-voting").get_attribute("data-poll-state") == "open")
    context.close()


def bottom(page, selector):
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().bottom")


def test_live_page_lists_everyone_and_a_phone_votes_above_the_fold(demo_functional, browser):
    portal_url = demo_functional["portal"].absolute_url()
    session_url = f"{portal_url}/council/zasedanie-12"
    open_session_with_a_vote(browser, session_url, portal_url)
    for width, height in SIZES:
        context, page = signed_in(browser, portal_url, "council.staff", width, height, "bg-BG")
        page.goto(f"{session_url}/@@live")
        listing = page.locator(".ratusha-presence-list")
        assert listing.locator(".ratusha-presence-row").count() == 21
        # no inner scroll box: the list is as tall as its rows and scrolls with the page
        assert listing.evaluate("e => e.scrollHeight - e.clientHeight") <= 1
        assert listing.evaluate("e => getComputedStyle(e).overflowY") == "visible"
        shot(page, "live-staff", width)
        context.close()

    context, phone = signed_in(browser, portal_url, "councillor05", 390, 844, "bg-BG")
    phone.goto(f"{session_url}/@@live")
    phone.wait_for_selector(".ratusha-vote-button[data-choice='abstain']")
    assert phone.evaluate("window.scrollY") == 0
    for choice in ("yes", "no", "abstain"):
        assert bottom(phone, f".ratusha-vote-button[data-choice='{choice}']") <= 844, choice
    phone.locator(".ratusha-vote-button[data-choice='abstain']").click()
    wait_for(
        lambda: (
            phone.locator(".ratusha-my-vote").count()
            and phone.locator(".ratusha-my-vote").get_attribute("data-my-vote") == "abstain"
        )
    )
    phone.evaluate("window.scrollTo(0, 0)")
    assert bottom(phone, ".ratusha-my-vote") <= 844
    assert phone.locator(".ratusha-my-vote").inner_text() == "Вашият глас: въздържал се"
    shot(phone, "live-phone-voted", 390)
    context.close()


# a different caller at each width: a booked room stays booked (in SQL) for the next test
@pytest.mark.parametrize(
    "caller,width,height", [("employee", *SIZES[0]), ("head.budget", *SIZES[1])], ids=IDS
)
def test_call_a_colleague_by_name(demo_functional, browser, caller, width, height):
    portal_url = demo_functional["portal"].absolute_url()
    context, page = signed_in(browser, portal_url, caller, width, height, "bg-BG")
    page.goto(f"{portal_url}/@@my-room")
    form = page.locator("#call-colleague")
    button = form.locator("button[type='submit']")
    assert button.inner_text() == "Обаждане"
    # one line, nothing cut: the word is never broken
    assert button.evaluate("e => e.scrollWidth <= e.clientWidth")
    line = button.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert button.evaluate("e => e.getBoundingClientRect().height") < 2 * line
    form.locator(".select2-choices, .select2-choice").first.click()
    page.keyboard.type("Елена")
    option = page.locator(".select2-result-label", has_text="Елена Димитрова")
    option.wait_for()
    shot(page, "call-colleague-picking", width)
    page.keyboard.press("Enter")
    assert form.locator("#call-participant").input_value() == "head.construction"
    form.scroll_into_view_if_needed()
    shot(page, "call-colleague", width)
    button.click()
    page.wait_for_load_state("networkidle")
    transaction.begin()
    room = api.portal.get().meetings.personal[caller]
    calls = [
        m for m in room.objectValues() if getattr(m, "participants", None) == ["head.construction"]
    ]
    assert [m.Title() for m in calls] == ["Разговор с Елена Димитрова"]
    context.close()
