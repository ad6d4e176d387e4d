"""GET @opinions (site, council, committee, session or item): committee opinions the user may
see, with deadlines and an overdue flag."""

from plone.restapi.services import Service
from ratusha.council import opinions
from ratusha.council.interfaces import ICommittee


class OpinionsGet(Service):
    def reply(self):
        context = self.context
        if ICommittee.providedBy(context):
            found = opinions.find(committee_uids={context.UID()})
        else:
            found = opinions.find(path="/".join(context.getPhysicalPath()))
        items = [opinions.describe(o) for o in found]
        if self.request.form.get("overdue"):
            items = [i for i in items if i["overdue"]]
        return {
            "@id": f"{context.absolute_url()}/@opinions",
            "items": items,
            "items_total": len(items),
        }
