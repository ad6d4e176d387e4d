"""Shared by the browser tests: Debian's Chromium, signing in, waiting, screenshots.

The `browser` fixture (tests/conftest.py) launches Chromium once per module with these flags.
"""

import os
import pathlib
from ratusha.core.demo import DEMO_PASSWORD
import time


CHROMIUM = os.environ.get("RATUSHA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def watch_errors(page):
    """Collect script errors on `page.errors`, so a test can assert the page ran cleanly."""
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def sign_in(page, portal_url, user, password=DEMO_PASSWORD):
    page.goto(f"{portal_url}/login")
    page.fill("input[name='__ac_name']", user)
    page.fill("input[name='__ac_password']", password)
    page.click("button[name='buttons.login']")
    page.wait_for_load_state("networkidle")
    return page


def signed_in(browser, portal_url, user, width=1280, height=900, locale=None):
    """A new context of the given screen size with `user` signed in: (context, page)."""
    options = {"viewport": {"width": width, "height": height}}
    if locale:
        options["locale"] = locale
    context = browser.new_context(**options)
    page = watch_errors(context.new_page())
    return context, sign_in(page, portal_url, user)


def wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def no_overflow(page, width):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {width}px screen"


def shot(page, name, width):
    """Keep a full-page screenshot in tests/artifacts and check nothing overflows the screen."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    no_overflow(page, width)


# axe-core, installed by `make install-test` (npm ci in tests/browser, exact version in its lock)
AXE = (
    pathlib.Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
)
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
WIDTHS = ((1366, 900), (390, 844))


def axe(page):
    """WCAG 2.1 A and AA violations axe-core finds on the page as it is now.

    The context must be made with bypass_csp=True: axe is injected as an inline script,
    which Ratusha's Content-Security-Policy would (rightly) refuse."""
    assert AXE.exists(), "axe-core is missing: run `make install-test` (npm ci in tests/browser)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120)).slice(0, 5), count: v.nodes.length})))",
        WCAG_AA,
    )


def by_impact(violations):
    """{impact: number of elements} for a list from axe()."""
    counts = dict.fromkeys(IMPACTS, 0)
    for violation in violations:
        counts[violation["impact"]] += violation["count"]
    return counts


def demo_tour(portal):
    """The demo site's page types and who sees them: {user or None: [(page type, url)]}.

    One place for the browser tests that walk every page type for every role (accessibility,
    language); the voting panel and the second-factor prompt need their own steps first."""
    from plone import api

    url = portal.absolute_url()
    catalog = api.portal.get_tool("portal_catalog")

    def first(**query):
        return catalog.unrestrictedSearchResults(sort_on="id", **query)[0].getURL()

    incoming = first(portal_type="IncomingDocument")
    outgoing = first(portal_type="OutgoingDocument", review_state="in_approval")
    meeting = first(portal_type="Meeting")
    session = f"{url}/council/zasedanie-12"
    item = first(
        portal_type="AgendaItem", path=session.replace(url, "/".join(portal.getPhysicalPath()))
    )
    room = meeting.rsplit("/", 1)[0]
    common = [("personal room", url)]
    return {
        None: [
            ("front page", url),
            ("login", f"{url}/login"),
            ("council", f"{url}/council"),
            ("council session", session),
            ("agenda item", item),
            ("decisions", f"{url}/council/@@decisions"),
            ("search", f"{url}/@@search?SearchableText=бюджет"),
            ("accessibility statement", f"{url}/accessibility-info"),
            ("404", f"{url}/no-such-page"),
        ],
        "employee": common
        + [
            ("search", f"{url}/@@search?SearchableText=бюджет"),
            ("accessibility statement", f"{url}/accessibility-info"),
            ("meetings", f"{url}/meetings"),
            ("meeting", meeting),
            ("join page", f"{meeting}/@@join"),
            ("meeting room", room),
            ("call a colleague", f"{room}/@@call-colleague"),
        ],
        "registrar": common
        + [
            ("registers", f"{url}/registry"),
            ("register", f"{url}/registry/incoming"),
            ("document", incoming),
            ("registration form", f"{url}/registry/incoming/++add++IncomingDocument"),
            ("edit form: document", f"{incoming}/edit"),
        ],
        "head.budget": common + [("approval", outgoing)],
        "director.finance": common + [("approval", outgoing)],
        "secretary": common
        + [
            ("approval", outgoing),
            ("document", incoming),
            ("add form: meeting", f"{url}/meetings/golyama-zala/++add++Meeting"),
        ],
        "mayor": common
        + [
            ("approval", outgoing),
            ("registers", f"{url}/registry"),
            ("administration report", f"{url}/@@administration-report"),
        ],
        "head.construction": common,
        "council.staff": common
        + [
            ("council", f"{url}/council"),
            ("council session", session),
            ("live page", f"{session}/@@live"),
            ("decisions", f"{url}/council/@@decisions"),
            ("edit form: session", f"{session}/edit"),
            ("edit form: agenda item", f"{item}/edit"),
        ],
        "councillor05": common + [("council session", session), ("agenda item", item)],
        "auditor": [
            ("audit log", f"{url}/@@audit-log"),
            ("document history", f"{incoming}/@@audit-history"),
        ]
        + common,
        "itadmin": [
            ("control panel", f"{url}/@@ratusha-controlpanel"),
            ("locks", f"{url}/@@access-locks"),
        ]
        + common,
        "dpo": [
            ("records of processing", f"{url}/@@records-of-processing"),
        ]
        + common,
    }


def tab_to(page, selector, backwards=False, limit=200):
    """Press Tab (Shift+Tab) until the focused element matches `selector`; assert that the
    focus is visible there (an outline or a focus ring), as a keyboard user must see it."""
    key = "Shift+Tab" if backwards else "Tab"
    for _press in range(limit):
        page.keyboard.press(key)
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            assert focus_visible(page), (
                f"no visible focus on {selector} at {page.url}: " + page.evaluate(FOCUSED)
            )
            return page.locator(selector)
    raise AssertionError(f"{selector} not reached with {key} on {page.url}")


FOCUSED = """() => { const e = document.activeElement, s = getComputedStyle(e);
    return [e.outerHTML.slice(0, 200), e.matches(':focus-visible'), s.outlineStyle, s.outlineWidth,
            s.boxShadow].join(' | '); }"""


def focus_visible(page):
    return page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return e.matches(':focus-visible') && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow !== 'none');
    }""")
