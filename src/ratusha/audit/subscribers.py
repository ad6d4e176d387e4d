"""What gets recorded: subscribers turning Plone's events into audit records."""

from plone import api
from plone.dexterity.interfaces import IDexterityContent
from ratusha.audit.interfaces import IPersonalData
from ratusha.audit.recorder import record
from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent


DOWNLOAD_VIEWS = ("download", "display-file", "images")
IGNORED_FAILURES = ("NotFound", "Redirect", "Found", "MovedPermanently")
DENIED = ("Unauthorized", "Forbidden")


def _principal_id(principal):
    """PAS events carry a principal object or, from some callers, just its id."""
    return principal.getId() if hasattr(principal, "getId") else principal


def _is_content(obj):
    return IDexterityContent.providedBy(obj)


# authentication


def logged_in(event):
    record("auth.login", login=event.principal.getUserName())


def logged_out(event):
    record("auth.logout")


def login_failed(event):
    record(
        "auth.login-failed",
        outcome="denied",
        login=event.login,
        details={"reason": event.reason},
        request=event.request,
        immediate=True,
    )


# authorisation


def local_roles_changed(event):
    roles = {principal: sorted(r) for principal, r in event.object.get_local_roles()}
    record("authz.local-roles", event.object, details={"local_roles": roles})


def added_to_group(event):
    record(
        "authz.group-member-added",
        details={"principal": _principal_id(event.principal), "group": event.group_id},
    )


def removed_from_group(event):
    record(
        "authz.group-member-removed",
        details={"principal": _principal_id(event.principal), "group": event.group_id},
    )


def principal_created(event):
    record("authz.principal-created", details={"principal": _principal_id(event.principal)})


def principal_deleted(event):
    record("authz.principal-deleted", details={"principal": _principal_id(event.principal)})


def registry_changed(event):
    record("settings.changed", details={"record": event.record.__name__})


# content


def added(obj, event):
    if _is_content(obj) and event.newParent is not None:
        record("content.create", obj)


def modified(obj, event):
    from plone.app.workflow.interfaces import ILocalrolesModifiedEvent

    if not _is_content(obj) or ILocalrolesModifiedEvent.providedBy(event):
        return
    fields = sorted(
        {
            name
            for description in getattr(event, "descriptions", ())
            for name in getattr(description, "attributes", ())
        }
    )
    record("content.modify", obj, details={"fields": fields})


def removed(obj, event):
    if _is_content(obj):
        record("content.delete", obj, details={"from": "/".join(event.oldParent.getPhysicalPath())})


def moved(obj, event):
    if IObjectAddedEvent.providedBy(event) or IObjectRemovedEvent.providedBy(event):
        return
    if _is_content(obj):
        record(
            "content.move",
            obj,
            details={"from": "/".join(event.oldParent.getPhysicalPath() + (event.oldName,))},
        )


def copied(obj, event):
    if _is_content(obj):
        record(
            "content.copy", obj, details={"original": "/".join(event.original.getPhysicalPath())}
        )


def transitioned(obj, event):
    if event.action is None:
        return
    workflows = api.portal.get_tool("portal_workflow")
    comment = workflows.getInfoFor(obj, "comments", "") or ""
    record(
        "content.transition",
        obj,
        details={
            "transition": event.action,
            "workflow": event.workflow.getId(),
            "state": api.content.get_state(obj),
            "comment": comment,
        },
    )


# reads, downloads, refusals (publication events)


def _published_content(request):
    published = request.get("PUBLISHED")
    context = getattr(published, "context", None)
    if context is None:
        context = getattr(published, "__parent__", None)
    return published, context


def before_commit(event):
    """Reads are acts too when they touch personal data or download a file."""
    request = event.request
    if request.method not in ("GET", "HEAD") or request.response.getStatus() >= 400:
        return
    published, context = _published_content(request)
    if context is None or not _is_content(context):
        return
    name = getattr(published, "__name__", "") or ""
    download = name.lstrip("@") in DOWNLOAD_VIEWS
    if IPersonalData.providedBy(context):
        record(
            "personal-data.download" if download else "personal-data.view",
            context,
            details={"view": name},
        )
    elif download:
        record("content.download", context, details={"view": name})


def publication_failed(event):
    if event.retry:
        return
    error = event.exc_info[1]
    kind = error.__class__.__name__
    if kind in IGNORED_FAILURES:
        return
    request = event.request
    path = request.get("PATH_INFO", "")
    if request.environ.get("ratusha.login_failed"):
        return  # a refused login, already recorded as auth.login-failed
    if kind in DENIED:
        record(
            "access.denied",
            outcome="denied",
            path=path,
            details={"method": request.method, "error": kind},
            request=request,
            immediate=True,
        )
    else:
        record(
            "request.error",
            outcome="error",
            path=path,
            details={"method": request.method, "error": kind},
            request=request,
            immediate=True,
        )
