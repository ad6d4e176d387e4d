"""The acts of the registry, used alike by the REST services, the pages and the demo.

Every act checks its input before it changes anything and raises InputError (with an HTTP
status) for what a person can fix; the caller's transaction is then dropped whole.
"""

import datetime
from plone import api
from Products.CMFCore.utils import _checkPermission
from Products.CMFCore.WorkflowCore import WorkflowException
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.localroles import forget_cached_roles
from ratusha.core.permissions import ApproveDocument
from ratusha.core.permissions import RegisterDocument
from ratusha.core.permissions import SignDocument
from ratusha.core.permissions import WriteResolution
from ratusha.core.rest import InputError
from ratusha.notifications.interfaces import notify
from ratusha.notifications.interfaces import resolve
from ratusha.registry import chain
from ratusha.registry import numbers
from ratusha.registry.config import approval_levels
from ratusha.registry.config import department_parents
from ratusha.registry.config import now
from ratusha.registry.config import term_for
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.content import INCOMING
from ratusha.registry.content import new_id
from ratusha.registry.content import REGISTER
from ratusha.registry.content import RESOLUTION
from ratusha.registry.content import TASK
from ratusha.registry.numbering import format_number
from ratusha.registry.numbering import sequence_year
from ratusha.registry.security import review_state
from ratusha.registry.security import role_principals
from ratusha.registry.vocabularies import department_groups
import transaction
from zope.globalrequest import getRequest
from zope.i18n import translate


OPEN_TASK_STATES = ("assigned", "in_progress")
RESOLVABLE_STATES = ("registered", "assigned", "in_progress")


def current_user_id():
    return api.user.get_current().getId()


def translated(message):
    return translate(message, context=getRequest())


def find_register(name):
    """A register by id (or UID); InputError 404 when there is none."""
    catalog = api.portal.get_tool("portal_catalog")
    if isinstance(name, str) and name.strip():
        brains = catalog.unrestrictedSearchResults(portal_type=REGISTER, getId=name.strip())
        if not brains:
            brains = catalog.unrestrictedSearchResults(portal_type=REGISTER, UID=name.strip())
        if brains:
            register = brains[0]._unrestrictedGetObject()
            if api.user.has_permission("View", obj=register):
                return register
    raise InputError(
        _(
            "error_unknown_register",
            default="There is no register «${name}».",
            mapping={"name": name if isinstance(name, str) else ""},
        ),
        status=404,
    )


def user_departments(user_id):
    user = api.user.get(userid=user_id)
    if user is None:
        return []
    mine = {g.getId() for g in api.group.get_groups(user=user)}
    return [group for group, _title in department_groups() if group in mine]


def default_department(user_id=None):
    found = user_departments(user_id or current_user_id())
    return found[0] if found else None


def holders_in_group(role, group):
    """Users holding `role` site-wide who are members of `group` (any group when None)."""
    if not role_principals(role):
        return set()
    people = resolve([f"role:{role}"])[0]
    if group is None:
        return people
    members = resolve([f"group:{group}"])[0]
    return people & members


def default_approvers(kind, author=None, department=None):
    author = author or current_user_id()
    departments = chain.chain_departments(department, user_departments(author))
    return chain.default_chain(
        approval_levels(kind), author, departments, department_parents(), holders_in_group
    )


def _transition(obj, transition, comment=""):
    workflows = api.portal.get_tool("portal_workflow")
    try:
        workflows.doActionFor(obj, transition, comment=comment)
    except WorkflowException as exc:
        transaction.doom()
        raise InputError(workflow_message(exc), status=403)


def workflow_message(exc):
    """Our checks raise translated messages; DCWorkflow's own refusal names no reason."""
    text = str(exc)
    if not text or "${action_id}" in text or "No workflow provides" in text:
        return translated(_("error_transition_not_allowed", default="You cannot do this now."))
    return text


def available_transitions(obj):
    workflows = api.portal.get_tool("portal_workflow")
    return [t["id"] for t in workflows.getTransitionsFor(obj)]


# registration


