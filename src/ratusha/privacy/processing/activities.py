"""The processing activities Ratusha performs (GDPR Art. 30(1)) and how a record is composed.

Pure Python: no Zope. Each activity has descriptive texts with defaults here (the DPO may
rewrite them; `compose` prefers the DPO's text), the data it keeps outside content (accounts,
SQL stores, inboxes) and the capability whose content types feed it: their personal fields are
found in the code by `privacy.processing.fields` each time the record is read, so the record
follows the schemas without anyone editing it.
"""

from dataclasses import dataclass
from dataclasses import field
from ratusha.core.msgids import _


# the descriptive parts of a record, in the order of Art. 30(1)(b)-(g)
TEXTS = (
    "purpose",
    "legal_basis",
    "subjects",
    "categories",
    "recipients",
    "transfers",
    "retention",
    "security",
)

NO_TRANSFERS = _(
    "ropa_transfers_none",
    default="None: the data stay in the municipality's own systems; nothing is transferred "
    "to a third country or an international organisation.",
)
SECURITY = _(
    "ropa_security_common",
    default="Access by roles and workflow (Plone security), accounts from the municipality's "
    "directory, two-factor login for privileged roles, lockout after repeated failed logins, "
    "every act recorded in the tamper-evident audit trail, encrypted connections (HTTPS), "
    "backups.",
)
UNDESCRIBED = _(
    "ropa_undescribed",
    default="Not described yet: the data protection officer has to describe this activity.",
)


@dataclass(frozen=True)
class Activity:
    """One processing activity: `capability` names the package whose content types feed it
    (None: it keeps no content); `held` lists what it keeps outside content."""

    id: str
    title: tuple
    texts: dict
    capability: str | None = None
    held: tuple = ()
    filing_plan: bool = False  # retention periods come from the registry's filing plan


def activity(id, title, capability=None, held=(), filing_plan=False, **texts):
    unknown = set(texts) - set(TEXTS)
    if unknown:
        raise ValueError(f"Unknown texts: {sorted(unknown)}")
    defaults = {"transfers": NO_TRANSFERS, "security": SECURITY}
    return Activity(id, title, defaults | texts, capability, tuple(held), filing_plan)


