"""ratusha.registry:default 1000 -> 1001: retention (issue 19).

Adds the filing plan (номенклатура на делата, default entries for every kind of document in
the registers), the retention settings and the permission Manage retention for the secretary
and the registrars. Existing settings keep their values (the import adds missing records);
the plan's records are new in 1001."""

PROFILE = "profile-ratusha.registry:default"


def add_retention(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "plone.app.registry", run_dependencies=False)
    setup_tool.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
