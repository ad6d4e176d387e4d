"""Readable, translated names for the actions and outcomes shown to auditors."""

import json

from ratusha import _

ACTIONS = {
    "auth.login": _("action_auth_login", default="Logged in"),
    "auth.logout": _("action_auth_logout", default="Logged out"),
    "auth.login-failed": _("action_auth_login_failed", default="Refused login"),
    "authz.local-roles": _("action_authz_local_roles", default="Sharing changed"),
    "authz.roles": _("action_authz_roles", default="Roles changed"),
    "authz.group-member-added": _("action_authz_member_added", default="Added to a group"),
    "authz.group-member-removed": _("action_authz_member_removed", default="Removed from a group"),
    "authz.principal-created": _("action_authz_principal_created", default="User or group created"),
    "authz.principal-deleted": _("action_authz_principal_deleted", default="User or group deleted"),
    "settings.changed": _("action_settings_changed", default="Setting changed"),
    "content.create": _("action_content_create", default="Created"),
    "content.modify": _("action_content_modify", default="Edited"),
    "content.delete": _("action_content_delete", default="Deleted"),
    "content.move": _("action_content_move", default="Moved or renamed"),
    "content.copy": _("action_content_copy", default="Copied"),
    "content.transition": _("action_content_transition", default="State changed"),
    "content.download": _("action_content_download", default="Downloaded"),
    "personal-data.view": _("action_personal_data_view", default="Personal data viewed"),
    "personal-data.download": _("action_personal_data_download",
                                default="Personal data downloaded"),
    "access.denied": _("action_access_denied", default="Access refused"),
    "request.error": _("action_request_error", default="Request failed"),
    "audit.search": _("action_audit_search", default="Audit trail searched"),
    "audit.export": _("action_audit_export", default="Audit trail exported"),
    "audit.history": _("action_audit_history", default="Item history viewed"),
    "audit.purge": _("action_audit_purge", default="Records purged (retention)"),
}

OUTCOMES = {
    "success": _("audit_success", default="success"),
    "denied": _("audit_denied", default="denied"),
    "error": _("audit_error", default="error"),
}


def details_text(raw) -> str:
    """`key: value; …` from the stored JSON, for reading rather than parsing."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return raw or ""
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)