ACTIVITIES = (
    activity(
        "registry",
        _("ropa_registry", default="Registry: documents received, sent and handled"),
        capability="registry",
        filing_plan=True,
        purpose=_(
            "ropa_registry_purpose",
            default="Registering incoming, outgoing and internal documents (applications, "
            "complaints, signals, letters), handling and answering them within the statutory "
            "deadlines, keeping case files.",
        ),
        legal_basis=_(
            "ropa_registry_basis",
            default="GDPR Art. 6(1)(c) and (e): legal obligations and public tasks under the "
            "Administrative Procedure Code (АПК), the Local Self-Government and Local "
            "Administration Act (ЗМСМА) and the National Archives Fund Act (ЗНАФ); Art. 9(2)(g) "
            "where a document reveals special categories of data.",
        ),
        subjects=_(
            "ropa_registry_subjects",
            default="Citizens and representatives of organisations who write to the "
            "municipality or are named in documents; employees who handle them.",
        ),
        categories=_(
            "ropa_registry_categories",
            default="Name, personal number (ЕГН/ЛНЧ), address, e-mail, the content of the "
            "document and its files; employees named as assignees and approvers.",
        ),
        recipients=_(
            "ropa_registry_recipients",
            default="The employees who handle the document (its department, assignees, "
            "approvers; confidential documents only those named); public authorities where a "
            "law requires it.",
        ),
        retention=_(
            "ropa_registry_retention",
            default="As the filing plan (номенклатура на делата) sets for the register and kind "
            "of document; then handed over to the State Archives or destroyed by an act of the "
            "expert committee.",
        ),
        security=_(
            "ropa_registry_security",
            default="ЕГН/ЛНЧ and address encrypted at rest, shown only to those allowed to see "
            "personal data; confidential documents by local roles; every read of personal data "
            "audited; and the measures common to all activities.",
        ),
    ),
    activity(
        "council",
        _("ropa_council", default="Municipal council: sessions, agenda items, decisions"),
        capability="council",
        purpose=_(
            "ropa_council_purpose",
            default="Preparing and holding the sessions of the municipal council and its "
            "committees, adopting and publishing decisions and protocols.",
        ),
        legal_basis=_(
            "ropa_council_basis",
            default="GDPR Art. 6(1)(c) and (e): ЗМСМА (чл. 27–29а), the council's rules of "
            "organisation; publication under чл. 22 ЗМСМА and the Access to Public Information "
            "Act (ЗДОИ).",
        ),
        subjects=_(
            "ropa_council_subjects",
            default="Councillors, the council's staff, authors of reports, people named in "
            "the materials.",
        ),
        categories=_(
            "ropa_council_categories",
            default="Names, political group, committee membership, presence, named votes, "
            "what was said in the protocol.",
        ),
        recipients=_(
            "ropa_council_recipients",
            default="The public (published agendas, decisions, protocols and named votes); "
            "the regional governor for the control of legality.",
        ),
        retention=_(
            "ropa_council_retention",
            default="Permanent for decisions and protocols (archive value); other materials "
            "as the filing plan sets.",
        ),
    ),
    activity(
        "votes",
        _("ropa_votes", default="Council votes: named and secret"),
        held=(
            _("ropa_held_named_votes", default="How each councillor voted in named votes"),
            _("ropa_held_ballots", default="Who voted in secret ballots (not their choice)"),
        ),
        purpose=_(
            "ropa_votes_purpose",
            default="Counting votes and recording the named votes that the law requires.",
        ),
        legal_basis=_(
            "ropa_votes_basis",
            default="GDPR Art. 6(1)(c): чл. 27 ал. 3–5 ЗМСМА (named votes recorded in the "
            "protocol), чл. 24 ЗМСМА (secret ballots).",
        ),
        subjects=_("ropa_votes_subjects", default="Councillors."),
        categories=_(
            "ropa_votes_categories",
            default="User id, the vote in named and open votes, the time; for secret ballots "
            "only that the councillor voted, the choice is kept apart from the voter.",
        ),
        recipients=_(
            "ropa_votes_recipients",
            default="The public (named votes in the protocol); the council's staff.",
        ),
        retention=_("ropa_votes_retention", default="Permanent, with the protocol."),
    ),
    activity(
        "meetings",
        _("ropa_meetings", default="Meetings and meeting rooms"),
        capability="meetings",
        purpose=_(
            "ropa_meetings_purpose",
            default="Scheduling meetings of the administration, inviting participants, "
            "booking rooms and video calls.",
        ),
        legal_basis=_(
            "ropa_meetings_basis",
            default="GDPR Art. 6(1)(e): organising the work of the municipal administration "
            "(ЗМСМА чл. 44, the administration's rules of organisation).",
        ),
        subjects=_("ropa_meetings_subjects", default="Employees and invited guests."),
        categories=_(
            "ropa_meetings_categories",
            default="Names and user ids of organisers and participants, times of meetings.",
        ),
        recipients=_("ropa_meetings_recipients", default="The participants of the meeting."),
        retention=_(
            "ropa_meetings_retention",
            default="While the meeting is in the calendar; the organiser deletes past meetings "
            "(no automatic deletion yet).",
        ),
    ),
    activity(
        "attendance",
        _("ropa_attendance", default="Attendance of video meetings and remote sessions"),
        held=(
            _("ropa_held_video_events", default="Video room events: joined, left, at what time"),
            _("ropa_held_presence", default="Councillors' presence and quorum checks"),
        ),
        purpose=_(
            "ropa_attendance_purpose",
            default="Recording who took part in video meetings and council sessions, checking "
            "the quorum, identifying councillors in remote sessions.",
        ),
        legal_basis=_(
            "ropa_attendance_basis",
            default="GDPR Art. 6(1)(c): чл. 27 and чл. 28а ЗМСМА (quorum, identification in "
            "remote sessions); Art. 6(1)(e) for the administration's meetings.",
        ),
        subjects=_(
            "ropa_attendance_subjects", default="Councillors, employees, guests of video rooms."
        ),
        categories=_(
            "ropa_attendance_categories",
            default="User id and display name, room, times of joining and leaving.",
        ),
        recipients=_(
            "ropa_attendance_recipients",
            default="The council's staff and chair; organisers of meetings.",
        ),
        retention=_(
            "ropa_attendance_retention",
            default="Council sessions: with the protocol. Other meetings: to be set by the "
            "data protection officer.",
        ),
    ),
    activity(
        "accounts",
        _("ropa_accounts", default="User accounts and the directory"),
        held=(
            _("ropa_held_accounts", default="Accounts: login, name, e-mail, groups and roles"),
            _("ropa_held_second_factor", default="Two-factor login secrets and recovery codes"),
        ),
        purpose=_(
            "ropa_accounts_purpose",
            default="Identifying employees and councillors and giving each the access their "
            "duties need.",
        ),
        legal_basis=_(
            "ropa_accounts_basis",
            default="GDPR Art. 6(1)(b) and (c): the employment or service relationship (Labour "
            "Code, Civil Servants Act, ЗМСМА for councillors) and Art. 32 GDPR (security).",
        ),
        subjects=_("ropa_accounts_subjects", default="Employees, councillors, the DPO, auditors."),
        categories=_(
            "ropa_accounts_categories",
            default="Login name, full name, e-mail, department, groups and roles, two-factor "
            "secret.",
        ),
        recipients=_(
            "ropa_accounts_recipients",
            default="IT administrators; colleagues see names where they work together.",
        ),
        retention=_(
            "ropa_accounts_retention",
            default="While the person works for the municipality or holds the mandate; the "
            "account is removed from the directory afterwards.",
        ),
    ),
    activity(
        "audit",
        _("ropa_audit", default="Audit trail"),
        held=(
            _(
                "ropa_held_audit",
                default="Who did what and when: user id, login, IP address, browser, the act, "
                "the object",
            ),
            _(
                "ropa_held_reads",
                default="Reads of personal data: who opened whose document and which fields "
                "(never the values); alerts on unusual reading",
            ),
        ),
        purpose=_(
            "ropa_audit_purpose",
            default="Accountability (GDPR Art. 5(2)), evidence of every act, detecting misuse "
            "of personal data and security incidents.",
        ),
        legal_basis=_(
            "ropa_audit_basis",
            default="GDPR Art. 6(1)(c) with Art. 32; the Cybersecurity Act (ЗКС) and its "
            "ordinance on minimum requirements for network and information security.",
        ),
        subjects=_(
            "ropa_audit_subjects", default="Everyone who signs in; visitors whose requests fail."
        ),
        categories=_(
            "ropa_audit_categories",
            default="User id, login name, IP address, browser, time, the act and its object.",
        ),
        recipients=_("ropa_audit_recipients", default="Auditors and the DPO."),
        retention=_(
            "ropa_audit_retention",
            default="Per class of event (defaults: requests 90 days, logins 1 year, reads of "
            "personal data 5 years, acts on content, roles and settings 10 years); then the "
            "content of a record is blanked, its hash kept.",
        ),
    ),
    activity(
        "lockouts",
        _("ropa_lockouts", default="Protection against password guessing"),
        held=(
            _(
                "ropa_held_lockouts",
                default="Failed logins per login name and IP address, lockout times",
            ),
        ),
        purpose=_(
            "ropa_lockouts_purpose",
            default="Protecting accounts: locking a login or an address after repeated failures.",
        ),
        legal_basis=_("ropa_lockouts_basis", default="GDPR Art. 6(1)(c) with Art. 32."),
        subjects=_("ropa_lockouts_subjects", default="Anyone who tries to log in."),
        categories=_(
            "ropa_lockouts_categories",
            default="Login name as typed, IP address, number of failures, times.",
        ),
        recipients=_("ropa_lockouts_recipients", default="IT administrators."),
        retention=_(
            "ropa_lockouts_retention",
            default="Minutes: a counter is dropped when its counting window or lockout ends.",
        ),
    ),
    activity(
        "notifications",
        _("ropa_notifications", default="Notifications"),
        held=(
            _("ropa_held_inboxes", default="Each person's notices in the personal room"),
            _("ropa_held_mail", default="E-mail addresses the notices are sent to"),
        ),
        purpose=_(
            "ropa_notifications_purpose",
            default="Telling employees and councillors what needs their attention.",
        ),
        legal_basis=_(
            "ropa_notifications_basis",
            default="GDPR Art. 6(1)(e): organising the work of the administration and the council.",
        ),
        subjects=_("ropa_notifications_subjects", default="Employees and councillors."),
        categories=_(
            "ropa_notifications_categories",
            default="User id, e-mail address, the notice's text and link.",
        ),
        recipients=_(
            "ropa_notifications_recipients",
            default="The person notified; the municipality's mail server.",
        ),
        retention=_(
            "ropa_notifications_retention",
            default="In the inbox until the person removes them (no automatic deletion yet).",
        ),
    ),
    activity(
        "privacy",
        _("ropa_privacy", default="Data protection: requests of data subjects and incidents"),
        capability="privacy",
        held=(
            _(
                "ropa_held_subject_requests",
                default="Requests of data subjects: the requester, what was asked, found and done",
            ),
        ),
        purpose=_(
            "ropa_privacy_purpose",
            default="Answering people who exercise their rights, handling personal data "
            "breaches and notifying the supervisory authority (КЗЛД).",
        ),
        legal_basis=_(
            "ropa_privacy_basis",
            default="GDPR Art. 6(1)(c): Art. 12–22, 33 and 34 GDPR; ЗЗЛД.",
        ),
        subjects=_(
            "ropa_privacy_subjects",
            default="People who make requests; people affected by incidents; employees who "
            "report them.",
        ),
        categories=_(
            "ropa_privacy_categories",
            default="The requester's identification and contacts, what was asked and "
            "answered; the description of an incident.",
        ),
        recipients=_(
            "ropa_privacy_recipients",
            default="The DPO; the supervisory authority (КЗЛД) for notified incidents.",
        ),
        retention=_(
            "ropa_privacy_retention",
            default="To be set by the data protection officer (e.g. 5 years after the request "
            "or incident is closed).",
        ),
    ),
)


