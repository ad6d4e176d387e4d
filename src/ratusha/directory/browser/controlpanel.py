"""The directory control panel: settings, transport warnings and a "test connection" button."""

from plone.app.registry.browser import controlpanel
from plone.registry.interfaces import IRegistry
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.deserializer.controlpanels import ControlpanelDeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core.rest import check_field_types
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.directory import rules
from ratusha.directory.client import Directory
from ratusha.directory.config import read_bind_password
from ratusha.directory.settings import build_config
from ratusha.directory.settings import ILDAPSettings
from ratusha.directory.settings import PREFIX
from ratusha.directory.settings import registry_values
from ratusha.interfaces import IRatushaLayer
from z3c.form import button
from zExceptions import BadRequest
from zope import schema
from zope.component import adapter
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


# protocol names stay as they are; only the absence of encryption is said in words
SECURITY = {
    "ldaps": "LDAPS",
    "starttls": "StartTLS",
    "none": _("ldap_security_none", default="not encrypted"),
}


def transport_warnings(values, password):
    """Messages the administrator must see whenever the page is shown."""
    messages = []
    keys = rules.security_warnings(
        values.get("servers") or (),
        bool(values.get("start_tls")),
        values.get("verify_certificates") is not False,
    )
    if "certificates_not_verified" in keys:
        messages.append(
            _(
                "ldap_warning_not_verified",
                default="Certificate verification is off: anyone between Ratusha and the directory "
                "can read the passwords. Turn it back on as soon as the CA certificate is in place.",
            )
        )
    if "passwords_in_clear" in keys:
        messages.append(
            _(
                "ldap_warning_clear_text",
                default="Passwords cross the network unencrypted: use ldaps:// or StartTLS.",
            )
        )
    if password.problem:
        messages.append(
            _(
                "ldap_warning_password_file",
                default="The bind password file cannot be read: ${problem}",
                mapping={"problem": password.problem},
            )
        )
    elif values.get("bind_dn") and not password.value:
        messages.append(
            _(
                "ldap_warning_no_password",
                default="The service account has no password: set RATUSHA_LDAP_BIND_PASSWORD or "
                "RATUSHA_LDAP_BIND_PASSWORD_FILE in the environment of the Zope process.",
            )
        )
    return messages


def report_messages(report):
    """The outcome of "test connection" as (message, type) pairs."""
    messages = []
    if report.server:
        security = SECURITY[report.security]
        if report.security != "none":
            security = (
                _(
                    "ldap_security_verified",
                    default="${security}, certificate verified",
                    mapping={"security": security},
                )
                if report.verified
                else _(
                    "ldap_security_unverified",
                    default="${security}, certificate NOT verified",
                    mapping={"security": security},
                )
            )
        messages.append(
            (
                _(
                    "ldap_report_server",
                    default="Connected to ${server} (${security}).",
                    mapping={"server": report.server, "security": security},
                ),
                "info",
            )
        )
    if report.bind_ok:
        account = report.bind_dn or _("ldap_report_anonymous", default="anonymous")
        messages.append(
            (
                _(
                    "ldap_report_bind",
                    default="Bind as ${account}: OK.",
                    mapping={"account": account},
                ),
                "info",
            )
        )
    if report.ok:
        messages.append(
            (
                _(
                    "ldap_report_sample",
                    default="Found ${users} users and ${groups} groups (a sample of at most ${size} each).",
                    mapping={
                        "users": report.users,
                        "groups": report.groups,
                        "size": report.sample_size,
                    },
                ),
                "info",
            )
        )
    else:
        messages.append(
            (
                _(
                    "ldap_report_failed",
                    default="The test failed: ${error}",
                    mapping={"error": report.error},
                ),
                "error",
            )
        )
    return messages


class LDAPSettingsForm(controlpanel.RegistryEditForm):
    schema = ILDAPSettings
    schema_prefix = PREFIX
    label = _("ldap_title", default="Directory (LDAP / Active Directory)")
    description = _(
        "ldap_description",
        default="Employees and councillors log in with their directory account, and their "
        "directory groups give them roles. Test the connection before turning it on.",
    )

    buttons = controlpanel.RegistryEditForm.buttons.copy()
    handlers = controlpanel.RegistryEditForm.handlers.copy()

    def getContent(self):
        """A site installed before the directory existed has no records yet: show defaults."""
        registry = getUtility(IRegistry)
        return registry.forInterface(self.schema, prefix=self.schema_prefix, check=False)

    def applyChanges(self, data):
        """Such a site gets the records on its first save."""
        registry = getUtility(IRegistry)
        if any(f"{PREFIX}.{name}" not in registry for name in schema.getFieldNames(ILDAPSettings)):
            registry.registerInterface(ILDAPSettings, prefix=PREFIX)
        return super().applyChanges(data)

    def update(self):
        super().update()
        if self.request.method == "GET":
            messages = IStatusMessage(self.request)
            for message in transport_warnings(registry_values(self.context), read_bind_password()):
                messages.add(message, "warning")

    def updateActions(self):
        super().updateActions()
        self.actions["test"].addClass("btn btn-secondary")

    @button.buttonAndHandler(_("ldap_button_test", default="Test connection"), name="test")
    def handle_test(self, action):
        """Test what is in the form, saved or not, with a connection of its own."""
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        messages = IStatusMessage(self.request)
        for message in transport_warnings(data, read_bind_password()):
            messages.add(message, "warning")
        config = build_config(data)
        if config is None:
            messages.add(
                _(
                    "ldap_report_incomplete",
                    default="Give at least one server and where the users are (base DN).",
                ),
                "error",
            )
            return
        for message, kind in report_messages(Directory(config).test_connection()):
            messages.add(message, kind)


class LDAPSettingsControlPanel(controlpanel.ControlPanelFormWrapper):
    form = LDAPSettingsForm


@adapter(Interface, IRatushaLayer)
class LDAPRestControlpanel(RegistryConfigletPanel):
    """`@controlpanels/ratusha-ldap`: the same settings for Volto and for scripts."""

    schema = ILDAPSettings
    schema_prefix = PREFIX
    configlet_id = "ratusha-ldap"
    configlet_category_id = "plone-users"


@implementer(IDeserializeFromJson)
@adapter(LDAPRestControlpanel)
class LDAPRestDeserializer(ControlpanelDeserializeFromJson):
    """PATCH `@controlpanels/ratusha-ldap`: a body that is not an object, or a list where a
    server name is expected, is a 400 with a message (plone.restapi's own answer was 500)."""

    def __call__(self, mask_validation_errors=True):
        try:
            check_field_types(ILDAPSettings, read_json(self.request))
        except InputError as exc:
            raise BadRequest(translate(exc.message, context=self.request)) from None
        return super().__call__(mask_validation_errors)
