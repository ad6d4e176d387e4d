"""The DPO's page of the record of processing (GDPR Art. 30), its text editing and its PDF."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.core.rest import no_store
from ratusha.privacy.processing import activities
from ratusha.privacy.processing.record import build
from ratusha.privacy.processing.record import write_texts
from zope.component import queryMultiAdapter
from zope.i18n import translate


# the officer's other pages, linked where the site has them
RELATED = (
    ("data-subject-requests", _("ropa_link_requests", default="Data-subject requests")),
    ("personal-data-alerts", _("ropa_link_alerts", default="Alerts on reads of personal data")),
    ("incidents", _("ropa_link_incidents", default="Incident register")),
)


class RecordsOfProcessingView(BrowserView):
    """@@records-of-processing: every activity with its texts and the personal fields found in
    the code; a POST rewrites one activity's texts in the page's language."""

    index = ViewPageTemplateFile("templates/records.pt")

    def __call__(self):
        no_store(self.request.response)
        if self.request.method == "POST":
            return self.save()
        self.record = build(self.context, self.request)
        return self.index()

    def save(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        activity = form.get("activity")
        messages = IStatusMessage(self.request)
        given = {name: form.get(f"text_{name}") for name in activities.TEXTS}
        try:
            if not isinstance(activity, str) or not all(
                isinstance(text, str) or text is None for text in given.values()
            ):
                raise InputError(_("error_ropa_form", default="The form was not filled in."))
            changed = write_texts(
                activity, {k: v for k, v in given.items() if v is not None}, self.request
            )
        except InputError as exc:
            messages.add(exc.message, type="error")
            self.request.response.setStatus(400)
            self.record = build(self.context, self.request)
            return self.index()
        if changed:
            messages.add(_("ropa_saved", default="The texts of the activity are saved."))
        url = f"{self.context.absolute_url()}/@@records-of-processing#activity-{activity}"
        return self.request.response.redirect(url)

    def text_names(self):
        return activities.TEXTS

    def related(self):
        return [
            {
                "url": f"{self.context.absolute_url()}/@@{name}",
                "title": translate(title, context=self.request),
            }
            for name, title in RELATED
            if queryMultiAdapter((self.context, self.request), name=name) is not None
        ]


class RecordsOfProcessingPDF(BrowserView):
    """@@records-of-processing.pdf: the same record on A4, with the municipality and the date."""

    def __call__(self):
        from ratusha.privacy.processing.pdf import render_record

        record = build(self.context, self.request)
        data = render_record(record, self.request)
        response = self.request.response
        no_store(response)
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition",
            content_disposition(f"records-of-processing-{record['generated'][:10]}.pdf"),
        )
        return data
