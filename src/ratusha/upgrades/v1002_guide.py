"""1001 -> 1002: the site action «Помощ» / «Help» opens the user guide (@@guide).

The default profile's actions.xml now has it; importing that step again adds it to a site made
before and leaves the other actions as they are (the step only adds and updates).
"""

PROFILE = "profile-ratusha:default"


def add_help_link(setup_tool):
    setup_tool.runImportStepFromProfile(PROFILE, "actions", run_dependencies=False)
