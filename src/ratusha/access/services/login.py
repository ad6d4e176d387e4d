"""POST @login with the second factor: {"login", "password", "otp"} → a JWT that proves it.

Replaces plone.restapi's @login where Ratusha is installed: refuses locked accounts and
addresses, asks for "otp" from users who need the second factor, and marks the token.
"""

from plone import api
from plone.restapi.services.auth.login import Login
from zope.component import getMultiAdapter

from ratusha import _
from ratusha.access import attempts
from ratusha.access import proof
from ratusha.access import twofactor
from ratusha.audit.recorder import request_fields
from ratusha.core.login import announce_failure
from ratusha.core.rest import InputError
from ratusha.core.rest import error
from ratusha.core.rest import read_json

REFUSED = _("error_login_refused", default="Wrong login and/or password.")


class TwoFactorLogin(Login):
    def reply(self):
        try:
            data = read_json(self.request)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        login, password = data.get("login"), data.get("password")
        if not isinstance(login, str) or not isinstance(password, str):
            return super().reply()  # plone.restapi's own 400 for missing credentials
        address = request_fields(self.request)["client_ip"]
        if attempts.locked(attempts.account_key(login)) or attempts.locked(
                attempts.address_key(address)):
            announce_failure(login, self.request, reason="locked")
            return error(self.request, REFUSED, 401)
        users = self._find_userfolder(login)
        user = users.authenticate(login, password, self.request) if users is not None else None
        if user is None or not twofactor.is_enrolled(user.getId()) and not twofactor.is_required(user):
            return super().reply()  # no second factor involved: the usual answer
        if not twofactor.is_enrolled(user.getId()):
            return error(self.request, _(
                "error_2fa_enrol", default="This account must set up two-factor login first: "
                "log in on the web site once to enrol."), 401)
        otp = data.get("otp")
        if not otp:
            self.request.response.setStatus(401)
            return {"error": {"type": "TwoFactorRequired", "message": self._t(_(
                "error_2fa_required", default="Give the code from your authenticator app as \"otp\"."))}}
        if not twofactor.check(user.getId(), str(otp)):
            announce_failure(login, self.request, reason="bad-second-factor")
            return error(self.request, REFUSED, 401)
        return self._token(user, password)

    def _t(self, message):
        from zope.i18n import translate

        return translate(message, context=self.request)

    def _token(self, user, password):
        plugin = proof._jwt_plugin()
        if plugin is None:
            return error(self.request, _("error_jwt_missing",
                                         default="JWT authentication plugin not installed."), 501)
        self.request.form["__ac_password"] = password  # PlonePAS's post-login reads it
        getMultiAdapter((self.context, self.request), name="login")._post_login()
        payload = {"fullname": user.getProperty("fullname"), proof.CLAIM: True}
        return {"token": plugin.create_token(user.getId(), data=payload)}
