"""Site Setup → Meetings and video: the Jitsi settings and whether video works."""

import os
from plone import api
from plone.app.registry.browser import controlpanel
from ratusha import _
from ratusha.meetings import jitsi
from ratusha.meetings.settings import IJitsiSettings
from ratusha.meetings.settings import PREFIX
from zope.i18n import translate


class JitsiSettingsForm(controlpanel.RegistryEditForm):
    schema = IJitsiSettings
    schema_prefix = PREFIX
    label = _("title_meetings_settings", default="Meetings and video")

    @property
    def description(self):
        return translate(status_text(), context=self.request)


def status_text():
    """What an administrator needs to know, never a secret's value."""
    try:
        config = jitsi.load_config()
    except jitsi.NotConfigured as exc:
        return exc.message
    values = jitsi.settings()
    _key, source = jitsi.signing_key(values)
    events = f"{api.portal.get().absolute_url()}/++api++/@jitsi-events"
    where = (
        jitsi.EVENTS_SECRET
        if os.environ.get(jitsi.EVENTS_SECRET) or os.environ.get(f"{jitsi.EVENTS_SECRET}_FILE")
        else "$RATUSHA_VAR/jitsi-events.secret"
    )
    return _(
        "meetings_settings_status",
        default="Video is on: ${algorithm} tokens for ${domain} (key from the ${source}). "
        "Attendance: point event_sync's api_prefix at ${events} with the bearer "
        "secret from ${where}.",
        mapping={
            "algorithm": config.algorithm,
            "domain": config.domain,
            "source": source,
            "events": events,
            "where": where,
        },
    )


class JitsiControlPanel(controlpanel.ControlPanelFormWrapper):
    form = JitsiSettingsForm
