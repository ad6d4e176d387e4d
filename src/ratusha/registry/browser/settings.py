"""@@registry-settings: extra days off, working Saturdays, terms and default chains."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from ratusha import _
from ratusha.registry.config import PREFIX
from ratusha.registry.interfaces import IRegistrySettings


class RegistrySettingsForm(RegistryEditForm):
    schema = IRegistrySettings
    schema_prefix = PREFIX
    label = _("registry_settings", default="Registry settings")
    description = _(
        "registry_settings_help",
        default="Days off and working Saturdays declared by the government, default "
        "terms per kind of document and default approval chains.",
    )


RegistrySettingsView = layout.wrap_form(RegistrySettingsForm, ControlPanelFormWrapper)
