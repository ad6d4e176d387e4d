"""The user guide's screenshots (`make guide`): each task of docs/guide walked in Chromium on the
demo site, in Bulgarian and in English, written to docs/guide/img/<language>/.

Not collected by `make test` (the name does not start with test_); `make guide` runs this file with
the browser tests' fixtures (demo_functional: the demo site over real HTTP on a free loopback port;
browser: Debian's Chromium). Each task is one test, so each starts from the untouched demo.
`SHOTS` (name -> task) is what tests/guide/test_guide_pages.py checks the pages against.
"""

from browsing import sign_in
from browsing import wait_for
import pathlib
import pytest
from ratusha.access import totp
from ratusha.access import twofactor
import sys
import time
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "council"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "meetings"))
from meetings_helpers import configure_jitsi  # noqa: E402
from meetings_helpers import SECRET  # noqa: E402
from standin_jitsi import StandIn  # noqa: E402
from test_council_voting_browser import open_the_session  # noqa: E402
from test_council_voting_browser import staff_client  # noqa: E402


IMG = pathlib.Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
LANGUAGES = ("bg", "en")
DESKTOP = (1366, 768)
PHONE = (390, 844)
TALLEST = {DESKTOP[0]: 1500, PHONE[0]: 1700}  # px kept: the rest of a long page is not the step
COLOURS = 96  # a palette this size keeps text sharp and a page near 60 kB

SHOTS = {}


def shots(*names):
    """Register the images a task writes, so the pages can be checked without a browser."""

    def register(task):
        for name in names:
            SHOTS[name] = task.__name__
        task.shots = names
        return task

    return register


def save(page, name, language, focus=None):
    """A screenshot of what the reader sees (from the top, or from the `focus` element down),
    reduced to a palette (Pillow) to stay small."""
    from PIL import Image

    assert name in SHOTS, f"{name} is not declared with @shots"
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"]
    top = 0
    if focus and page.locator(focus).count():
        top = max(
            0,
            round(
                page.locator(focus).first.evaluate(
                    "e => e.getBoundingClientRect().top + window.scrollY"
                )
            )
            - 120,
        )
    height = min(page.evaluate("document.documentElement.scrollHeight") - top, TALLEST[width])
    target = IMG / language / name
    target.parent.mkdir(parents=True, exist_ok=True)
    # a window as tall as the picture: fixed bars (toolbar, form buttons) stay where they belong
    screen = page.viewport_size
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(f"window.scrollTo(0, {top})")
    page.wait_for_timeout(200)
    page.screenshot(path=str(target))
    page.set_viewport_size(screen)
    with Image.open(target) as image:
        reduced = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    reduced.save(target, optimize=True)


@pytest.fixture(autouse=True)
def own_sql(monkeypatch, tmp_path):
    """Each task starts from the untouched demo: the ZODB is the layer's, but the audit trail,
    presence and ballots live in SQL, which outlives a test; give each task its own."""
    monkeypatch.setenv("RATUSHA_AUDIT_DB", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    monkeypatch.setenv("RATUSHA_BALLOT_DB", f"sqlite:///{tmp_path / 'ballots.sqlite'}")


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture
def site(demo_functional):
    return demo_functional["portal"].absolute_url()


@pytest.fixture
def person(browser, site, language):
    """person(user, size=DESKTOP, signed_in=True) -> a page in the reader's language."""
    contexts = []

    def open_as(user=None, size=DESKTOP):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            locale="bg-BG" if language == "bg" else "en-GB",
        )
        context.add_cookies([{"name": "I18N_LANGUAGE", "value": language, "url": site}])
        contexts.append(context)
        page = context.new_page()
        if user:
            sign_in(page, site, user)
        return page

    yield open_as
    for context in contexts:
        context.close()


