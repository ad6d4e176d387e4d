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
    "council.council-changed": _("action_council_council_changed", default="Council changed"),
    "council.committee-changed": _("action_council_committee_changed",
                                   default="Committee changed"),
    "council.session-convene": _("action_council_session_convene", default="Session convened"),
    "council.session-open": _("action_council_session_open", default="Session opened"),
    "council.session-close": _("action_council_session_close", default="Session closed"),
    "council.session-start-correction": _("action_council_session_start_correction",
                                          default="Session protocol opened for corrections"),
    "council.session-approve-protocol": _("action_council_session_approve_protocol",
                                          default="Session protocol approved"),
    "council.session-publish-protocol": _("action_council_session_publish_protocol",
                                          default="Session published"),
    "council.agenda-changed": _("action_council_agenda_changed",
                                default="Agenda changed after convening"),
    "council.item-from-document": _("action_council_item_from_document",
                                    default="Agenda item made from a document"),
    "council.current-item": _("action_council_current_item", default="Moved to an agenda item"),
    "council.presence": _("action_council_presence", default="Councillor presence recorded"),
    "council.quorum-check": _("action_council_quorum_check", default="Quorum checked"),
    "council.opinion-asked": _("action_council_opinion_asked", default="Committee opinion asked"),
    "council.opinion-given": _("action_council_opinion_given", default="Committee opinion given"),
    "council.opinions-overdue": _("action_council_opinions_overdue",
                                  default="Overdue opinions flagged"),
    "council.protocol-corrections-opened": _("action_council_protocol_corrections_opened",
                                             default="Protocol opened for corrections"),
    "council.protocol-correction-filed": _("action_council_protocol_correction_filed",
                                           default="Protocol correction requested"),
    "council.protocol-correction-resolved": _("action_council_protocol_correction_resolved",
                                              default="Protocol correction settled"),
    "council.protocol-changed": _("action_council_protocol_changed",
                                  default="Protocol details changed"),
    "council.protocol-frozen": _("action_council_protocol_frozen",
                                 default="Approved protocol stored"),
    "council.protocol-published": _("action_council_protocol_published",
                                    default="Protocol and decisions published"),
    "council.decision-excerpt-filed": _("action_council_decision_excerpt_filed",
                                        default="Decision excerpt filed in the registry"),
    "council.publication-overdue": _("action_council_publication_overdue",
                                     default="Overdue publication notified"),
    "council.poll-created": _("action_council_poll_created", default="Vote prepared"),
    "council.poll-opened": _("action_council_poll_opened", default="Vote opened"),
    "council.poll-closed": _("action_council_poll_closed", default="Vote closed with its result"),
    "council.vote": _("action_council_vote", default="Vote cast"),
    "council.secret-ballot": _("action_council_secret_ballot", default="Secret ballot cast"),
    "council.vote-recorded": _("action_council_vote_recorded", default="Roll-call answer recorded"),
    "council.totals-recorded": _("action_council_totals_recorded",
                                 default="Show of hands counted"),
    "council.conflict-declared": _("action_council_conflict_declared",
                                   default="Conflict of interest declared"),
    "council.decision-numbered": _("action_council_decision_numbered",
                                   default="Decision numbered"),
    "council.voting-settings": _("action_council_voting_settings",
                                 default="Voting rules changed"),
    "council.remote-basis": _("action_council_remote_basis",
                              default="Remote session precondition recorded"),
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