def create_incoming(register, data):
    """A new incoming document in `register` from a dict of its fields (REST or counter)."""
    if register.kind != "incoming":
        raise InputError(
            _(
                "error_register_kind",
                default="Register «${name}» does not hold incoming documents.",
                mapping={"name": register.Title()},
            ),
            status=400,
        )
    subject = data.get("title") or data.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        raise InputError(_("error_missing_subject", default="The subject (относно) is required."))
    if not _checkPermission(RegisterDocument, register):
        raise InputError(
            _("error_not_registrar", default="Only registrars may register documents."), status=403
        )
    fields = {}
    for name in (
        "kind",
        "channel",
        "sender_type",
        "sender_name",
        "sender_eik",
        "sender_personal_number",
        "sender_address",
        "sender_email",
        "department",
        "attention_to",
        "description",
    ):
        value = data.get(name)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise InputError(
                    _(
                        "error_field_text",
                        default="«${field}» must be text.",
                        mapping={"field": name},
                    )
                )
            fields[name] = value.strip()
    for name in ("confidential", "anonymous"):
        if name in data:
            fields[name] = bool(data[name])
    if fields.get("attention_to") and api.user.get(userid=fields["attention_to"]) is None:
        raise InputError(
            _(
                "error_unknown_users",
                default="Unknown users: ${names}.",
                mapping={"names": fields["attention_to"]},
            )
        )
    if fields.get("department") and api.group.get(groupname=fields["department"]) is None:
        raise InputError(
            _(
                "error_unknown_department",
                default="Unknown department «${name}».",
                mapping={"name": fields["department"]},
            )
        )
    received = data.get("received")
    fields["received"] = parse_date(received, "received") if received else today()
    from ratusha.registry.vocabularies import CHANNELS
    from ratusha.registry.vocabularies import INCOMING_KINDS

    if fields.setdefault("kind", "letter") not in dict(INCOMING_KINDS):
        raise InputError(
            _(
                "error_unknown_kind",
                default="Unknown kind «${kind}».",
                mapping={"kind": fields["kind"]},
            )
        )
    if fields.setdefault("channel", "counter") not in dict(CHANNELS):
        raise InputError(
            _(
                "error_unknown_channel",
                default="Unknown channel «${channel}».",
                mapping={"channel": fields["channel"]},
            )
        )
    return api.content.create(
        container=register,
        type=INCOMING,
        id=new_id(INCOMING),
        title=subject.strip()[:500],
        **fields,
    )


def parse_date(value, field="deadline"):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(
            _(
                "error_date",
                default="«${field}» must be a date: YYYY-MM-DD.",
                mapping={"field": field},
            )
        )


def register_document(doc):
    """Give the document the next number of its register (the workflow's register transition)."""
    if doc.registration_number:
        raise InputError(
            _(
                "error_already_registered",
                default="The document is already registered as ${number}.",
                mapping={"number": doc.registration_number},
            ),
            status=409,
        )
    if "register" not in available_transitions(doc):
        if not _checkPermission(RegisterDocument, doc):
            raise InputError(
                _("error_not_registrar", default="Only registrars may register documents."),
                status=403,
            )
        raise InputError(
            _(
                "error_not_registrable",
                default="The document cannot be registered in its present state.",
            ),
            status=409,
        )
    _transition(doc, "register")
    return doc.registration_number


def assign_number(doc):
    """Called by the register transition: reserve and store the number (never changed again)."""
    if doc.registration_number:
        raise WorkflowException(
            translated(
                _(
                    "error_already_registered",
                    default="The document is already registered as ${number}.",
                    mapping={"number": doc.registration_number},
                )
            )
        )
    register = doc.register()
    if register is None:
        raise WorkflowException(
            translated(_("error_no_register", default="The document is not in a register."))
        )
    day = today()
    period = sequence_year(day, bool(getattr(register, "yearly", True)))
    seq, number = numbers.reserve(
        register.register_key(),
        period,
        api.content.get_uuid(doc),
        current_user_id(),
        lambda seq: format_number(register.number_format, register.index, seq, day),
    )
    doc.registration_seq = seq
    doc.registration_year = period
    doc.registration_date = day
    doc.registration_number = number
    doc.registered_by = current_user_id()
    doc.reindexObject()
    return number


