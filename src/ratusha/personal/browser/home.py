"""The site's home: the personal room for a signed-in user, the public front for citizens."""

import datetime
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.browser.branding import municipality_name
from ratusha.core.dates import long_date
from ratusha.core.dates import SOFIA
from ratusha.personal.interfaces import IPublicFrontPanel
from ratusha.personal.panels import get_panels
from zope.i18n import translate


def greeting_for(hour):
    if 5 <= hour < 12:
        return _("greeting_morning", default="Good morning")
    if 12 <= hour < 18:
        return _("greeting_day", default="Good afternoon")
    return _("greeting_evening", default="Good evening")


class PersonalRoomView(BrowserView):
    """The personal room: greeting, today's date and every available panel."""

    template = ViewPageTemplateFile("templates/personal_room.pt")

    def __call__(self):
        self.request.set("disable_border", True)
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        return self.template()

    def now(self):
        return datetime.datetime.now(SOFIA)

    def greeting(self):
        user = api.user.get_current()
        name = user.getProperty("fullname", "") or user.getUserName()
        text = translate(greeting_for(self.now().hour), context=self.request)
        return f"{text}, {name}"

    def today(self):
        return long_date(self.now().date(), self.request)

    def panels(self):
        return [
            {"name": name, "panel": panel, "count": panel.count()}
            for name, panel in get_panels(self.context, self.request)
        ]


class HomeView(PersonalRoomView):
    """Default view of the site root."""

    front = ViewPageTemplateFile("templates/front.pt")

    def __call__(self):
        if api.user.is_anonymous():
            self.request.set("disable_border", True)
            return self.front()
        return super().__call__()

    def municipality(self):
        return municipality_name(self.request)

    def front_panels(self):
        return [panel for _name, panel in get_panels(self.context, self.request, IPublicFrontPanel)]

    def published(self):
        catalog = api.portal.get_tool("portal_catalog")
        return catalog(
            review_state="published",
            sort_on="effective",
            sort_order="descending",
            sort_limit=10,
        )[:10]
