"""Shared by the browser tests: Debian's Chromium, signing in, waiting, screenshots.

The `browser` fixture (tests/conftest.py) launches Chromium once per module with these flags.
"""

import os
import pathlib
import time

from ratusha.core.demo import DEMO_PASSWORD

CHROMIUM = os.environ.get("RATUSHA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


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