# resolutions and tasks


def issue_resolution(doc, assignees, instruction, deadline=None, term=None):
    """A resolution on a registered incoming document: one task per executor, the first
    responsible, a deadline given as a date or as a term (default: the kind's term)."""
    if doc.portal_type != INCOMING:
        raise InputError(
            _("error_resolution_type", default="Resolutions are written on incoming documents.")
        )
    if review_state(doc) not in RESOLVABLE_STATES:
        raise InputError(
            _(
                "error_resolution_state",
                default="A resolution needs a registered document that is not closed.",
            ),
            status=409,
        )
    if not _checkPermission(WriteResolution, doc):
        raise InputError(
            _(
                "error_not_resolver",
                default="Only heads, directors, the secretary and the mayor write resolutions.",
            ),
            status=403,
        )
    if isinstance(assignees, str):
        assignees = [assignees]
    if (
        not isinstance(assignees, list)
        or not assignees
        or not all(isinstance(a, str) and a.strip() for a in assignees)
    ):
        raise InputError(_("error_assignees", default="Name at least one executor."))
    assignees = list(dict.fromkeys(a.strip() for a in assignees))
    unknown = [a for a in assignees if api.user.get(userid=a) is None]
    if unknown:
        raise InputError(
            _(
                "error_unknown_users",
                default="Unknown users: ${names}.",
                mapping={"names": ", ".join(unknown)},
            )
        )
    if not isinstance(instruction, str) or not instruction.strip():
        raise InputError(_("error_instruction", default="Write the instruction of the resolution."))
    if deadline:
        deadline = parse_date(deadline)
        if deadline < today():
            raise InputError(_("error_deadline_past", default="The deadline is in the past."))
    else:
        from ratusha.registry.deadlines import TermError

        try:
            deadline = work_calendar().due(today(), term or term_for(doc.kind))
        except TermError:
            raise InputError(_("error_term", default="Write the term as 14d, 10wd or 2m."))
    author = current_user_id()
    resolution = api.content.create(
        container=doc,
        type=RESOLUTION,
        id=new_id(RESOLUTION),
        title=doc.title,
        assignees=assignees,
        instruction=instruction.strip(),
        deadline=deadline,
    )
    resolution.author = author
    for position, assignee in enumerate(assignees):
        api.content.create(
            container=resolution,
            type=TASK,
            id=f"task-{position + 1}",
            title=doc.title,
            assignee=assignee,
            responsible=position == 0,
            instruction=instruction.strip(),
            deadline=deadline,
        )
    doc.registry_assignees = tuple(dict.fromkeys(tuple(doc.registry_assignees) + tuple(assignees)))
    doc.registry_responsible = tuple(
        dict.fromkeys(tuple(doc.registry_responsible) + (assignees[0],))
    )
    doc.registry_controllers = tuple(dict.fromkeys(tuple(doc.registry_controllers) + (author,)))
    doc.deadline = max(deadline, doc.deadline) if doc.deadline else deadline
    if not doc.department:
        doc.department = default_department(assignees[0])
    if review_state(doc) == "registered":
        _transition(doc, "assign")
    doc.reindexObject()
    doc.reindexObjectSecurity()
    forget_cached_roles(doc)
    record(
        "registry.resolution",
        doc,
        details={
            "number": doc.registration_number,
            "resolution": resolution.getId(),
            "assignees": assignees,
            "deadline": deadline.isoformat(),
        },
    )
    notify(
        assignees,
        "registry.assignment",
        _(
            "notice_assignment",
            default="Resolution on ${title}: deadline ${deadline}",
            mapping={"title": doc.Title(), "deadline": deadline.strftime("%d.%m.%Y")},
        ),
        instruction.strip(),
        doc.absolute_url(),
        sender=author,
    )
    return resolution


# approval chains


def set_approvers(doc, approvers):
    """The author changes the chain before submitting it."""
    if review_state(doc) != "draft":
        raise InputError(
            _("error_chain_frozen", default="The approval chain can be changed only in a draft."),
            status=409,
        )
    if not _checkPermission("Modify portal content", doc):
        raise InputError(
            _("error_not_author", default="Only the author can change this."), status=403
        )
    check_chain(doc, approvers)
    doc.approvers = list(approvers)
    doc.reindexObject()


