"""axe-core (WCAG 2.1 A and AA) on every page type of the demo site, anonymous and for each
demo role, at 1366 px and 390 px: no critical and no serious violation anywhere.

The figures per page go to tests/artifacts/a11y/axe.json, the screenshots beside them."""

from browsing import ARTIFACTS
from browsing import axe
from browsing import by_impact
from browsing import demo_tour
from browsing import sign_in
from browsing import wait_for
from browsing import watch_errors
from browsing import WIDTHS
import json
import pathlib
import pytest
from ratusha.access import totp
from ratusha.access import twofactor
import sys
import time
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "council"))
from test_council_voting_browser import open_the_session  # noqa: E402
from test_council_voting_browser import staff_client  # noqa: E402


pytestmark = pytest.mark.browser

OUT = ARTIFACTS / "a11y"
BLOCKING = ("critical", "serious")


def enrol(user_id):
    """`user_id` has a second factor; returns a recovery code for the prompt."""
    secret = twofactor.start_enrolment(user_id)
    return twofactor.confirm_enrolment(user_id, totp.code_at(secret, time.time()))[0]


class Walk:
    """One signed-in context per user; every page checked at both widths, screenshots kept."""

    def __init__(self, browser):
        self.browser = browser
        self.found = {}
        self.statuses = {}

    def context(self, portal_url, user):
        context = self.browser.new_context(
            viewport=dict(zip(("width", "height"), WIDTHS[0])), locale="bg-BG", bypass_csp=True
        )
        page = watch_errors(context.new_page())
        if user:
            sign_in(page, portal_url, user)
        return context, page

    def check(self, page, user, name, url=None):
        if url:
            reply = page.goto(url)
            expected = 404 if name == "404" else 200
            if reply.status != expected:
                self.statuses[f"{user} | {name}"] = (url, reply.status)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # patterns and live pages fill in after the load
        page.wait_for_selector(".tox-throbber__busy-spinner", state="detached")  # TinyMCE ready
        if not page.locator("#portal-footer-wrapper a[href$='/accessibility-info']").count():
            self.statuses[f"{user} | {name}"] = (page.url, "no link to the statement")
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(100)
            found = axe(page)
            slug = f"{user or 'anonymous'}-{name}".replace(" ", "-").replace(":", "")
            page.screenshot(path=str(OUT / f"{slug}-{width}.png"))
            self.found[f"{user or 'anonymous'} | {name} | {width}"] = {
                "url": page.url,
                "impact": by_impact(found),
                "violations": found,
            }
            (OUT / "axe.json").write_text(json.dumps(self.found, ensure_ascii=False, indent=1))
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[0])))

    def blocking(self):
        return {
            key: [
                f"{v['impact']} {v['id']} x{v['count']}: {v['nodes']}"
                for v in entry["violations"]
                if v["impact"] in BLOCKING
            ]
            for key, entry in self.found.items()
            if any(entry["impact"][i] for i in BLOCKING)
        }


def test_every_page_type_for_every_role_has_no_serious_violation(demo_functional, browser):
    portal = demo_functional["portal"]
    portal_url = portal.absolute_url()
    tour = demo_tour(portal)
    codes = {user: enrol(user) for user in ("auditor", "itadmin", "dpo")}
    transaction.commit()
    session_url = f"{portal_url}/council/zasedanie-12"
    OUT.mkdir(parents=True, exist_ok=True)
    walk = Walk(browser)
    started = time.time()

    for user, pages in tour.items():
        context, page = walk.context(portal_url, user)
        if user in codes:  # the second-factor prompt comes before anything else
            if "@@two-factor" not in page.url:
                page.goto(f"{portal_url}/@@personal-room")
            assert "@@two-factor" in page.url, page.url
            walk.check(page, user, "2FA prompt")
            page.fill("#code", codes[user])
            with page.expect_navigation():
                page.press("#code", "Enter")
        for name, url in pages:
            walk.check(page, user, name, url)
        context.close()

    # the voting panel: the chair's controls with a poll open, then a councillor's ballot
    open_the_session(session_url)
    chair_context, chair = walk.context(portal_url, "councillor01")
    chair.goto(f"{session_url}/@@live")
    chair.click(".ratusha-poll-new summary")
    chair.click("#poll-create")
    chair.wait_for_selector("#poll-open")
    walk.check(chair, "councillor01", "voting panel (created)")
    chair.click("#poll-open")
    wait_for(lambda: chair.locator("#ratusha-voting").get_attribute("data-poll-state") == "open")
    walk.check(chair, "councillor01", "voting panel (open)")
    context, page = walk.context(portal_url, "councillor05")
    page.goto(f"{session_url}/@@live")
    page.wait_for_selector(".ratusha-vote-button[data-choice='yes']")
    walk.check(page, "councillor05", "voting panel (ballot)")
    page.click(".ratusha-vote-button[data-choice='abstain']")
    wait_for(lambda: page.locator(".ratusha-my-vote[data-my-vote='abstain']").count())
    walk.check(page, "councillor05", "voting panel (voted)")
    context.close()
    chair.click("#poll-close")
    chair.wait_for_selector(".ratusha-poll-result")
    walk.check(chair, "councillor01", "voting panel (result)")
    chair_context.close()

    # the protocol, once the session is closed
    assert staff_client().post(f"{session_url}/@workflow/close").status_code == 200
    context, page = walk.context(portal_url, "council.staff")
    walk.check(page, "council.staff", "protocol", f"{session_url}/@@protocol")
    context.close()

    print(f"axe: {len(walk.found)} checks in {time.time() - started:.0f} s")
    assert walk.statuses == {}
    assert walk.blocking() == {}
