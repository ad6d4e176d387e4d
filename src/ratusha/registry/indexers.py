"""Catalog indexers: numbers, registers, deadlines and who works on what, for the worklists."""

from plone.indexer import indexer
from ratusha.privacy.interfaces import personal_number_key
from ratusha.registry import chain
from ratusha.registry.interfaces import IApprovable
from ratusha.registry.interfaces import IRegistryDocument
from ratusha.registry.interfaces import IRegistryItem
from ratusha.registry.interfaces import IRegistryTask
from ratusha.registry.special import catalog_text


NOT_INDEXED = AttributeError  # plone.indexer: raising AttributeError leaves the index alone


def _iso(day):
    return day.isoformat() if day else None


@indexer(IRegistryItem)
def registry_number(obj):
    return obj.registration_number or None


@indexer(IRegistryTask)
def task_number(obj):
    return obj.document().registration_number or None


@indexer(IRegistryItem)
def registry_register(obj):
    register = obj.register()
    return register.getId() if register is not None else None


@indexer(IRegistryItem)
def registry_year(obj):
    return obj.registration_year


@indexer(IRegistryItem)
def registry_seq(obj):
    return obj.registration_seq


@indexer(IRegistryItem)
def registry_registered(obj):
    return _iso(obj.registration_date)


@indexer(IRegistryItem)
def registry_kind(obj):
    return getattr(obj, "kind", None)


@indexer(IApprovable)
def registry_approver(obj):
    approver = chain.current_approver(obj.approval_steps or ())
    return [approver] if approver else []


@indexer(IRegistryItem)
def registry_people(obj):
    return list(getattr(obj, "registry_assignees", ()))


@indexer(IRegistryTask)
def task_people(obj):
    return [obj.assignee]


@indexer(IRegistryItem)
def registry_controller(obj):
    return list(getattr(obj, "registry_controllers", ()))


@indexer(IRegistryTask)
def task_controller(obj):
    author = getattr(obj.resolution(), "author", None)
    return [author] if author else []


@indexer(IRegistryItem)
def registry_deadline(obj):
    return _iso(getattr(obj, "deadline", None))


@indexer(IRegistryTask)
def task_deadline(obj):
    return _iso(obj.deadline)


@indexer(IRegistryItem)
def searchable_text(obj):
    parts = [
        obj.registration_number,
        obj.title,
        catalog_text(obj, "description"),
        getattr(obj, "sender_name", None),
        getattr(obj, "sender_eik", None),
        catalog_text(obj, "recipients"),
        catalog_text(obj, "body"),
    ]
    return " ".join(p for p in parts if isinstance(p, str) and p)


@indexer(IRegistryTask)
def task_searchable_text(obj):
    document = obj.document()
    parts = [document.registration_number, document.title, obj.instruction]
    return " ".join(p for p in parts if isinstance(p, str) and p)


@indexer(IRegistryItem)
def registry_case(obj):
    return getattr(obj, "case_file", None) or None


@indexer(IRegistryDocument)
def registry_personal_number(obj):
    """The sender's ЕГН/ЛНЧ as its keyed hash: the clear number never reaches the catalog."""
    value = getattr(obj, "sender_personal_number", None)
    try:
        return personal_number_key(value) if value else None
    except ValueError:  # not ten digits: nothing a search could ask for
        return None
