"""What happens around the registry's workflow transitions: checks before, effects after.

Checks run before the state changes and refuse with a WorkflowException (the REST @workflow
endpoint and the pages show its message); effects (numbers, chain steps, notifications, audit
records) run after it, inside the same transaction.
"""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.localroles import forget_cached_roles
from ratusha.core.rest import InputError
from ratusha.notifications.interfaces import notify
from ratusha.registry import actions
from ratusha.registry import chain
from ratusha.registry.config import now
from ratusha.registry.substitutes import all_substitutions


REASON_REQUIRED = {
    "reject",
    "return_to_sender",
    "leave_without_consideration",
    "cancel",
    "return_task",
}
RECORDED = {
    "register",
    "submit",
    "withdraw",
    "approve",
    "approve_final",
    "reject",
    "sign",
    "dispatch",
    "archive",
    "cancel",
    "return_to_sender",
    "leave_without_consideration",
    "answer",
    "close",
    "assign",
    "start",
    "complete",
    "return_task",
    "reopen",
}


def _refuse(message):
    raise WorkflowException(actions.translated(message))


def _comment(event):
    return ((event.kwargs or {}).get("comment") or "").strip()


def before_transition(obj, event):
    if event.transition is None:
        return
    transition = event.transition.id
    if transition in REASON_REQUIRED and not _comment(event):
        _refuse(_("error_reason_required", default="Give the reason in the comment."))
    if transition == "submit":
        try:
            actions.check_chain(obj, list(obj.approvers or ()))
        except InputError as exc:
            _refuse(exc.message)
    elif transition in ("approve", "approve_final", "reject"):
        decision = chain.REJECTED if transition == "reject" else chain.APPROVED
        try:
            chain.decide(
                obj.approval_steps,
                actions.current_user_id(),
                decision,
                now(),
                _comment(event),
                all_substitutions(),
                obj.Creator(),
            )
        except chain.ChainError as exc:
            _refuse(actions.CHAIN_ERRORS.get(exc.code, str(exc)))
    elif transition == "register" and getattr(obj, "registration_number", None):
        _refuse(
            _(
                "error_already_registered",
                default="The document is already registered as ${number}.",
                mapping={"number": obj.registration_number},
            )
        )


def _details(obj, transition, **extra):
    details = {"transition": transition, "state": event_state(obj)}
    number = getattr(obj, "registration_number", None)
    if number:
        details["number"] = number
    details.update(extra)
    return details


def event_state(obj):
    return api.portal.get_tool("portal_workflow").getInfoFor(obj, "review_state", None)


# what a transition can change: the number (register), the chain's current approver and the
# people with local roles (worklists, security); a full reindex also redid the texts (bench 3)
TRANSITION_INDEXES = [
    "allowedRolesAndUsers",
    "registry_number",
    "registry_register",
    "registry_year",
    "registry_seq",
    "registry_registered",
    "registry_deadline",
    "registry_approver",
    "registry_people",
    "registry_controller",
]


def after_document_transition(obj, event):
    if event.transition is None:
        return
    transition = event.transition.id
    user = actions.current_user_id()
    extra = {}
    if transition == "register":
        actions.assign_number(obj)
        attention = getattr(obj, "attention_to", None)
        if attention and obj.portal_type == "IncomingDocument":
            notify(
                [attention],
                "registry.incoming",
                _(
                    "notice_incoming",
                    default="New document for your resolution: ${title}",
                    mapping={"title": obj.Title()},
                ),
                "",
                obj.absolute_url(),
                sender=user,
            )
    elif transition == "submit":
        obj.approval_steps = chain.new_chain(obj.approvers, author=obj.Creator())
        _ask_approval(obj, user)
        extra["approvers"] = list(obj.approvers)
    elif transition in ("approve", "approve_final", "reject"):
        decision = chain.REJECTED if transition == "reject" else chain.APPROVED
        index = chain.current_index(obj.approval_steps)
        obj.approval_steps = chain.decide(
            obj.approval_steps,
            user,
            decision,
            now(),
            _comment(event),
            all_substitutions(),
            obj.Creator(),
        )
        step = obj.approval_steps[index]
        extra.update(
            step=index + 1, approver=step["approver"], on_behalf_of=step.get("on_behalf_of")
        )
        if transition == "approve":
            _ask_approval(obj, user)
        elif transition == "approve_final":
            notify(
                [obj.Creator()],
                "registry.approved",
                _("notice_approved", default="Approved: ${title}", mapping={"title": obj.Title()}),
                "",
                obj.absolute_url(),
                sender=user,
            )
            signatory = obj.effective_signatory()
            if signatory and signatory != obj.Creator():
                notify(
                    [signatory],
                    "registry.to-sign",
                    _(
                        "notice_to_sign",
                        default="To sign: ${title}",
                        mapping={"title": obj.Title()},
                    ),
                    "",
                    obj.absolute_url(),
                    sender=user,
                )
        else:
            notify(
                [obj.Creator()],
                "registry.rejected",
                _("notice_rejected", default="Rejected: ${title}", mapping={"title": obj.Title()}),
                _comment(event),
                obj.absolute_url(),
                sender=user,
            )
    elif transition == "withdraw":
        obj.approval_steps = ()
    elif transition == "sign":
        obj.signed_by = user
        obj.signed_at = now().isoformat()  # text: zoneinfo does not pickle in the ZODB
        notify(
            ["role:Registrar"],
            "registry.to-register",
            _(
                "notice_to_register",
                default="Signed, to register: ${title}",
                mapping={"title": obj.Title()},
            ),
            "",
            obj.absolute_url(),
            sender=user,
        )
    elif transition == "dispatch":
        notify(
            [obj.Creator()],
            "registry.dispatched",
            _("notice_dispatched", default="Dispatched: ${title}", mapping={"title": obj.Title()}),
            "",
            obj.absolute_url(),
            sender=user,
        )
    forget_cached_roles(obj)
    obj.reindexObject(idxs=TRANSITION_INDEXES)
    if transition in RECORDED:
        record(
            f"registry.{transition}",
            obj,
            details=_details(obj, transition, **{k: v for k, v in extra.items() if v is not None}),
        )


