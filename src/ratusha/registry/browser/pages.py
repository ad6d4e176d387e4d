"""The registry overview, worklists, case files, reminders, and letters as PDF."""

import json
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import error
from ratusha.registry import worklists
from ratusha.registry.browser.common import day_text
from ratusha.registry.browser.common import Helpers
from ratusha.registry.browser.common import state_title
from ratusha.registry.config import today
from ratusha.registry.content import DOCUMENT_TYPES
from ratusha.registry.content import REGISTER
from ratusha.registry.content import REGISTER_TYPES
from ratusha.registry.special import readable
from ratusha.registry.vocabularies import REGISTER_KINDS as REGISTER_KIND_TITLES
from ratusha.registry.vocabularies import user_title
from zope.i18n import translate
from zope.interface import alsoProvides


class OverviewView(BrowserView, Helpers):
    """The registry's front page: the registers and the reader's four worklists."""

    template = ViewPageTemplateFile("templates/overview.pt")

    def __call__(self):
        self.full_width()
        return self.template()

    def registers(self):
        catalog = api.portal.get_tool("portal_catalog")
        found = []
        for register in self.context.objectValues():
            if register.portal_type != REGISTER:
                continue
            path = "/".join(register.getPhysicalPath())
            brains = catalog(
                path={"query": path, "depth": 1},
                portal_type=list(REGISTER_TYPES.get(register.kind, ())),
            )
            year = [b for b in brains if b.registry_year == today().year]
            found.append(
                {
                    "register": register,
                    "count": len(brains),
                    "year": len(year),
                    "kind": translate(
                        dict(REGISTER_KIND_TITLES).get(register.kind, ""), context=self.request
                    ),
                }
            )
        return found

    def lists(self):
        return [
            {
                "name": name,
                "title": worklists.TITLES[name],
                "count": worklists.count(name),
                "url": f"{self.context.absolute_url()}/@@worklist?name={name}",
            }
            for name in worklists.NAMES
        ]


class WorklistView(BrowserView, Helpers):
    """One worklist in full."""

    template = ViewPageTemplateFile("templates/worklist.pt")

    def __call__(self):
        self.full_width()
        self.name = self.request.form.get("name", "for-approval")
        if self.name not in worklists.NAMES:
            self.name = "for-approval"
        return self.template()

    def title(self):
        return worklists.TITLES[self.name]

    def items(self):
        return worklists.items(self.name, limit=500)

    def tabs(self):
        return [
            {
                "name": n,
                "title": worklists.TITLES[n],
                "active": n == self.name,
                "url": f"{self.context.absolute_url()}/@@worklist?name={n}",
            }
            for n in worklists.NAMES
        ]


class CaseFileView(BrowserView, Helpers):
    """A case file and the documents linked to it that the reader may see."""

    template = ViewPageTemplateFile("templates/casefile.pt")

    def __call__(self):
        self.full_width()
        return self.template()

    def documents(self):
        uid = api.content.get_uuid(self.context)
        catalog = api.portal.get_tool("portal_catalog")
        found = []
        for brain in catalog(
            portal_type=list(DOCUMENT_TYPES), registry_case=uid, sort_on="created"
        ):
            found.append(
                {
                    "url": brain.getURL(),
                    "title": brain.Title,
                    "type": brain.portal_type,
                    "state": brain.review_state,
                    "state_title": state_title(brain.portal_type, brain.review_state, self.request),
                }
            )
        return found


class RemindersView(BrowserView):
    """@@registry-reminders: the clock's call (Manage portal); idempotent, answers JSON."""

    def __call__(self):
        from ratusha.registry.reminders import parse_day
        from ratusha.registry.reminders import send_reminders

        # a cron job with the administrator's credentials, not a browser form
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            day = parse_day(self.request.form.get("day"))
        except ValueError:
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(
                error(self.request, _("error_reminders_day", default="Give the day as YYYY-MM-DD."))
            )
        result = send_reminders(day)
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(result)


class LetterPdfView(BrowserView):
    """@@letter.pdf: the outgoing letter rendered from the template."""

    def __call__(self):
        from ratusha.core.settings import get_settings
        from ratusha.registry.pdf import render_letter

        doc = self.context
        signatory = doc.effective_signatory()
        member = api.user.get(userid=signatory) if signatory else None
        replies = []
        for uid in doc.in_reply_to or ():
            answered = api.content.get(UID=uid)
            if answered is not None and answered.registration_number:
                replies.append(answered.registration_number)
        letter = {
            "municipality": get_settings().municipality_name,
            "number": doc.registration_number,
            "date": day_text(doc.registration_date) if doc.registration_date else "",
            "recipients": readable(doc, "recipients"),
            "subject": doc.title,
            "body": readable(doc, "body"),
            "signatory": user_title(signatory) if signatory else "",
            "signatory_title": member.getProperty("description", "") if member else "",
            "in_reply_to": replies,
        }
        data = render_letter(letter, api.portal.get_default_language())
        name = (doc.registration_number or doc.getId()).replace("/", "-")
        self.request.response.setHeader("Content-Type", "application/pdf")
        self.request.response.setHeader(
            "Content-Disposition", content_disposition(f"{name}.pdf", inline=True)
        )
        return data


class ShownOnItsDocument(BrowserView):
    """A resolution and its tasks are read, and acted on, on their document's page (Plone's
    default view would show raw field values: user ids, type names)."""

    def __call__(self):
        return self.request.response.redirect(
            f"{self.context.document().absolute_url()}#resolutions"
        )