@dataclass
class Entry:
    """One activity as the record shows it: texts as (msgid, default) pairs or the DPO's own
    strings, `edited` names the DPO's texts, `fields` the personal fields found in the code."""

    id: str
    title: object
    texts: dict
    edited: tuple
    held: tuple
    fields: list = field(default_factory=list)
    periods: list = field(default_factory=list)
    described: bool = True


def key(activity_id, text, language):
    """Where the DPO's text for one activity, part and language is kept."""
    return f"{activity_id}/{text}/{language}"


def compose(fields, overrides, language, periods=(), activities=ACTIVITIES):
    """The record: the activities in order, each with the DPO's texts where given, else the
    defaults, and the personal fields found in the code for its capability.

    `fields`: [{"capability", "type", "field", ...}]; `overrides`: {key(...): text};
    `periods`: the filing plan's lines (shown with activities that take it). A capability with
    personal fields but no activity of its own gets an entry that says it is not described yet.
    """
    entries = []
    by_capability = {}
    for found in fields:
        by_capability.setdefault(found["capability"], []).append(found)
    for act in activities:
        texts, edited = {}, []
        for name in TEXTS:
            own = (overrides.get(key(act.id, name, language)) or "").strip()
            texts[name] = own or act.texts.get(name, UNDESCRIBED)
            if own:
                edited.append(name)
        entries.append(
            Entry(
                act.id,
                act.title,
                texts,
                tuple(edited),
                act.held,
                by_capability.pop(act.capability, []) if act.capability else [],
                list(periods) if act.filing_plan else [],
            )
        )
    for capability, found in sorted(by_capability.items()):
        texts = {
            name: (overrides.get(key(capability, name, language)) or "").strip() for name in TEXTS
        }
        entries.append(
            Entry(
                capability,
                capability,
                {name: text or UNDESCRIBED for name, text in texts.items()},
                tuple(name for name, text in texts.items() if text),
                (),
                found,
                described=all(texts.values()),
            )
        )
    return entries
