"""The DPO's page of data-subject requests: open one, search for the person, export what is
held, rectify a value, erase what the law allows. The same acts as the REST services.

Every form posts (the person's name never goes into a URL) with the CSRF token: the requests
live in SQL, which plone.protect's automatic check does not see.
"""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.privacy.subjects import acts
from ratusha.privacy.subjects import rules
from ratusha.privacy.subjects import store
from ratusha.privacy.subjects.export import readable
from ratusha.privacy.subjects.export import text
import transaction
from zope.i18n import translate


KINDS = {
    "access": _("subjects_kind_access", default="Access (Art. 15, 20)"),
    "rectification": _("subjects_kind_rectification", default="Rectification (Art. 16)"),
    "erasure": _("subjects_kind_erasure", default="Erasure (Art. 17)"),
}
STATUSES = {
    "open": _("subjects_status_open", default="Open"),
    "extended": _("subjects_status_extended", default="Extended by two months"),
    "answered": _("subjects_status_answered", default="Answered"),
    "refused": _("subjects_status_refused", default="Refused"),
    "closed": _("subjects_status_closed", default="Closed"),
}
ROLES = {
    "sender": _("subjects_role_sender", default="sender"),
    "recipient": _("subjects_role_recipient", default="recipient"),
    "mentioned": _("subjects_role_mentioned", default="mentioned"),
    "guest": _("subjects_role_guest", default="guest"),
    "participant": _("subjects_role_participant", default="participant"),
    "rapporteur": _("subjects_role_rapporteur", default="rapporteur"),
    "account": _("subjects_role_account", default="account"),
}


# the registry's and the meetings' own labels of the fields found
FIELDS = {
    "sender_name": _("label_sender_name", default="Name of the person or organisation"),
    "sender_email": _("label_sender_email", default="E-mail"),
    "sender_address": _("label_sender_address", default="Address"),
    "sender_personal_number": _(
        "label_sender_personal_number", default="Personal number (ЕГН/ЛНЧ)"
    ),
    "recipients": _("label_recipients", default="Recipients"),
    "guest": _("label_meeting_guests", default="Guests from outside"),
    "user": _("subjects_field_user", default="User name"),
    "fullname": _("subjects_field_fullname", default="Full name"),
    "email": _("label_sender_email", default="E-mail"),
}


class SubjectRequestsView(BrowserView):
    template = ViewPageTemplateFile("templates/subject_requests.pt")
    kinds = rules.KINDS
    statuses = rules.STATUSES

    def __call__(self):
        self.message = None
        self.found = None
        self.outcome = None
        self.case = None
        form = self.request.form
        try:
            if form.get("case"):
                self.case = acts.serialize(acts.case(form["case"]))
            if self.request.get("REQUEST_METHOD") == "POST":
                CheckAuthenticator(self.request)
                result = self.act(form.get("act", ""), self._fields())
                if result is not None:
                    return result
        except InputError as exc:
            transaction.doom()
            self.request.response.setStatus(exc.status)
            self.message = translate(exc.message, context=self.request)
        return self.template()

    def _fields(self) -> dict:
        """The form's plain text fields (a list or record is no one's name)."""
        return {
            key: value
            for key, value in self.request.form.items()
            if isinstance(value, str) or key == "findings"
        }

    def act(self, name, data):
        if name == "open":
            row = acts.open_request(data)
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@data-subject-requests?case={row['id']}"
            )
            return ""
        row = acts.case(self.request.form.get("case"))  # 404 with a message when none
        if name == "status":
            self.case = acts.serialize(acts.change_status(row, data))
        elif name == "search":
            self.found = readable(acts.search(row, data), self.language())
        elif name == "export":
            return acts.export(row, data, self.request.response)
        elif name == "rectify":
            acts.rectify(row, data)
            self.found = readable(acts.search(row, data), self.language())
        elif name == "erase":
            findings = data.get("findings") or []
            data["findings"] = [findings] if isinstance(findings, str) else list(findings)
            self.outcome = acts.erase(row, data)
            self.found = readable(acts.search(row, data), self.language())
        return None

    def language(self):
        return self.request.get("LANGUAGE") or "bg"

    def requests(self):
        return [acts.serialize(row) for row in store.listing()]

    def value(self, key):
        """What the search form shows: what was asked, else the requester's own name/e-mail."""
        value = self.request.form.get(key)
        if isinstance(value, str):
            return value
        if self.case and key in ("name", "email"):
            return self.case["requester" if key == "name" else "email"]
        return ""

    def refused(self):
        if not self.outcome:
            return []
        return [text(row["reason"], self.language()) for row in self.outcome["refused"]]

    def label(self, labels, key):
        return translate(labels[key], context=self.request) if key in labels else key

    def kind(self, key):
        return self.label(KINDS, key)

    def status(self, key):
        return self.label(STATUSES, key)

    def role(self, key):
        return self.label(ROLES, key)

    def field(self, key):
        return self.label(FIELDS, key)

    def fields(self, row):
        return [(self.field(key), value) for key, value in row["fields"].items() if value]