def _ask_approval(obj, sender):
    from ratusha.registry.config import today

    people = chain.actors(obj.approval_steps, all_substitutions(), today())
    if people:
        notify(
            people,
            "registry.approval-request",
            _(
                "notice_approval_request",
                default="For your approval: ${title}",
                mapping={"title": obj.Title()},
            ),
            "",
            obj.absolute_url(),
            sender=sender,
        )


def after_task_transition(obj, event):
    if event.transition is None:
        return
    transition = event.transition.id
    user = actions.current_user_id()
    doc = obj.document()
    controller = getattr(obj.resolution(), "author", None)
    if transition == "start" and event_state(doc) == "assigned":
        if "start" in actions.available_transitions(doc):
            api.portal.get_tool("portal_workflow").doActionFor(doc, "start")
    elif transition == "complete" and controller:
        notify(
            [controller],
            "registry.task-done",
            _(
                "notice_task_done",
                default="Done by ${name}: ${title}",
                mapping={"name": _fullname(user), "title": doc.Title()},
            ),
            _comment(event),
            doc.absolute_url(),
            sender=user,
        )
    elif transition == "return_task" and controller:
        notify(
            [controller],
            "registry.task-returned",
            _(
                "notice_task_returned",
                default="Returned by ${name}: ${title}",
                mapping={"name": _fullname(user), "title": doc.Title()},
            ),
            _comment(event),
            doc.absolute_url(),
            sender=user,
        )
    elif transition == "reopen":
        notify(
            [obj.assignee],
            "registry.assignment",
            _(
                "notice_task_reopened",
                default="Task reopened: ${title}",
                mapping={"title": doc.Title()},
            ),
            _comment(event),
            doc.absolute_url(),
            sender=user,
        )
    if transition in RECORDED:
        record(
            f"registry.task-{transition}",
            doc,
            details={
                "transition": transition,
                "task": obj.getId(),
                "assignee": obj.assignee,
                "state": event_state(obj),
                "number": doc.registration_number,
            },
        )


def _fullname(user_id):
    from ratusha.registry.vocabularies import user_title

    return user_title(user_id)


def case_file_added(obj, event):
    """A case file gets its number when it is opened."""
    if event.newParent is None or obj.registration_number:
        return
    if obj.register() is not None:
        actions.assign_number(obj)
        record("registry.case-opened", obj, details={"number": obj.registration_number})


def document_modified(obj, event):
    """Confidentiality or department may have changed: recompute who sees it."""
    obj.reindexObjectSecurity()
    forget_cached_roles(obj)


def document_added(obj, event):
    """A new draft gets its author's department unless it names one, and the default chain
    for its kind from that department up."""
    if event.newParent is None:
        return
    author = obj.Creator()
    if not getattr(obj, "department", None):
        obj.department = actions.default_department(author)
    if not getattr(obj, "approvers", None):
        obj.approvers = actions.default_approvers(
            getattr(obj, "kind", None) or "letter", author, obj.department
        )


def _changed_fields(event):
    return {
        name
        for description in getattr(event, "descriptions", ()) or ()
        for name in getattr(description, "attributes", ())
    }


def save_file_version(obj, comment):
    """Keep the new file as a version (CMFEditions): its history shows who uploaded what."""
    repository = api.portal.get_tool("portal_repository")
    if not repository.isVersionable(obj):
        return None
    repository.save(obj=obj, comment=comment)
    version = getattr(obj, "version_id", None)
    record(
        "registry.file-version",
        obj,
        details={
            "version": version,
            "number": getattr(obj, "registration_number", None),
            "size": getattr(obj.file, "size", None),
            "content_type": getattr(obj.file, "contentType", None),
        },
    )
    return version


def file_changed(obj, event):
    fields = _changed_fields(event)
    if obj.file is not None and (
        "file" in fields
        or "IDocumentCommon.file" in fields
        or any(f.endswith(".file") for f in fields)
    ):
        save_file_version(
            obj, actions.translated(_("version_file_uploaded", default="New file uploaded"))
        )


def file_added(obj, event):
    if event.newParent is not None and getattr(obj, "file", None) is not None:
        save_file_version(obj, actions.translated(_("version_first_file", default="First file")))


def register_edited(obj, event):
    from zope.container.interfaces import IContainerModifiedEvent

    if not IContainerModifiedEvent.providedBy(event):
        obj.setModificationDate()
        obj.reindexObject(idxs=["modified"])
