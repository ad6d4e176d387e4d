"""The toolbar's history entry gives the last change in Sofia time, written by the server.

Plone's toolbar shows it through the display-time pattern, which turns the time into the
*browser's* zone: a computer on UTC showed 13:55 for an act done at 15:55 in Sofia.
"""

from plone.app.layout.viewlets.common import ContentViewsViewlet
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha.core import dates


class SofiaContentViewsViewlet(ContentViewsViewlet):
    menu_template = ViewPageTemplateFile("templates/toolbar_menu.pt")

    def _modified(self):
        return dates.from_timestamp(self.context.modified().timeTime())

    def modified_iso(self):
        return dates.iso(self._modified())

    def modified_text(self):
        """dd.mm.yyyy hh:mm:ss, as the pattern wrote it in Bulgarian."""
        return self._modified().strftime("%d.%m.%Y %H:%M:%S")
