"""Where council staff see that acts are due: a note on the session page (also the way to
the protocol for everyone who may read it), a personal-room panel, and the clock's call that
notifies them of overdue publication (@@council-publication-reminders)."""

import json
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.council.panels import CouncilPanel
from ratusha.council.protocol import access
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import publication
from ratusha.council.protocol.browser.protocol import publication_text
from ratusha.personal.interfaces import IPersonalRoomPanel
from zope.interface import implementer


class ProtocolViewlet(ViewletBase):
    """On the session page: the link to the protocol; for staff the publication deadline."""

    index = ViewPageTemplateFile("templates/viewlet.pt")
    hidden_on = ("protocol", "live")  # the protocol page says it all; the live page is busy

    def update(self):
        session = self.context
        self.available = getattr(
            self.view, "__name__", ""
        ) not in self.hidden_on and access.may_read(session)
        self.url = f"{session.absolute_url()}/@@protocol"
        self.info = None
        if self.available and access.may_manage(session):
            info = publication.status(session)
            self.info = dict(
                info,
                text=publication_text(info, self.request),
                overdue=info["status"] == protocol_rules.OVERDUE,
            )

    def render(self):
        return self.index() if self.available else ""


@implementer(IPersonalRoomPanel)
class PublicationPanel(CouncilPanel):
    """Protocols the council staff still have to publish, overdue ones first."""

    order = 10
    title = _("panel_council_publication", default="Protocols to publish")
    icon = "journal-check"
    empty = _("panel_council_publication_empty", default="Every protocol is published.")
    template = ViewPageTemplateFile("templates/panel.pt")

    def items(self):
        if self._items is None:
            result = []
            for session in publication.waiting_sessions():
                if not access.may_manage(session):
                    continue
                info = publication.status(session)
                result.append(
                    {
                        "title": session.Title(),
                        "url": f"{session.absolute_url()}/@@protocol",
                        "state": access.state_of(session),
                        "deadline": info["deadline"],
                        "text": publication_text(info, self.request),
                        "overdue": info["status"] == protocol_rules.OVERDUE,
                    }
                )
            self._items = sorted(result, key=lambda i: (not i["overdue"], i["deadline"]))
        return self._items

    def count(self):
        return sum(1 for item in self.items() if item["overdue"])


class RemindersView(BrowserView):
    """@@council-publication-reminders: the clock's call (Manage portal); idempotent."""

    def __call__(self):
        flagged = publication.flag_overdue()
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps({"flagged": flagged})
