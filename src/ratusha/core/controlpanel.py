"""The Ratusha control panel: municipality name, coat of arms, colours, e-mail."""

from plone.app.registry.browser import controlpanel
from ratusha import _
from ratusha.core.settings import IRatushaSettings


class RatushaSettingsForm(controlpanel.RegistryEditForm):
    schema = IRatushaSettings
    schema_prefix = "ratusha"
    label = _("title_ratusha_settings", default="Ratusha settings")
    description = _(
        "description_ratusha_settings",
        default="The municipality's name, coat of arms and colours, and how notices are sent.",
    )


class RatushaSettingsControlPanel(controlpanel.ControlPanelFormWrapper):
    form = RatushaSettingsForm
