"""Personal room panels of the council: my next session, the opinions my committee owes; and
the citizens' front page section with the next public session."""

from DateTime import DateTime
import datetime
from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.dates import iso
from ratusha.core.dates import short_datetime
from ratusha.core.links import safe_link
from ratusha.council import opinions
from ratusha.council.calendar import people_of
from ratusha.council.councils import council_of
from ratusha.council.councils import my_committees
from ratusha.council.councils import SESSION
from ratusha.council.lifecycle import today
from ratusha.council.live import STATE_TITLES
from ratusha.personal.interfaces import IPersonalRoomPanel
from ratusha.personal.interfaces import IPublicFrontPanel
from zope.interface import implementer


UPCOMING_STATES = ("convened", "open")
LIMIT = 5


def upcoming_sessions(unrestricted=False):
    """Sessions convened or in session that have not ended more than 12 hours ago, soonest
    first (an open session that runs late stays listed)."""
    catalog = api.portal.get_tool("portal_catalog")
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=12)
    return search(
        portal_type=SESSION,
        review_state=UPCOMING_STATES,
        end={"query": DateTime(since.isoformat()), "range": "min"},
        sort_on="start",
    )


class CouncilPanel:
    template = ViewPageTemplateFile("browser/templates/panel_council.pt")

    def __init__(self, context, request):
        self.context = context
        self.request = request
        self._items = None

    def user_id(self):
        return api.user.get_current().getId()

    def available(self):
        return not api.user.is_anonymous() and bool(self.items())

    def render(self):
        return self.template(panel=self)


@implementer(IPersonalRoomPanel)
class NextSessionPanel(CouncilPanel):
    order = 8
    title = _("panel_council_sessions", default="Council sessions")
    icon = "bank"
    empty = _("panel_council_sessions_empty", default="No session is convened.")

    def items(self):
        if self._items is None:
            user_id = self.user_id()
            result = []
            for brain in upcoming_sessions(unrestricted=True):
                session = brain._unrestrictedGetObject()
                if user_id not in people_of(council_of(session)):
                    continue
                result.append(
                    {
                        "title": session.Title(),
                        "url": session.absolute_url(),
                        "live_url": f"{session.absolute_url()}/@@live",
                        "when": short_datetime(session.start),
                        "place": session.place or "",
                        "state": brain.review_state,
                    }
                )
                if len(result) >= LIMIT:
                    break
            self._items = result
        return self._items

    def available(self):
        if api.user.is_anonymous():
            return False
        from ratusha.council.setup import default_council

        return self.user_id() in people_of(default_council()) or bool(self.items())

    def count(self):
        return sum(1 for item in self.items() if item["state"] == "open")


@implementer(IPersonalRoomPanel)
class OpinionsPanel(CouncilPanel):
    order = 9
    title = _("panel_council_opinions", default="Opinions my committee owes")
    icon = "clipboard-check"
    empty = _("panel_council_opinions_empty", default="No opinion is due.")

    def available(self):
        return not api.user.is_anonymous() and bool(my_committees(self.user_id()))

    def items(self):
        if self._items is None:
            committees = {c.UID() for c in my_committees(self.user_id())}
            day = today()
            result = []
            if committees:
                for opinion in opinions.find(committee_uids=committees, unrestricted=True):
                    if opinion.is_given():
                        continue
                    data = opinions.describe(opinion, day)
                    result.append(
                        {
                            "title": data["item"]["title"],
                            "url": data["@id"],
                            "committee": data["committee"]["title"],
                            "deadline": opinions.deadline_text(opinion),
                            "due": data["deadline"] or "",
                            "overdue": data["overdue"],
                        }
                    )
            self._items = sorted(result, key=lambda i: (not i["overdue"], i["due"]))
        return self._items

    def count(self):
        return sum(1 for item in self.items() if item["overdue"])


@implementer(IPublicFrontPanel)
class PublicSessionPanel:
    """The next session a citizen may see (what they look for first), on the front page."""

    order = 10
    template = ViewPageTemplateFile("browser/templates/front_session.pt")

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def session(self):
        if not hasattr(self, "_session"):
            brains = upcoming_sessions()
            self._session = brains[0].getObject() if brains else None
        return self._session

    def available(self):
        return self.session() is not None

    def render(self):
        session = self.session()
        state = api.content.get_state(session)
        return self.template(
            session=session,
            state=state,
            state_title=STATE_TITLES[state],
            when=short_datetime(session.start),
            iso=iso(session.start),
            livestream=safe_link(session.livestream_url) if state == "open" else None,
        )
