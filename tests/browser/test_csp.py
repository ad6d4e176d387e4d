"""In Chromium, Ratusha's key pages run under the Content-Security-Policy without a single
violation: no inline script, no eval, nothing from elsewhere but the configured Jitsi."""

from browsing import sign_in
from browsing import watch_errors
import pathlib
from plone import api
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import sys
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "meetings"))
from meetings_helpers import configure_jitsi  # noqa: E402
from meetings_helpers import SECRET  # noqa: E402
from standin_jitsi import StandIn  # noqa: E402


pytestmark = pytest.mark.browser

MEETING = "Оперативка на дирекция „Финанси и бюджет“"
SERIES = "Седмична оперативка"
MANAGER = "csp.manager"

# Every violation the page's documents report, whatever the console says.
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push([e.effectiveDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});
"""

INLINE = """
var script = document.createElement("script");
script.textContent = "window.__ran = true";
document.head.appendChild(script);
"""


@pytest.fixture
def site(demo_functional, monkeypatch):
    monkeypatch.setenv("RATUSHA_JITSI_SECRET", SECRET)
    portal = demo_functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    api.user.create(email="csp@example.org", username=MANAGER, password=DEMO_PASSWORD)
    api.portal.get_tool("acl_users").portal_role_manager.assignRoleToPrincipal("Manager", MANAGER)
    with StandIn() as server:
        configure_jitsi(script_url=server.script_url)
        transaction.commit()
        yield portal, server


def violations(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # patterns that compile templates do so after the load
    reported = page.evaluate("window.__csp || []")
    console = [e for e in page.errors if "Content Security Policy" in e]
    page.errors.clear()
    return reported + console


def visit(browser, portal_url, user, urls):
    """{url: (policy, [violations])} for each page `user` opens."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    context.add_init_script(COLLECT)
    page = watch_errors(context.new_page())
    if user:
        sign_in(page, portal_url, user)
    found = {}
    for url in urls:
        reply = page.goto(url)
        assert reply.status < 400, (url, reply.status)
        found[url] = (reply.headers["content-security-policy"], violations(page))
        if url.endswith("/@@join"):
            page.wait_for_selector("#ratusha-video iframe", state="attached", timeout=30000)
            found[url][1].extend(violations(page))
    if "'unsafe-inline'" not in scripts(found[url][0]):  # the collector is not blind
        page.evaluate(INLINE)
        assert violations(page) and not page.evaluate("window.__ran === true")
    context.close()
    return found


def scripts(policy):
    return next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "script-src")


def test_key_pages_run_without_policy_violations(site, browser):
    portal, standin = site
    portal_url = portal.absolute_url()
    catalog = api.portal.get_tool("portal_catalog")
    meeting = [
        b for b in catalog.unrestrictedSearchResults(portal_type="Meeting") if b.Title == MEETING
    ][0].getURL()
    document = catalog.unrestrictedSearchResults(portal_type="IncomingDocument")[0].getURL()
    pages = {
        None: [f"{portal_url}/login", portal_url, f"{portal_url}/council"],
        "employee": [portal_url, meeting, f"{meeting}/@@join"],
        "registrar": [
            f"{portal_url}/registry",
            f"{portal_url}/registry/incoming",
            document,
            f"{document}/edit",
        ],
        "councillor05": [f"{portal_url}/council/zasedanie-12/@@live"],
        MANAGER: [
            f"{portal_url}/@@ratusha-controlpanel",
            f"{portal_url}/@@meetings-controlpanel",
            f"{portal_url}/@@access-controlpanel",
            f"{portal_url}/council/zasedanie-12/edit",
            f"{portal_url}/++add++Document",
            f"{portal_url}/@@usergroup-userprefs",
        ],
    }
    found = {}
    for user, urls in pages.items():
        found.update(visit(browser, portal_url, user, urls))
    assert standin.of("constructed")  # the stand-in Jitsi really ran on the join page
    assert {url: v for url, (_policy, v) in found.items() if v} == {}
    for url, (policy, _violations) in found.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(scripts(policy)), url
    assert "http://127.0.0.1" in " ".join(scripts(found[f"{meeting}/@@join"][0]))


def test_plone_pages_that_need_it_get_the_relaxed_policy_and_run(site, browser):
    """Plone's folder contents, its own control panels and the recurrence widget need inline
    or eval'd scripts; they get them, and only they (docs/security.md, "Headers")."""
    portal, _standin = site
    portal_url = portal.absolute_url()
    catalog = api.portal.get_tool("portal_catalog")
    meeting = [
        b for b in catalog.unrestrictedSearchResults(portal_type="Meeting") if b.Title == MEETING
    ][0].getURL()
    inline, evaluate = "'unsafe-inline'", "'unsafe-eval'"
    expected = {
        f"{portal_url}/folder_contents": {evaluate},
        f"{portal_url}/registry/folder_contents": {evaluate},
        f"{portal_url}/@@overview-controlpanel": {inline},  # all of Plone's control panels
        f"{portal_url}/@@site-controlpanel": {inline},
        f"{portal_url}/@@language-controlpanel": {inline},
        f"{portal_url}/@@actions-controlpanel": {inline},
        f"{portal_url}/++add++Collection": {inline},
        f"{portal_url}/++add++Event": {evaluate},
        f"{meeting}/edit": {evaluate},  # Ratusha's meeting, Plone's recurrence widget
    }
    found = visit(browser, portal_url, MANAGER, list(expected))
    assert {url: v for url, (_policy, v) in found.items() if v} == {}
    for url, (policy, _violations) in found.items():
        assert {inline, evaluate} & set(scripts(policy)) == expected[url], url


def test_cancelling_a_date_of_a_series_still_asks_first(site, browser):
    """The confirmation moved from an inline onsubmit to confirm.js: it still asks, and
    saying no sends nothing."""
    portal, _standin = site
    portal_url = portal.absolute_url()
    catalog = api.portal.get_tool("portal_catalog")
    series = [
        b for b in catalog.unrestrictedSearchResults(portal_type="Meeting") if b.Title == SERIES
    ][0].getURL()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="bg-BG")
    context.add_init_script(COLLECT)
    page = sign_in(watch_errors(context.new_page()), portal_url, "secretary")
    page.goto(series)
    form = page.locator("form[data-confirm]").first
    assert form.get_attribute("onsubmit") is None
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    form.locator("button[type='submit']").click()
    page.wait_for_timeout(300)
    assert asked and asked[0] == form.get_attribute("data-confirm")
    assert page.url == series and violations(page) == []
    context.close()
