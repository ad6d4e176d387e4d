"""1001 -> 1002: the data protection officer's role, group and permission, and the privacy
capability's profile (records of processing, data-subject requests, incidents).

The officer reads everyone's personal data, so the role joins those that must use two-factor
login; a site whose administrator emptied that list keeps it empty."""

from plone import api
from ratusha.core.setuphandlers import ensure_groups


PRIVACY_PROFILE = "profile-ratusha.privacy:default"
TWO_FACTOR_ROLES = "ratusha.access.two_factor_roles"
ROLE = "Data Protection Officer"


def add_privacy(setup_tool):
    setup_tool.runImportStepFromProfile("profile-ratusha:default", "rolemap")
    ensure_groups()
    if setup_tool.getLastVersionForProfile(PRIVACY_PROFILE[len("profile-") :]) == "unknown":
        setup_tool.runAllImportStepsFromProfile(PRIVACY_PROFILE)
    roles = api.portal.get_registry_record(TWO_FACTOR_ROLES, default=None)
    if roles and ROLE not in roles:
        api.portal.set_registry_record(TWO_FACTOR_ROLES, [*roles, ROLE])
    api.portal.get().reindexObjectSecurity()
