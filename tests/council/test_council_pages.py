"""Pages of the council over real HTTP, the personal room panels and the calendar feed."""

from council_helpers import convened_session
from council_helpers import make_item
from council_helpers import make_session
from council_helpers import PASSWORD
from council_helpers import STAFF
import datetime
from plone import api
from ratusha.council.interfaces import ILiveSessionSection
from ratusha.council.interfaces import ISession
from ratusha.council.live import live_state
from ratusha.interfaces import IRatushaLayer
from ratusha.meetings.interfaces import ICalendarSource
from ratusha.personal.panels import get_panels
import requests
import transaction
from zope.component import getGlobalSiteManager
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.component import provideAdapter
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface


def page(url, user=None):
    auth = (user, PASSWORD) if user else None
    return requests.get(url, auth=auth, allow_redirects=False)


def test_pages(http_council):
    with api.env.adopt_roles(["Manager"]):
        committee = api.content.create(
            container=http_council,
            type="Committee",
            title="Комисия по бюджет",
            chair="cllr04",
            secretary=STAFF,
            members=["cllr04", "cllr05"],
        )
    public = convened_session(title="Открито заседание", livestream_url=None)
    make_item(public, title="Отчет", committees=[committee.UID()])
    closed = convened_session(title="Закрито заседание", closed_door=True)
    draft = make_session(title="Подготвяно заседание")
    make_item(draft, basis=("",) * 4)
    transaction.commit()
    council_url = http_council.absolute_url()
    text = page(council_url).text
    assert 'id="council-sessions"' in text and "Открито заседание" in text
    assert "Подготвяно заседание" not in text
    staff_text = page(council_url, STAFF).text
    assert "Подготвяно заседание" in staff_text and 'data-code="no-livestream"' in staff_text
    # the public session page: agenda and materials
    text = page(public.absolute_url()).text
    assert 'id="session-agenda"' in text and "ЗМСМА чл. 21 ал. 1 т. 6" in text
    assert "@@download/file" in text and 'id="live-link"' not in text
    # a closed session: only that it took place
    text = page(closed.absolute_url()).text
    assert 'id="closed-session-note"' in text and 'id="session-agenda"' not in text
    assert 'id="session-agenda"' in page(closed.absolute_url(), "cllr05").text
    # staff see what stops convening
    text = page(draft.absolute_url(), STAFF).text
    assert 'id="convene-problems"' in text
    item = public.objectValues()[0]
    text = page(item.absolute_url()).text
    assert 'id="item-materials"' in text and "ratusha-legal-basis" in text
    text = page(committee.absolute_url(), "cllr04").text
    assert 'id="committee-opinions"' in text and "Отчет" in text
    asked = public["otchet"]
    text = page(asked.absolute_url(), "cllr04").text
    assert 'id="item-opinions"' in text and "/edit" in text  # the chair gives the opinion


def test_live_page(http_council):
    session = convened_session()
    transaction.commit()
    url = f"{session.absolute_url()}/@@live"
    reply = page(url)
    assert reply.status_code in (302, 401) or "login" in reply.headers.get("Location", "")
    assert page(url, "outsider").status_code in (302, 401, 403)
    text = page(url, "cllr05").text
    for name in ("quorum", "agenda", "current", "presence"):
        assert f'data-live-section="{name}"' in text, name
    assert 'data-live-section="controls"' not in text
    assert 'id="live-checkin"' in text  # this council lets councillors check in
    text = page(url, STAFF).text
    assert 'data-live-section="controls"' in text and 'id="live-check-quorum"' in text
    assert 'data-live-action="presence"' in text
    assert "live.js" in text


def test_personal_room_panels(council):
    session = convened_session()
    with api.env.adopt_roles(["Manager"]):
        committee = api.content.create(
            container=council,
            type="Committee",
            title="Бюджет",
            chair="cllr04",
            secretary=STAFF,
            members=["cllr04"],
        )
    make_item(
        session,
        title="Нова точка",
        committees=[committee.UID()],
        opinion_deadline=datetime.date.today() - datetime.timedelta(days=1),
    )
    portal = api.portal.get()
    request = portal.REQUEST
    alsoProvides(request, IRatushaLayer)
    with api.env.adopt_user(username="cllr04"):
        panels = dict(get_panels(portal, request))
        sessions = panels["council.sessions"].items()
        assert [s["title"] for s in sessions] == [session.Title()]
        owed = panels["council.opinions"]
        assert owed.count() == 1 and owed.items()[0]["overdue"] is True
        assert "ratusha-council-list" in owed.render()
    with api.env.adopt_user(username="outsider"):
        names = dict(get_panels(portal, request))
        assert "council.sessions" not in names and "council.opinions" not in names


def test_sessions_in_the_calendar_feed(council):
    session = convened_session()
    make_session(title="Чернова")  # not convened: not in calendars
    source = getUtility(ICalendarSource, name="council")
    now = datetime.datetime.now(datetime.UTC)
    later = now + datetime.timedelta(days=30)
    events = source.events("cllr05", now, later)
    assert [e.summary for e in events] == [session.Title()]
    assert events[0].url.endswith("/@@live") and events[0].location == "Зала на съвета"
    assert source.events(STAFF, now, later)
    assert source.events("outsider", now, later) == []


def test_live_sections_are_extensible(council):
    """Part 2's voting panel is one more ILiveSessionSection: it shows up in the page and the
    live state without touching the page."""

    @implementer(ILiveSessionSection)
    class Voting:
        order = 25
        title = None

        def __init__(self, context, request):
            self.context, self.request = context, request

        def available(self):
            return True

        def render(self):
            return '<p id="poll">Гласуване</p>'

        def state(self):
            return {"poll": "open"}

    session = convened_session()
    request = api.portal.get().REQUEST
    alsoProvides(request, IRatushaLayer)
    provideAdapter(Voting, (ISession, Interface), ILiveSessionSection, name="test-voting")
    try:
        with api.env.adopt_user(username="cllr05"):
            data, etag = live_state(session, request, with_html=True)
            assert data["sections"]["test-voting"] == {
                "state": {"poll": "open"},
                "html": '<p id="poll">Гласуване</p>',
            }
            view = getMultiAdapter((session, request), name="live")
            assert "test-voting" in [name for name, _s in view.sections()]
    finally:
        getGlobalSiteManager().unregisterAdapter(
            Voting, (ISession, Interface), ILiveSessionSection, name="test-voting"
        )
