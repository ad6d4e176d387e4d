"""Sessions over REST: a closed session shows visitors only that it took place; the chair and
staff also get the agenda changes, compliance warnings and what stops convening."""

from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from ratusha.core import permissions
from ratusha.council import lifecycle
from ratusha.council.interfaces import ISession
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


FACT_KEYS = (
    "@id",
    "@type",
    "UID",
    "id",
    "title",
    "start",
    "end",
    "review_state",
    "closed_door",
    "number",
    "parent",
    "is_folderish",
    "layout",
)


@implementer(ISerializeToJson)
@adapter(ISession, Interface)
class SessionSerializer(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        session = self.context
        follows = api.user.has_permission(permissions.FollowSession, obj=session)
        if session.closed_door and not follows:
            return {key: value for key, value in result.items() if key in FACT_KEYS}
        result["published_on"] = session.published_on.isoformat() if session.published_on else None
        result["current_item"] = session.current_item
        if api.user.has_permission(permissions.ManageSession, obj=session):
            result["agenda_changes"] = list(session.agenda_changes or ())
            result["compliance"] = [
                {"code": w["code"], "message": translate(w["message"], context=self.request)}
                for w in lifecycle.compliance(session)
            ]
            if api.content.get_state(session, default=None) == "draft":
                result["convene_problems"] = [
                    translate(p, context=self.request)
                    for p in lifecycle.problems(session, "convene")
                ]
        return result