def check_chain(doc, approvers):
    try:
        chain.new_chain(approvers or [], author=doc.Creator())
    except chain.ChainError as exc:
        raise InputError(CHAIN_ERRORS.get(exc.code, str(exc)))
    unknown = [a for a in approvers if api.user.get(userid=a) is None]
    if unknown:
        raise InputError(
            _(
                "error_unknown_users",
                default="Unknown users: ${names}.",
                mapping={"names": ", ".join(unknown)},
            )
        )
    portal = api.portal.get()
    cannot = [
        a for a in approvers if not api.user.has_permission(ApproveDocument, username=a, obj=portal)
    ]
    if cannot:
        raise InputError(
            _(
                "error_cannot_approve",
                default="These people cannot approve documents: ${names}.",
                mapping={"names": ", ".join(cannot)},
            )
        )
    signatory = doc.signatory or approvers[-1]
    if api.user.get(userid=signatory) is None or not api.user.has_permission(
        SignDocument, username=signatory, obj=portal
    ):
        raise InputError(
            _(
                "error_cannot_sign",
                default="${name} cannot sign documents: choose a signatory or end "
                "the chain with a director, the secretary or the mayor.",
                mapping={"name": signatory},
            )
        )


CHAIN_ERRORS = {
    "empty": _("error_chain_empty", default="The approval chain needs at least one approver."),
    "repeated": _("error_chain_repeated", default="An approver appears twice in the chain."),
    "author": _("error_chain_author", default="The author cannot approve their own document."),
    "comment": _("error_reject_comment", default="Say why the document is rejected."),
    "closed": _(
        "error_chain_closed", default="No step of this approval chain is waiting for a decision."
    ),
    "not-current": _(
        "error_not_current_approver",
        default="Only the current approver (or their substitute) may decide now.",
    ),
}


def decide(doc, decision, comment=""):
    """The current approver approves or rejects (with a comment) the current step."""
    from ratusha.registry.substitutes import all_substitutions

    if review_state(doc) != "in_approval":
        raise InputError(
            _("error_not_in_approval", default="The document is not waiting for approval."),
            status=409,
        )
    user = current_user_id()
    if decision not in ("approve", "reject"):
        raise InputError(_("error_decision", default="Decide «approve» or «reject»."))
    try:
        chain.decide(
            doc.approval_steps,
            user,
            chain.APPROVED if decision == "approve" else chain.REJECTED,
            now(),
            comment,
            all_substitutions(),
            doc.Creator(),
        )
    except chain.ChainError as exc:
        status = 403 if exc.code in ("not-current", "author") else 400
        raise InputError(CHAIN_ERRORS.get(exc.code, str(exc)), status=status)
    if decision == "reject":
        transition = "reject"
    else:
        transition = "approve_final" if chain.remaining(doc.approval_steps) == 1 else "approve"
    _transition(doc, transition, comment or "")
    return review_state(doc)


def approval_data(doc):
    from ratusha.registry.vocabularies import user_title

    steps = []
    current = chain.current_index(doc.approval_steps or ())
    for index, item in enumerate(doc.approval_steps or ()):
        steps.append(dict(item, fullname=user_title(item["approver"]), current=index == current))
    return {
        "approvers": list(doc.approvers or ()),
        "steps": steps,
        "current": chain.current_approver(doc.approval_steps or ()),
        "remaining": chain.remaining(doc.approval_steps or ()),
        "signatory": doc.effective_signatory(),
        "signed_by": doc.signed_by,
    }


def submit(doc):
    """The author sends a draft to its first approver."""
    if review_state(doc) != "draft":
        raise InputError(_("error_not_draft", default="Only a draft can be submitted."), status=409)
    if not _checkPermission("Modify portal content", doc):
        raise InputError(
            _("error_not_author", default="Only the author can change this."), status=403
        )
    check_chain(doc, list(doc.approvers or ()))
    _transition(doc, "submit")
    return review_state(doc)
