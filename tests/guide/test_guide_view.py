"""The help link: @@guide serves the guide's pages and pictures in the reader's language, from the
package (offline), to signed-in users, and nothing else of the checkout."""

from plone import api
import pytest
from ratusha.guide import paths
import requests
import transaction


PASSWORD = "guide-password-1"


@pytest.mark.parametrize(
    "current,expected",
    [
        ("bg", "bg"),
        ("en", "en"),
        ("en-gb", "en"),
        ("EN", "en"),
        ("de", "bg"),
        ("", "bg"),
        (None, "bg"),
    ],
)
def test_language_for(current, expected):
    assert paths.language_for(current) == expected


@pytest.mark.parametrize(
    "parts,expected",
    [
        (("bg", "index.md"), "bg/index.md"),
        (("en", "council-staff.md"), "en/council-staff.md"),
        (("img", "bg", "registrar-register.png"), "img/bg/registrar-register.png"),
        (("de", "index.md"), None),
        (("bg", "..", "index.md"), None),
        (("..", "..", "setup.py"), None),
        (("bg", "index.py"), None),
        (("bg", ".index.md"), None),
        (("img", "bg", "x.svg"), None),
        (("img", "bg"), None),
        ((), None),
    ],
)
def test_resolve(parts, expected):
    assert paths.resolve(parts) == expected


def test_dress_fits_pictures_and_tables():
    html = paths.dress('<p><img alt="a" src="../img/bg/a.png" /></p><table><tr></tr></table>')
    assert '<img class="img-fluid border rounded mb-3" loading="lazy" alt="a"' in html
    assert '<table class="table table-sm">' in html


def test_links_outside_the_guide_become_text():
    html = (
        '<a href="../../audit.md">docs/audit.md</a> <a href="registrar.md">Деловодител</a> '
        '<a href="../en/index.md">English</a>'
    )
    assert paths.unlink_outside(html) == (
        'docs/audit.md <a href="registrar.md">Деловодител</a> <a href="../en/index.md">English</a>'
    )


@pytest.fixture
def reader(functional):
    api.user.create(email="reader@example.org", username="reader", password=PASSWORD)
    api.group.add_user(groupname="employees", username="reader")
    transaction.commit()
    session = requests.Session()
    session.auth = ("reader", PASSWORD)
    return functional["portal"].absolute_url(), session


def test_help_link_opens_the_guide_in_the_readers_language(reader):
    url, session = reader
    page = session.get(f"{url}/@@guide")
    assert page.url == f"{url}/@@guide/bg/index.md"
    assert "<h1>Ратуша — ръководство за потребителя</h1>" in page.text
    assert 'href="registrar.md"' in page.text
    session.cookies.set("I18N_LANGUAGE", "en")
    page = session.get(f"{url}/@@guide")
    assert page.url == f"{url}/@@guide/en/index.md"
    assert "<h1>Ratusha — user guide</h1>" in page.text


def test_pages_and_pictures_and_nothing_else(reader):
    url, session = reader
    page = session.get(f"{url}/@@guide/bg/registrar.md")
    assert page.status_code == 200
    assert 'src="../img/bg/registrar-register.png"' in page.text
    assert '<img class="img-fluid' in page.text
    assert '<table class="table' in session.get(f"{url}/@@guide/en/index.md").text
    picture = session.get(f"{url}/@@guide/img/bg/registrar-register.png")
    assert picture.headers["Content-Type"] == "image/png"
    assert picture.content.startswith(b"\x89PNG")
    for wrong in (
        "bg/nothing.md",
        "img/bg/nothing.png",
        "de/index.md",
        "bg/../../../setup.py",
        "..%2F..%2Fpyproject.toml",
    ):
        assert session.get(f"{url}/@@guide/{wrong}").status_code == 404, wrong


def test_the_help_link_is_for_signed_in_users(reader):
    url, session = reader
    footer = session.get(url).text
    assert f'href="{url}/@@guide"' in footer
    assert "Помощ" in footer
    anonymous = requests.get(f"{url}/@@guide/bg/index.md", allow_redirects=False)
    assert anonymous.status_code in (302, 401)
    assert f'href="{url}/@@guide"' not in requests.get(url).text


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_help_link_in_the_browser(reader, browser, width, height):
    from browsing import shot
    from browsing import sign_in

    url, _session = reader
    context = browser.new_context(viewport={"width": width, "height": height})
    page = sign_in(context.new_page(), url, "reader", PASSWORD)
    page.goto(url)
    page.click("#portal-footer a[href$='/@@guide'], #portal-siteactions a[href$='/@@guide']")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{url}/@@guide/bg/index.md"
    page.click("a[href='registrar.md']")
    page.wait_for_load_state("networkidle")
    pictures = page.locator("article.ratusha-guide img")
    assert pictures.count() >= 3
    assert all(
        pictures.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        for i in range(pictures.count())
    )
    shot(page, "guide-registrar", width)
    context.close()
