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
    "personal-data.download": _(
        "action_personal_data_download", default="Personal data downloaded"
    ),
    "access.denied": _("action_access_denied", default="Access refused"),
    "request.error": _("action_request_error", default="Request failed"),
    "audit.search": _("action_audit_search", default="Audit trail searched"),
    "audit.export": _("action_audit_export", default="Audit trail exported"),
    "audit.history": _("action_audit_history", default="Item history viewed"),
    "audit.purge": _("action_audit_purge", default="Records purged (retention)"),
    "backup.restored": _("action_backup_restored", default="Restored from a backup"),
    "council.council-changed": _("action_council_council_changed", default="Council changed"),
    "council.committee-changed": _("action_council_committee_changed", default="Committee changed"),
    "council.session-convene": _("action_council_session_convene", default="Session convened"),
    "council.session-open": _("action_council_session_open", default="Session opened"),
    "council.session-close": _("action_council_session_close", default="Session closed"),
    "council.session-start-correction": _(
        "action_council_session_start_correction", default="Session protocol opened for corrections"
    ),
    "council.session-approve-protocol": _(
        "action_council_session_approve_protocol", default="Session protocol approved"
    ),
    "council.session-publish-protocol": _(
        "action_council_session_publish_protocol", default="Session published"
    ),
    "council.agenda-changed": _(
        "action_council_agenda_changed", default="Agenda changed after convening"
    ),
    "council.item-from-document": _(
        "action_council_item_from_document", default="Agenda item made from a document"
    ),
    "council.current-item": _("action_council_current_item", default="Moved to an agenda item"),
    "council.presence": _("action_council_presence", default="Councillor presence recorded"),
    "council.quorum-check": _("action_council_quorum_check", default="Quorum checked"),
    "council.opinion-asked": _("action_council_opinion_asked", default="Committee opinion asked"),
    "council.opinion-given": _("action_council_opinion_given", default="Committee opinion given"),
    "council.opinions-overdue": _(
        "action_council_opinions_overdue", default="Overdue opinions flagged"
    ),
    "council.protocol-corrections-opened": _(
        "action_council_protocol_corrections_opened", default="Protocol opened for corrections"
    ),
    "council.protocol-correction-filed": _(
        "action_council_protocol_correction_filed", default="Protocol correction requested"
    ),
    "council.protocol-correction-resolved": _(
        "action_council_protocol_correction_resolved", default="Protocol correction settled"
    ),
    "council.protocol-changed": _(
        "action_council_protocol_changed", default="Protocol details changed"
    ),
    "council.protocol-frozen": _(
        "action_council_protocol_frozen", default="Approved protocol stored"
    ),
    "council.protocol-published": _(
        "action_council_protocol_published", default="Protocol and decisions published"
    ),
    "council.decision-excerpt-filed": _(
        "action_council_decision_excerpt_filed", default="Decision excerpt filed in the registry"
    ),
    "council.publication-overdue": _(
        "action_council_publication_overdue", default="Overdue publication notified"
    ),
    "council.poll-created": _("action_council_poll_created", default="Vote prepared"),
    "council.poll-opened": _("action_council_poll_opened", default="Vote opened"),
    "council.poll-closed": _("action_council_poll_closed", default="Vote closed with its result"),
    "council.vote": _("action_council_vote", default="Vote cast"),
    "council.secret-ballot": _("action_council_secret_ballot", default="Secret ballot cast"),
    "council.vote-recorded": _("action_council_vote_recorded", default="Roll-call answer recorded"),
    "council.totals-recorded": _("action_council_totals_recorded", default="Show of hands counted"),
    "council.conflict-declared": _(
        "action_council_conflict_declared", default="Conflict of interest declared"
    ),
    "council.decision-numbered": _("action_council_decision_numbered", default="Decision numbered"),
    "council.voting-settings": _("action_council_voting_settings", default="Voting rules changed"),
    "council.remote-basis": _(
        "action_council_remote_basis", default="Remote session precondition recorded"
    ),
    "auth.2fa-enrolled": _("action_auth_2fa_enrolled", default="Second factor enrolled"),
    "auth.2fa-link-issued": _(
        "action_auth_2fa_link_issued", default="Second-factor enrolment link issued"
    ),
    "auth.2fa-recovery-used": _("action_auth_2fa_recovery_used", default="Recovery code used"),
    "auth.2fa-reset": _("action_auth_2fa_reset", default="Second factor reset"),
    "auth.lockout": _("action_auth_lockout", default="Login locked after failed attempts"),
    "auth.unlock": _("action_auth_unlock", default="Login unlocked"),
    "council.composition-changed": _(
        "action_council_composition_changed", default="Council membership changed"
    ),
    "meetings.attendance": _("action_meetings_attendance", default="Video room attendance"),
    "meetings.attendance-refused": _(
        "action_meetings_attendance_refused", default="Video room event refused"
    ),
    "meetings.feed-renewed": _("action_meetings_feed_renewed", default="Calendar feed renewed"),
    "meetings.feed-revoked": _("action_meetings_feed_revoked", default="Calendar feed revoked"),
    "meetings.invitations-sent": _("action_meetings_invitations_sent", default="Invitations sent"),
    "meetings.meeting-auto-ended": _(
        "action_meetings_meeting_auto_ended", default="Meeting ended automatically"
    ),
    "meetings.meeting-changed": _("action_meetings_meeting_changed", default="Meeting changed"),
    "meetings.meeting-scheduled": _(
        "action_meetings_meeting_scheduled", default="Meeting scheduled"
    ),
    "meetings.occurrence-cancelled": _(
        "action_meetings_occurrence_cancelled", default="One date of a series cancelled"
    ),
    "meetings.room-changed": _("action_meetings_room_changed", default="Meeting room changed"),
    "meetings.room-created": _("action_meetings_room_created", default="Meeting room created"),
    "meetings.token-issued": _("action_meetings_token_issued", default="Video room entry granted"),
    "meetings.token-refused": _(
        "action_meetings_token_refused", default="Video room entry refused"
    ),
    "registry.register": _("action_registry_register", default="Document registered"),
    "registry.submit": _("action_registry_submit", default="Sent for approval"),
    "registry.withdraw": _("action_registry_withdraw", default="Withdrawn from approval"),
    "registry.approve": _("action_registry_approve", default="Approved"),
    "registry.approve_final": _("action_registry_approve_final", default="Approved (last step)"),
    "registry.reject": _("action_registry_reject", default="Returned for rework"),
    "registry.sign": _("action_registry_sign", default="Signed"),
    "registry.dispatch": _("action_registry_dispatch", default="Dispatched"),
    "registry.archive": _("action_registry_archive", default="Archived"),
    "registry.cancel": _("action_registry_cancel", default="Registration cancelled"),
    "registry.return_to_sender": _(
        "action_registry_return_to_sender", default="Returned to the sender"
    ),
    "registry.leave_without_consideration": _(
        "action_registry_leave_without_consideration", default="Left without consideration"
    ),
    "registry.answer": _("action_registry_answer", default="Answered"),
    "registry.close": _("action_registry_close", default="Closed"),
    "registry.assign": _("action_registry_assign", default="Assigned"),
    "registry.start": _("action_registry_start", default="Work started"),
    "registry.complete": _("action_registry_complete", default="Completed"),
    "registry.return_task": _("action_registry_return_task", default="Task returned"),
    "registry.reopen": _("action_registry_reopen", default="Reopened"),
    "registry.task-start": _("action_registry_task_start", default="Task started"),
    "registry.task-complete": _("action_registry_task_complete", default="Task completed"),
    "registry.task-return_task": _("action_registry_task_return_task", default="Task returned"),
    "registry.task-reopen": _("action_registry_task_reopen", default="Task reopened"),
    "registry.case-opened": _("action_registry_case_opened", default="Case file opened"),
    "registry.export": _("action_registry_export", default="Register exported"),
    "registry.file-version": _("action_registry_file_version", default="New file version"),
    "registry.reminders": _("action_registry_reminders", default="Deadline reminders sent"),
    "registry.resolution": _("action_registry_resolution", default="Resolution given"),
    "registry.substitute": _("action_registry_substitute", default="Substitute appointed"),
    "registry.substitute-removed": _(
        "action_registry_substitute_removed", default="Substitute removed"
    ),
    "registry.plan-changed": _("action_registry_plan_changed", default="Filing plan changed"),
    "registry.hold": _("action_registry_hold", default="Legal hold set"),
    "registry.hold-lifted": _("action_registry_hold_lifted", default="Legal hold lifted"),
    "registry.disposal-draft": _("action_registry_disposal_draft", default="Disposal act drafted"),
    "registry.disposal-approve": _(
        "action_registry_disposal_approve", default="Disposal act approved by a member"
    ),
    "registry.disposal": _("action_registry_disposal", default="Destroyed by disposal act"),
    "registry.handover-draft": _(
        "action_registry_handover_draft", default="Hand-over inventory drafted"
    ),
    "registry.handover-approve": _(
        "action_registry_handover_approve", default="Hand-over inventory approved by a member"
    ),
    "registry.handover": _("action_registry_handover", default="Handed over to the State Archive"),
    "registry.inventory-export": _(
        "action_registry_inventory_export", default="Hand-over inventory exported"
    ),
    "privacy.subject-request": _(
        "action_privacy_subject_request", default="Data-subject request opened"
    ),
    "privacy.subject-request-status": _(
        "action_privacy_subject_request_status", default="Data-subject request status changed"
    ),
    "privacy.subject-search": _(
        "action_privacy_subject_search", default="Searched for a person's data"
    ),
    "privacy.subject-export": _(
        "action_privacy_subject_export", default="Exported a person's data"
    ),
    "privacy.subject-rectify": _(
        "action_privacy_subject_rectify", default="Rectified a person's data"
    ),
    "privacy.subject-erase": _("action_privacy_subject_erase", default="Erased a person's data"),
    "privacy.incident-reported": _("action_privacy_incident_reported", default="Incident reported"),
    "privacy.incident-changed": _("action_privacy_incident_changed", default="Incident changed"),
    "privacy.incident-assess": _("action_privacy_incident_assess", default="Incident assessed"),
    "privacy.incident-notify": _(
        "action_privacy_incident_notify", default="КЗЛД notified of an incident"
    ),
    "privacy.incident-not-notifiable": _(
        "action_privacy_incident_not_notifiable", default="Incident: no notification owed"
    ),
    "privacy.incident-reassess": _(
        "action_privacy_incident_reassess", default="Incident reassessed"
    ),
    "privacy.incident-close": _("action_privacy_incident_close", default="Incident closed"),
    "privacy.incident-read": _("action_privacy_incident_read", default="Incident read"),
    "privacy.incidents-read": _("action_privacy_incidents_read", default="Incident register read"),
    "privacy.incident-exported": _(
        "action_privacy_incident_exported", default="Incident exported for КЗЛД"
    ),
    "privacy.incident-reminders": _(
        "action_privacy_incident_reminders", default="Incident reminders sent"
    ),
    "privacy.personal-data-read": _(
        "action_privacy_personal_data_read", default="Personal data read"
    ),
    "privacy.alert": _("action_privacy_alert", default="Personal data alert"),
}

