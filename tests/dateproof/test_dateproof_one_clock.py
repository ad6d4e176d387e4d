"""One clock: every time a person reads is Sofia time, whatever zone the server runs in.

An act happens at each moment beside a change of the clocks; its time is then read through
Plone's pages and REST (this module) and Ratusha's own channels (test_dateproof_one_clock_channels).
Both run in the suite's own zone, and test_in_other_zones runs them again in a process on
America/New_York and one on Asia/Tokyo (DateTime takes the zone at import).
"""

from DateTime import DateTime
import datetime
import os
import pathlib
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.core import dates
import subprocess
import sys
import time_machine
import transaction


UTC = datetime.UTC
CHILD = "RATUSHA_ONE_CLOCK_ZONE"
HERE = pathlib.Path(__file__).parent

# the instant (UTC) -> Sofia's wall time and offset
MOMENTS = {
    "before-spring-forward": datetime.datetime(2027, 3, 28, 0, 30, tzinfo=UTC),  # 02:30 +02
    "after-spring-forward": datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # 04:30 +03
    "before-fall-back": datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 03:30 +03
    "after-fall-back": datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 03:30 +02
    "new-year": datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC),  # 01.01.2027 00:30 +02
}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MOMENTS["before-spring-forward"], "2027-03-28T02:30:00+02:00"),
        (MOMENTS["after-spring-forward"], "2027-03-28T04:30:00+03:00"),
        (MOMENTS["before-fall-back"], "2026-10-25T03:30:00+03:00"),
        (MOMENTS["after-fall-back"], "2026-10-25T03:30:00+02:00"),
        (MOMENTS["new-year"], "2027-01-01T00:30:00+02:00"),
        (datetime.datetime(2027, 1, 1, 0, 30), "2027-01-01T02:30:00+02:00"),  # naive is UTC
    ],
)
def test_iso_gives_sofia_with_its_offset(moment, expected):
    assert dates.iso(moment) == expected


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def published(request, functional):
    """A page published at the moment, with a folder to list it; (page, Sofia wall time).

    The clock stays an hour after the moment while the test reads: Plone's search shows only
    what is already effective."""
    moment = MOMENTS[request.param]
    portal = functional["portal"]
    api.portal.set_registry_record("plone.display_publication_date_in_byline", True)
    with time_machine.travel(moment, tick=False), api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="folder", title="Папка")
        page = api.content.create(
            container=folder, type="Document", id="page", title="Часовникова страница"
        )
        page.setEffectiveDate(DateTime(moment.isoformat()))
        api.content.transition(obj=page, transition="publish")
    transaction.commit()
    with time_machine.travel(moment + datetime.timedelta(hours=1)):
        yield page, dates.local(moment)


@pytest.fixture
def admin(api_session):
    return api_session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


def page_text(session, url):
    response = session.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, url
    return response.text


def test_pages_show_sofia_time(published, admin):
    """Plone's history viewlet, the byline, search results and a folder listing."""
    page, wall = published
    day, long_time = wall.strftime("%d-%m-%Y"), wall.strftime("%d-%m-%Y %H:%M")  # Bulgarian
    history = page_text(admin, f"{page.absolute_url()}/@@historyview")
    assert long_time in history
    view = page_text(admin, page.absolute_url())
    assert day in view.split('id="section-byline"')[1][:3000]
    portal_url = api.portal.get().absolute_url()
    search = page_text(admin, f"{portal_url}/@@search?SearchableText=Часовникова")
    assert day in search.split('class="searchResults')[1].split("</ol>")[0]  # published
    listing = page_text(admin, page.aq_parent.absolute_url())
    assert long_time in listing


def test_rest_gives_sofia_offset(published, admin):
    """plone.restapi's content GET and @search: ISO 8601 with Sofia's offset."""
    page, wall = published
    iso = wall.isoformat(timespec="seconds")
    data = admin.get(page.absolute_url()).json()
    assert (data["created"], data["modified"], data["effective"]) == (iso, iso, iso)
    portal_url = api.portal.get().absolute_url()
    found = admin.get(
        f"{portal_url}/@search",
        params={
            "SearchableText": "Часовникова",
            "metadata_fields": ["created", "modified", "effective"],
        },
    ).json()["items"]
    assert [(item["created"], item["modified"], item["effective"]) for item in found] == [
        (iso, iso, iso)
    ]


@pytest.mark.skipif(bool(os.environ.get(CHILD)), reason="already in another zone")
@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo"])
def test_in_other_zones(zone):
    """The same checks on a server whose zone is not Sofia's nor UTC."""
    env = dict(os.environ, TZ=zone, **{CHILD: zone})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            str(HERE / "test_dateproof_one_clock.py"),
            str(HERE / "test_dateproof_one_clock_channels.py"),
        ],
        env=env,
        cwd=HERE.parents[1],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
