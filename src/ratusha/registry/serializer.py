"""REST data of registry items: the plone.restapi serialization plus a `registry` block
with the number, the СЕОС status code, the deadline, the approval chain and the resolutions."""

from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from ratusha.privacy.interfaces import personal_data_shown
from ratusha.registry import seos
from ratusha.registry.config import today
from ratusha.registry.config import work_calendar
from ratusha.registry.deadlines import status as deadline_status
from ratusha.registry.interfaces import FINISHED_STATES
from ratusha.registry.interfaces import IApprovable
from ratusha.registry.interfaces import IRegistryDocument
from ratusha.registry.interfaces import IRegistryItem
from ratusha.registry.security import review_state
from ratusha.registry.special import may_read
from ratusha.registry.special import TEXT_FIELDS
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


def _iso(value):
    return value.isoformat() if value else None


def task_data(task):
    return {
        "@id": task.absolute_url(),
        "assignee": task.assignee,
        "responsible": bool(task.responsible),
        "deadline": _iso(task.deadline),
        "review_state": review_state(task),
    }


def registry_data(obj):
    state = review_state(obj)
    register = obj.register()
    data = {
        "number": obj.registration_number,
        "registered": _iso(obj.registration_date),
        "registered_by": obj.registered_by,
        "register": (
            {"id": register.getId(), "index": register.index, "title": register.Title()}
            if register is not None
            else None
        ),
        "review_state": state,
        "seos_status": seos.STATE_CODES.get(state),
        "confidential": bool(obj.confidential),
        "department": obj.department,
    }
    if IRegistryDocument.providedBy(obj):
        done = state in FINISHED_STATES
        data["deadline"] = _iso(obj.deadline)
        data["deadline_status"] = deadline_status(obj.deadline, today(), work_calendar(), done)
        data["resolutions"] = [
            {
                "@id": r.absolute_url(),
                "author": r.author,
                "instruction": r.instruction,
                "deadline": _iso(r.deadline),
                "created": r.created().ISO8601(),
                "tasks": [task_data(t) for t in r.tasks()],
            }
            for r in obj.objectValues()
            if r.portal_type == "Resolution"
        ]
    if IApprovable.providedBy(obj):
        from ratusha.registry.actions import approval_data

        data["approval"] = approval_data(obj)
    case_file = getattr(obj, "case_file", None)
    if case_file:
        case = api.content.get(UID=case_file)
        data["case_file"] = (
            {"@id": case.absolute_url(), "title": case.Title()} if case is not None else None
        )
    return data


@implementer(ISerializeToJson)
@adapter(IRegistryDocument, Interface)
class DocumentSerializer(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(
            version=version, include_items=include_items, include_expansion=include_expansion
        )
        result["registry"] = registry_data(self.context)
        if not may_read(self.context):
            result.update({name: None for name in TEXT_FIELDS if name in result})
        personal_data_shown(self.context, via="rest")
        return result


@implementer(ISerializeToJson)
@adapter(IRegistryItem, Interface)
class CaseFileSerializer(SerializeToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(
            version=version, include_items=include_items, include_expansion=include_expansion
        )
        result["registry"] = registry_data(self.context)
        return result