# the keys of the stored details, as people read them
DETAILS = {
    "abstain": _("audit_detail_abstain", default="Abstained"),
    "after": _("audit_detail_after", default="After"),
    "approver": _("audit_detail_approver", default="Approver"),
    "set": _("audit_detail_set", default="Backup set"),
    "made": _("audit_detail_made", default="Made"),
    "audit_anchor": _("audit_detail_audit_anchor", default="Audit anchor"),
    "journal": _("audit_detail_journal", default="Numbers journal"),
    "voided": _("audit_detail_voided", default="Voided numbers"),
    "assignee": _("audit_detail_assignee", default="Assignee"),
    "assignees": _("audit_detail_assignees", default="Assignees"),
    "author": _("audit_detail_author", default="Author"),
    "base": _("audit_detail_base", default="Majority of"),
    "before": _("audit_detail_before", default="Before"),
    "by_link": _("audit_detail_by_link", default="By enrolment link"),
    "case_file": _("audit_detail_case_file", default="Case file"),
    "changed": _("audit_detail_changed", default="Vote changed"),
    "choice": _("audit_detail_choice", default="Choice"),
    "citation": _("audit_detail_citation", default="Legal basis"),
    "comment": _("audit_detail_comment", default="Comment"),
    "committee": _("audit_detail_committee", default="Committee"),
    "conflicts": _("audit_detail_conflicts", default="Conflicts of interest"),
    "content_type": _("audit_detail_content_type", default="File type"),
    "count": _("audit_detail_count", default="Records found"),
    "date": _("audit_detail_date", default="Date"),
    "day": _("audit_detail_day", default="Day"),
    "days": _("audit_detail_days", default="Days"),
    "deadline": _("audit_detail_deadline", default="Deadline"),
    "decision": _("audit_detail_decision", default="Decision"),
    "decisions": _("audit_detail_decisions", default="Decisions"),
    "document": _("audit_detail_document", default="Document"),
    "eligible": _("audit_detail_eligible", default="Eligible to vote"),
    "end": _("audit_detail_end", default="End"),
    "error": _("audit_detail_error", default="Error"),
    "event": _("audit_detail_event", default="Event"),
    "expires": _("audit_detail_expires", default="Expires"),
    "failures": _("audit_detail_failures", default="Failed attempts"),
    "fields": _("audit_detail_fields", default="Fields"),
    "file": _("audit_detail_file", default="File"),
    "files": _("audit_detail_files", default="Files"),
    "filters": _("audit_detail_filters", default="Filters"),
    "flagged": _("audit_detail_flagged", default="Flagged"),
    "from": _("audit_detail_from", default="From"),
    "ground": _("audit_detail_ground", default="Ground"),
    "group": _("audit_detail_group", default="Group"),
    "groups": _("audit_detail_groups", default="Groups"),
    "guest": _("audit_detail_guest", default="Guest"),
    "guests": _("audit_detail_guests", default="Guests"),
    "invitation": _("audit_detail_invitation", default="Invitation"),
    "item": _("audit_detail_item", default="Agenda item"),
    "key": _("audit_detail_key", default="Key"),
    "kind": _("audit_detail_kind", default="Kind"),
    "last_day": _("audit_detail_last_day", default="Last day"),
    "last_end": _("audit_detail_last_end", default="Last end"),
    "left": _("audit_detail_left", default="Codes left"),
    "length": _("audit_detail_length", default="Length"),
    "lobby": _("audit_detail_lobby", default="Lobby"),
    "local_roles": _("audit_detail_local_roles", default="Sharing"),
    "materials": _("audit_detail_materials", default="Materials"),
    "method": _("audit_detail_method", default="Request method"),
    "mode": _("audit_detail_mode", default="Mode"),
    "moderator": _("audit_detail_moderator", default="Moderator"),
    "no": _("audit_detail_no", default="Against"),
    "number": _("audit_detail_number", default="Number"),
    "act": _("audit_detail_act", default="Act"),
    "approvals": _("audit_detail_approvals", default="Approvals"),
    "archive": _("audit_detail_archive", default="Archive value"),
    "index": _("audit_detail_index", default="Index number"),
    "items": _("audit_detail_items", default="Items"),
    "plan_index": _("audit_detail_plan_index", default="Filing plan index"),
    "registered": _("audit_detail_registered", default="Registered on"),
    "years": _("audit_detail_years", default="Years"),
    "occupants": _("audit_detail_occupants", default="Occupants"),
    "occurrence": _("audit_detail_occurrence", default="Date"),
    "occurrences": _("audit_detail_occurrences", default="Dates"),
    "odt_sha256": _("audit_detail_odt_sha256", default="ODT checksum"),
    "original": _("audit_detail_original", default="Original"),
    "participants": _("audit_detail_participants", default="Participants"),
    "pdf_sha256": _("audit_detail_pdf_sha256", default="PDF checksum"),
    "people": _("audit_detail_people", default="People"),
    "personal": _("audit_detail_personal", default="Personal room"),
    "physical": _("audit_detail_physical", default="Physical room"),
    "poll": _("audit_detail_poll", default="Vote"),
    "polls": _("audit_detail_polls", default="Votes"),
    "present": _("audit_detail_present", default="Present"),
    "principal": _("audit_detail_principal", default="User or group"),
    "rule": _("audit_detail_rule", default="Alert"),
    "threshold": _("audit_detail_threshold", default="Threshold"),
    "via": _("audit_detail_via", default="Read through"),
    "window_start": _("audit_detail_window_start", default="From"),
    "window_end": _("audit_detail_window_end", default="To"),
    "public": _("audit_detail_public", default="Public"),
    "quorate": _("audit_detail_quorate", default="Quorate"),
    "reason": _("audit_detail_reason", default="Reason"),
    "record": _("audit_detail_record", default="Setting"),
    "record_sha256": _("audit_detail_record_sha256", default="Record checksum"),
    "recurrence": _("audit_detail_recurrence", default="Recurrence"),
    "request": _("audit_detail_request", default="Request"),
    "required": _("audit_detail_required", default="Required"),
    "resolution": _("audit_detail_resolution", default="Resolution"),
    "room": _("audit_detail_room", default="Room"),
    "rows": _("audit_detail_rows", default="Rows"),
    "seats": _("audit_detail_seats", default="Seats"),
    "sequence": _("audit_detail_sequence", default="Sequence"),
    "sha256": _("audit_detail_sha256", default="Checksum"),
    "size": _("audit_detail_size", default="Size"),
    "source": _("audit_detail_source", default="Source"),
    "start": _("audit_detail_start", default="Start"),
    "state": _("audit_detail_state", default="State"),
    "status": _("audit_detail_status", default="Status"),
    "substitute": _("audit_detail_substitute", default="Substitute"),
    "task": _("audit_detail_task", default="Task"),
    "term": _("audit_detail_term", default="Term"),
    "transition": _("audit_detail_transition", default="Transition"),
    "until": _("audit_detail_until", default="Until"),
    "user": _("audit_detail_user", default="User"),
    "verdict": _("audit_detail_verdict", default="Verdict"),
    "version": _("audit_detail_version", default="Version"),
    "view": _("audit_detail_view", default="Page"),
    "voter": _("audit_detail_voter", default="Voter"),
    "was": _("audit_detail_was", default="Was"),
    "what": _("audit_detail_what", default="What"),
    "workflow": _("audit_detail_workflow", default="Workflow"),
    "yes": _("audit_detail_yes", default="For"),
    "written": _("audit_detail_written", default="Written vote"),
    "to": _("audit_detail_to", default="To"),
    "title": _("audit_detail_title", default="Title"),
    "sent": _("audit_detail_sent", default="Sent"),
    "recipients": _("audit_detail_recipients", default="Recipients"),
    "messages": _("audit_detail_messages", default="Messages"),
    "adopted": _("audit_detail_adopted", default="Adopted"),
    "elected": _("audit_detail_elected", default="Elected"),
    "rules": _("audit_detail_rules", default="Rules"),
    "allow_change": _("audit_detail_allow_change", default="Votes may be changed"),
    "convened_for": _("audit_detail_convened_for", default="Convened for"),
    "councillors": _("audit_detail_councillors", default="Councillors"),
    "opened_on": _("audit_detail_opened_on", default="Opened on"),
    "opening": _("audit_detail_opening", default="Opening"),
    "added": _("audit_detail_added", default="Added"),
    "removed": _("audit_detail_removed", default="Removed"),
    "action": _("audit_detail_action", default="Change"),
    "uid": _("audit_detail_uid", default="Identifier"),
    "session_state": _("audit_detail_session_state", default="Session state"),
    "needs_vote": _("audit_detail_needs_vote", default="Needs a vote"),
    "day-before": _("audit_detail_day_before", default="Day before"),
    "due-today": _("audit_detail_due_today", default="Due today"),
    "incident": _("audit_detail_incident", default="Incident"),
    "risk": _("audit_detail_risk", default="Risk"),
    "late": _("audit_detail_late", default="After 72 hours"),
    "format": _("audit_detail_format", default="Format"),
}

# details whose value is an id of a workflow, state or transition: shown by its title
TITLED = {
    "workflow": "workflow",
    "state": "state",
    "from": "state",
    "to": "state",
    "session_state": "state",
    "transition": "transition",
}

OUTCOMES = {
    "success": _("audit_success", default="success"),
    "denied": _("audit_denied", default="denied"),
    "error": _("audit_error", default="error"),
}


def detail_items(raw, title_of=lambda kind, value, details: None):
    """(label, value) pairs of the stored JSON, for reading: keys by their label, workflow ids by
    the title `title_of(kind, id, details)` gives (None keeps the id). The record is untouched."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return [("", raw or "")]
    if not isinstance(data, dict):
        return [("", str(data))]
    items = []
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        elif key in TITLED and value:
            value = title_of(TITLED[key], value, data) or value
        items.append((DETAILS.get(key, key), "—" if value in ("", None) else str(value)))
    return items
