"""1000 -> 1001: the settings records added for issue 13.

`ratusha.access.enrolment_by_link` (enrolment needs an administrator's one-time link) and
`ratusha.jitsi.events_window_minutes` (freshness window of Jitsi's attendance events). Reading a
missing record falls back to the field's default, but a control panel cannot save a record the
registry does not have, so a site made before them gets them here, with their defaults; values
already set are kept.
"""

PROFILE = "profile-ratusha:default"


def add_settings_records(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "plone.app.registry", run_dependencies=False)