def go(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def follow(page, panel, title):
    """Open the item of a personal-room panel by (part of) its title."""
    page.locator(f"#panel-{panel.replace('.', chr(92) + '.')} a", has_text=title).first.click()
    page.wait_for_load_state("networkidle")
    return page


def enrol(user_id):
    """`user_id` has an authenticator already (as if set up from a link): returns its secret."""
    secret = twofactor.start_enrolment(user_id)
    assert twofactor.confirm_enrolment(user_id, totp.code_at(secret, time.time() - 30))
    transaction.commit()
    return secret


def second_factor(page, secret, name=None, language=None):
    """Answer the code prompt that follows the password (saving it as `name` first)."""
    page.wait_for_selector("#code")
    if name:
        save(page, name, language)
    page.fill("#code", totp.code_at(secret, time.time()))
    page.locator("#code").press("Enter")
    page.wait_for_load_state("networkidle")


# Registrar ---------------------------------------------------------------------------------


@shots(
    "registrar-register.png",
    "registrar-new-incoming.png",
    "registrar-registered.png",
    "registrar-outgoing.png",
)
def test_registrar(site, person, language):
    page = go(person("registrar"), f"{site}/registry/incoming")
    save(page, "registrar-register.png", language)
    go(page, f"{site}/registry/incoming/++add++IncomingDocument")
    page.fill("#form-widgets-title", "Искане за издаване на скица на имот")
    page.select_option("#form-widgets-department", "dep-construction")
    save(page, "registrar-new-incoming.png", language)
    page.locator(".autotoc-nav a").nth(1).click()  # the sender's tab
    page.fill("#form-widgets-sender_name", "Пенка Колева")
    page.click("#form-buttons-save")
    page.wait_for_load_state("networkidle")
    save(page, "registrar-registered.png", language)
    go(page, site)
    follow(page, "notifications", "Отговор на сдружение")
    save(page, "registrar-outgoing.png", language)


# Employee ----------------------------------------------------------------------------------


@shots("employee-room.png", "employee-task.png", "employee-answer.png", "employee-draft.png")
def test_employee(site, person, language):
    page = go(person("employee"), site)
    save(page, "employee-room.png", language)
    follow(page, "registry.assigned", "Искане за разсрочване")
    save(page, "employee-task.png", language)
    go(page, f"{site}/registry/outgoing/++add++OutgoingDocument")
    page.fill("#form-widgets-title", "Отговор на искане за разсрочване")
    page.select_option("#form-widgets-department", "dep-taxes")
    page.select_option("#form-widgets-signatory", "director.finance")
    page.fill("#form-widgets-body", "Уважаеми господин Ангелов, ...")
    page.fill("#form-widgets-recipients", "Тодор Ангелов\nул. „Васил Левски“ 3, гр. Примерна")
    save(page, "employee-answer.png", language)
    go(page, site)
    follow(page, "registry.drafts", "Отговор на жалба за шум")
    save(page, "employee-draft.png", language)


@shots("meeting-join.png", "meeting-join-phone.png")
def test_join_a_meeting(demo_functional, site, person, language, monkeypatch):
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", SECRET)
    with StandIn() as server:
        configure_jitsi(script_url=server.script_url)
        transaction.commit()
        page = go(person("employee"), site)
        follow(page, "meetings.today", "Оперативка")
        go(page, f"{page.url}/@@join")
        save(page, "meeting-join.png", language)
        phone = go(person("employee", PHONE), page.url)
        save(phone, "meeting-join-phone.png", language)


# Managers who approve and sign -------------------------------------------------------------


@shots("approver-room.png", "approver-document.png", "approver-approved.png", "mayor-sign.png")
def test_approver(site, person, language):
    page = go(person("director.finance"), site)
    save(page, "approver-room.png", language)
    follow(page, "registry.for-approval", "Покана за обществено обсъждане")
    save(page, "approver-document.png", language)
    page.fill("#decide-form #comment", "Съгласувам.")
    page.click("#decide-form button[value='approve']")
    page.wait_for_load_state("networkidle")
    save(page, "approver-approved.png", language)
    mayor = go(person("mayor"), site)
    follow(mayor, "registry.for-approval", "Уведомление за разсрочване")
    mayor.click("#decide-form button[value='approve']")
    mayor.wait_for_load_state("networkidle")
    save(mayor, "mayor-sign.png", language)


# Councillor --------------------------------------------------------------------------------

SESSION = "council/zasedanie-12"


def open_poll(chair, save_as=None, language=None):
    """The chair creates the vote on the current item with the panel's controls and opens it."""
    chair.wait_for_selector("[data-live-section='voting'] #ratusha-voting")
    chair.click(".ratusha-poll-new summary")
    if save_as:
        save(chair, save_as, language)
    chair.click("#poll-create")
    wait_for(lambda: chair.locator("#poll-open").count() == 1)
    chair.click("#poll-open")
    wait_for(lambda: chair.locator("#ratusha-voting").get_attribute("data-poll-state") == "open")
    return chair


@shots(
    "councillor-session.png",
    "councillor-live-phone.png",
    "councillor-vote-phone.png",
    "councillor-voted-phone.png",
)
def test_councillor(site, person, language):
    page = go(person("councillor05"), f"{site}/{SESSION}")
    save(page, "councillor-session.png", language)
    open_the_session(f"{site}/{SESSION}")
    phone = go(person("councillor05", PHONE), f"{site}/{SESSION}/@@live")
    phone.wait_for_selector("[data-live-section='quorum'] #quorum")
    save(phone, "councillor-live-phone.png", language)
    open_poll(go(person("councillor01"), f"{site}/{SESSION}/@@live"))
    phone.wait_for_selector(".ratusha-vote-button[data-choice='yes']")
    save(phone, "councillor-vote-phone.png", language)
    phone.click(".ratusha-vote-button[data-choice='yes']")
    wait_for(lambda: phone.locator(".ratusha-my-vote").count())
    save(phone, "councillor-voted-phone.png", language)


# Chair and council staff -------------------------------------------------------------------


def councillors_vote(site, poll_url, poll_id, voters, choice="yes"):
    """Councillors vote from their own sessions (REST), as they would from their phones."""
    from ratusha.core.demo import DEMO_PASSWORD
    import requests

    for voter in voters:
        client = requests.Session()
        client.auth = (voter, DEMO_PASSWORD)
        client.headers.update({"Accept": "application/json"})
        reply = client.post(f"{poll_url}/@vote", json={"poll": poll_id, "choice": choice})
        assert reply.ok, reply.text


@shots(
    "staff-presence.png",
    "staff-open.png",
    "chair-new-poll.png",
    "chair-poll-running.png",
    "chair-result.png",
    "staff-protocol.png",
)
def test_chair_and_staff(site, person, language):
    session = f"{site}/{SESSION}"
    staff = go(person("council.staff"), f"{session}/@@live")
    staff.wait_for_selector("[data-live-action='presence'][data-present='true']")
    for _ in range(3):
        staff.locator("[data-live-action='presence'][data-present='true']").first.click()
        staff.wait_for_timeout(400)
    save(staff, "staff-presence.png", language, focus="[data-live-section='presence']")
    open_the_session(session)
    go(staff, f"{session}/@@live")
    staff.wait_for_selector("[data-live-section='voting'] #ratusha-voting")
    save(staff, "staff-open.png", language)
    chair = open_poll(
        go(person("councillor01"), f"{session}/@@live"), "chair-new-poll.png", language
    )
    poll_id = chair.locator("#ratusha-voting").get_attribute("data-poll")
    item_url = chair.locator("#ratusha-voting").get_attribute("data-item-url") or session
    councillors_vote(site, item_url, poll_id, [f"councillor{n:02d}" for n in range(2, 13)])
    wait_for(lambda: chair.locator(".ratusha-poll-progress").get_attribute("data-voted") == "11")
    save(chair, "chair-poll-running.png", language)
    chair.click("#poll-close")
    wait_for(lambda: chair.locator(".ratusha-poll-result").count() == 1)
    save(chair, "chair-result.png", language)
    reply = staff_client().post(f"{session}/@workflow/close")
    assert reply.ok, reply.text
    go(staff, f"{session}/@@protocol")
    save(staff, "staff-protocol.png", language)


@shots("councillor-secret-phone.png")
def test_secret_ballot(site, person, language):
    session = f"{site}/{SESSION}"
    open_the_session(session)
    staff = staff_client()
    for _ in range(3):  # the fourth item: electing a deputy chair
        assert staff.post(f"{session}/@live-control", json={"action": "next"}).ok
    item = staff.get(session, params={"expand": "items"}).json()["items"][3]["@id"]
    reply = staff.post(
        f"{item}/@polls",
        json={
            "kind": "election",
            "mode": "secret",
            "options": ["Борислава Христова", "Васил Петков"],
        },
    )
    assert reply.status_code == 201, reply.text
    poll = reply.json()["id"]
    assert staff.post(f"{item}/@polls/{poll}/open").ok
    phone = go(person("councillor05", PHONE), f"{session}/@@live")
    phone.wait_for_selector(".ratusha-vote-button")
    save(phone, "councillor-secret-phone.png", language)


# Auditor -----------------------------------------------------------------------------------


@shots("auditor-code.png", "auditor-log.png", "auditor-history.png")
def test_auditor(site, person, language):
    open_the_session(f"{site}/{SESSION}")
    secret = enrol("auditor")
    page = person("auditor")
    second_factor(page, secret, "auditor-code.png", language)
    go(page, f"{site}/@@audit-log")
    save(page, "auditor-log.png", language)
    go(page, f"{site}/{SESSION}/@@audit-history")
    save(page, "auditor-history.png", language)


# IT administrator --------------------------------------------------------------------------


@shots(
    "admin-locks.png",
    "admin-link.png",
    "admin-enrol-qr.png",
    "admin-recovery.png",
    "admin-ldap.png",
    "admin-users.png",
)
def test_it_administrator(site, person, language):
    secret = enrol("itadmin")
    page = person("itadmin")
    second_factor(page, secret)
    go(page, f"{site}/@@access-locks")
    page.fill("#link_user_id", "auditor")
    save(page, "admin-locks.png", language)
    page.locator("#link_user_id").press("Enter")
    page.wait_for_load_state("networkidle")
    save(page, "admin-link.png", language)
    link = page.locator(".ratusha-enrolment-link").inner_text().strip()
    auditor = person("auditor")
    go(auditor, link)
    auditor.wait_for_selector("#code")
    save(auditor, "admin-enrol-qr.png", language)
    key = auditor.locator("code.d-block").inner_text().replace(" ", "")
    auditor.fill("#code", totp.code_at(key, time.time()))
    auditor.locator("#code").press("Enter")
    auditor.wait_for_load_state("networkidle")
    save(auditor, "admin-recovery.png", language)
    go(page, f"{site}/@@ratusha-ldap-controlpanel")
    save(page, "admin-ldap.png", language)
    go(page, f"{site}/@@usergroup-userprefs")
    save(page, "admin-users.png", language)
