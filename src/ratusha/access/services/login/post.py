"""POST @login with the second factor: {"login", "password", "otp"} → a JWT that proves it.

Replaces plone.restapi's @login where Ratusha is installed: checks what was sent before
anything else, refuses locked accounts and addresses before any password is tried, tries the
password once, asks for "otp" from users who need the second factor, and marks the token.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services.auth.login import Login
from ratusha import _
from ratusha.access import attempts
from ratusha.access import credentials
from ratusha.access import proof
from ratusha.access import twofactor
from ratusha.audit.interfaces import request_fields
from ratusha.core.login import announce_failure
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from zope.component import getMultiAdapter
from zope.interface import alsoProvides


REFUSED = _("error_login_refused", default="Wrong login and/or password.")
MESSAGES = {
    credentials.MISSING: _(
        "error_login_missing", default='Give "login" and "password" in the request body.'
    ),
    credentials.NOT_TEXT: _(
        "error_login_not_text", default='"login", "password" and "otp" must be text.'
    ),
    credentials.BAD_TEXT: _(
        "error_login_bad_text",
        default='"login", "password" or "otp" has characters that '
        "cannot be part of them, or is too long.",
    ),
}


class TwoFactorLogin(Login):
    def reply(self):
        try:
            data = read_json(self.request)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        problem = credentials.problem(data)
        if problem is not None:
            return error(self.request, MESSAGES[problem], 400)
        alsoProvides(self.request, IDisableCSRFProtection)
        login, password, otp = data["login"], data["password"], data.get("otp")
        address = request_fields(self.request)["client_ip"]
        if attempts.any_locked((attempts.account_key(login), attempts.address_key(address))):
            announce_failure(login, self.request, reason="locked")
            return error(self.request, REFUSED, 401)
        users = self._find_userfolder(login)
        user = users.authenticate(login, password, self.request) if users is not None else None
        if user is None:
            return error(self.request, REFUSED, 401)  # core.login announces the 401
        user_id = user.getId()
        if not twofactor.is_enrolled(user_id) and not twofactor.is_required(user):
            return self._token(user, password, proven=False)
        if not twofactor.is_enrolled(user_id):
            return error(
                self.request,
                _(
                    "error_2fa_enrol_link",
                    default="This account must set up two-factor login "
                    "first, on the web site, with the enrolment link an administrator gives you.",
                ),
                401,
            )
        if not otp:
            self.request.response.setStatus(401)
            return {
                "error": {
                    "type": "TwoFactorRequired",
                    "message": self._t(
                        _(
                            "error_2fa_required",
                            default='Give the code from your authenticator app as "otp".',
                        )
                    ),
                }
            }
        if not twofactor.check(user_id, otp):
            announce_failure(login, self.request, reason="bad-second-factor")
            return error(self.request, REFUSED, 401)
        return self._token(user, password, proven=True)

    def _t(self, message):
        from zope.i18n import translate

        return translate(message, context=self.request)

    def _token(self, user, password, proven):
        plugin = proof._jwt_plugin()
        if plugin is None:
            return error(
                self.request,
                _("error_jwt_missing", default="JWT authentication plugin not installed."),
                501,
            )
        self.request.form["__ac_password"] = password  # PlonePAS's post-login reads it
        getMultiAdapter((self.context, self.request), name="login")._post_login()
        payload = {"fullname": user.getProperty("fullname")}
        if proven:
            payload[proof.CLAIM] = True
        return {"token": proof.issue_token(plugin, user.getId(), payload)}
