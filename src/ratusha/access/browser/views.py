"""Pages of the second factor: enrol with a QR code, confirm a login with a code, reset."""

import datetime
import io
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.access import invitations
from ratusha.access import proof
from ratusha.access import totp
from ratusha.access import twofactor
from ratusha.access.browser.chrome import bare
from ratusha.audit.interfaces import record
from ratusha.core.browser.branding import municipality_name
from ratusha.core.dates import short_datetime
from ratusha.core.login import announce_failure
import segno
from urllib.parse import urlencode
from urllib.parse import urlparse
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory
from zope.interface import alsoProvides


# Plone's login form says this as soon as the password is right, before the second factor
WELCOME = MessageFactory("plone")(
    "you_are_now_logged_in", default="Welcome! You are now logged in."
)


class SecondFactorBase(BrowserView):
    def user_id(self):
        return api.user.get_current().getId()

    def came_from(self):
        """Only ever back into this site (no open redirect)."""
        portal_url = api.portal.get().absolute_url()
        target = self.request.form.get("came_from") or portal_url
        ours = urlparse(portal_url)
        theirs = urlparse(target)
        if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
            return portal_url
        return target

    def message(self, text, kind="error"):
        IStatusMessage(self.request).add(text, type=kind)

    def render(self):
        bare(self.request)
        self.hold_welcome()
        return self.template()

    def hold_welcome(self):
        """The password alone has not logged anyone in here: drop Plone's welcome (it is given
        once the code is confirmed) and keep every other message."""
        messages = IStatusMessage(self.request)
        welcome = translate(WELCOME, context=self.request)
        for message in messages.show():
            if message.message != welcome:
                messages.add(message.message, type=message.type)


class TwoFactorView(SecondFactorBase):
    """Asks for the code of a logged-in user who has enrolled."""

    template = ViewPageTemplateFile("templates/two_factor.pt")

    def __call__(self):
        user_id = self.user_id()
        if not twofactor.is_enrolled(user_id):
            return self.request.response.redirect(
                f"{api.portal.get().absolute_url()}/@@two-factor-setup"
            )
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            used = twofactor.check(user_id, self.request.form.get("code", ""))
            if used:
                proof.issue(self.request, user_id)
                if used == "recovery":
                    record(
                        "auth.2fa-recovery-used", details={"left": twofactor.recovery_left(user_id)}
                    )
                    self.message(
                        _(
                            "access_recovery_used",
                            default="Recovery code accepted. ${left} left.",
                            mapping={"left": twofactor.recovery_left(user_id)},
                        ),
                        "warning",
                    )
                self.message(WELCOME, "info")
                return self.request.response.redirect(self.came_from())
            announce_failure(
                api.user.get_current().getUserName(), self.request, reason="bad-second-factor"
            )
            self.message(
                _("access_bad_code", default="That code is not valid. Try the current one.")
            )
        return self.render()


class TwoFactorSetupView(SecondFactorBase):
    """Enrolment: a QR code for the authenticator app, a first code, then recovery codes.

    Where administrators require it, only with the one-time link one of them issued to this
    account: the password alone does not let anyone take the second factor.
    """

    template = ViewPageTemplateFile("templates/two_factor_setup.pt")
    recovery_codes = None
    needs_link = False

    def enrolment(self):
        token = self.request.form.get("enrolment", "")
        return token if isinstance(token, str) else ""

    def __call__(self):
        user_id = self.user_id()
        if twofactor.is_enrolled(user_id):
            return self.request.response.redirect(self.came_from())
        if twofactor.links_required() and not twofactor.invited(user_id, self.enrolment()):
            self.needs_link = True
            if self.enrolment():
                self.message(
                    _(
                        "access_link_invalid",
                        default="This enrolment link is not valid: "
                        "it was used, it expired, or it is for another account.",
                    )
                )
            return self.render()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            codes = twofactor.confirm_enrolment(user_id, self.request.form.get("code", ""))
            if codes:
                twofactor.use_invitation(user_id)
                record("auth.2fa-enrolled", details={"by_link": twofactor.links_required()})
                proof.issue(self.request, user_id)
                self.recovery_codes = codes
                return self.render()
            self.message(
                _("access_bad_code", default="That code is not valid. Try the current one.")
            )
        # an unconfirmed secret is written on a GET; it grants nothing until confirmed
        alsoProvides(self.request, IDisableCSRFProtection)
        record_ = twofactor.get(user_id)
        self.secret = (
            record_.plain_secret() if record_ is not None and not record_.confirmed else None
        ) or twofactor.start_enrolment(user_id)
        return self.render()

    def qr_svg(self):
        user = api.user.get_current()
        uri = totp.provisioning_uri(
            self.secret, user.getUserName(), f"Ratusha {municipality_name(self.request)}"
        )
        out = io.BytesIO()
        segno.make(uri, error="m").save(
            out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="QR"
        )
        return out.getvalue().decode()

    def grouped_secret(self):
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


class TwoFactorResetView(BrowserView):
    """An administrator removes a user's second factor (lost phone); the user enrols again."""

    def __call__(self):
        CheckAuthenticator(self.request)
        user_id = self.request.form.get("user_id", "")
        if self.request.method == "POST" and twofactor.reset(user_id):
            record("auth.2fa-reset", details={"user": user_id})
            IStatusMessage(self.request).add(
                _(
                    "access_reset_done",
                    default="Two-factor login of ${user} was reset.",
                    mapping={"user": user_id},
                ),
                type="info",
            )
        else:
            IStatusMessage(self.request).add(
                _(
                    "access_reset_none",
                    default="${user} has no two-factor login to reset.",
                    mapping={"user": user_id},
                ),
                type="warning",
            )
        return self.request.response.redirect(
            f"{api.portal.get().absolute_url()}/@@access-controlpanel"
        )


class EnrolmentLinkView(BrowserView):
    """An administrator issues a person's one-time enrolment link, shown once, to pass on."""

    template = ViewPageTemplateFile("templates/enrolment_link.pt")
    link = None

    def __call__(self):
        if self.request.method != "POST":
            return self.request.response.redirect(
                f"{api.portal.get().absolute_url()}/@@access-locks"
            )
        CheckAuthenticator(self.request)
        name = self.request.form.get("user_id", "")
        user = (
            api.user.get(userid=name) or api.user.get(username=name)
            if isinstance(name, str) and name.strip()
            else None
        )
        if user is None:
            IStatusMessage(self.request).add(
                _(
                    "access_link_no_user",
                    default="There is no user ${user}.",
                    mapping={"user": name if isinstance(name, str) else ""},
                ),
                type="warning",
            )
            return self.request.response.redirect(
                f"{api.portal.get().absolute_url()}/@@access-locks"
            )
        self.user = user
        token = twofactor.invite(user.getId())
        record("auth.2fa-link-issued", details={"user": user.getId()})
        self.link = (
            f"{api.portal.get().absolute_url()}/@@two-factor-setup?"
            f"{urlencode({'enrolment': token})}"
        )
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.template()

    def valid_until(self):
        return short_datetime(
            datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=invitations.LIFETIME)
        )
