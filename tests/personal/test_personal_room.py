"""The personal room: panels from any capability, ordered, the same on the page and in REST."""

from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.base.interfaces import IPloneSiteRoot
from ratusha.interfaces import IRatushaLayer
from ratusha.notifications.api import notify
from ratusha.personal.browser.home import greeting_for
from ratusha.personal.interfaces import IPersonalRoomPanel
from ratusha.personal.panels import get_panels
import transaction
from zope.component import getGlobalSiteManager
from zope.interface import implementer


@implementer(IPersonalRoomPanel)
class MeetingsPanel:
    order = 5
    title = "Meetings today"
    icon = "camera-video"

    def __init__(self, context, request):
        pass

    def available(self):
        return True

    def count(self):
        return 2

    def items(self):
        return [{"title": "Planning", "url": "/meetings/planning"}]

    def render(self):
        return "<p class='meetings-test'>Planning at 10:00</p>"


def register_panel():
    getGlobalSiteManager().registerAdapter(
        MeetingsPanel, (IPloneSiteRoot, IRatushaLayer), IPersonalRoomPanel, name="meetings"
    )


def unregister_panel():
    getGlobalSiteManager().unregisterAdapter(
        MeetingsPanel, (IPloneSiteRoot, IRatushaLayer), IPersonalRoomPanel, name="meetings"
    )


def test_greeting_by_hour():
    table = {
        6: "greeting_morning",
        11: "greeting_morning",
        12: "greeting_day",
        17: "greeting_day",
        18: "greeting_evening",
        2: "greeting_evening",
    }
    for hour, msgid in table.items():
        assert greeting_for(hour) == msgid, hour


def test_panels_from_other_capabilities_are_ordered(integration):
    portal, request = integration["portal"], integration["request"]
    from zope.interface import alsoProvides

    alsoProvides(request, IRatushaLayer)
    register_panel()
    try:
        names = [name for name, _panel in get_panels(portal, request)]
    finally:
        unregister_panel()
    assert names == ["meetings", "notifications"]


def test_page_shows_panels_and_badge(integration):
    portal, request = integration["portal"], integration["request"]
    from zope.interface import alsoProvides

    alsoProvides(request, IRatushaLayer)
    notify([TEST_USER_ID], "test", "Провери документ 94-00-1")
    html = portal.restrictedTraverse("@@personal-room")()
    assert 'id="panel-notifications"' in html
    assert "Провери документ 94-00-1" in html
    assert 'class="badge rounded-pill ratusha-badge"' in html


def test_rest_personal_room(functional, api_session):
    portal = functional["portal"]
    register_panel()
    try:
        notify([TEST_USER_ID], "test", "Нова задача")
        transaction.commit()
        reply = api_session(TEST_USER_NAME, TEST_USER_PASSWORD).get(
            f"{portal.absolute_url()}/@personal-room"
        )
    finally:
        unregister_panel()
    assert reply.status_code == 200
    data = reply.json()
    assert data["user"]["id"] == TEST_USER_ID
    assert [p["id"] for p in data["panels"]] == ["meetings", "notifications"]
    notifications = data["panels"][1]
    assert notifications["title"] == "Известия"
    assert notifications["count"] == 1
    assert notifications["items"][0]["subject"] == "Нова задача"


def test_rest_personal_room_needs_login(functional, api_session):
    reply = api_session().get(f"{functional['portal'].absolute_url()}/@personal-room")
    assert reply.status_code == 401
    assert reply.json()["type"] == "Unauthorized"


def test_anonymous_front_page(functional, api_session):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(
            container=portal, type="Document", id="news", title="Сесия на съвета"
        )
        api.content.transition(obj=page, transition="publish")
    transaction.commit()
    session = api_session()
    session.headers["Accept"] = "text/html"
    html = session.get(portal.absolute_url()).text
    assert 'id="public-front"' in html
    assert "Сесия на съвета" in html
    assert 'lang="bg"' in html
