"""1001 -> 1002: the administration report: who may read it (the permissions View
administration report and View council report) and its link in the user menu."""


def add_report(setup_tool):
    for step in ("rolemap", "actions"):
        setup_tool.runImportStepFromProfile("profile-ratusha:default", step)
