"""GET @retention-plan: the filing plan (номенклатура на делата), every entry by index."""

from plone.restapi.services import Service
from ratusha.registry.retention import plan
from ratusha.registry.retention.services.common import plan_json


class PlanGet(Service):
    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@retention-plan",
            "handover_years": plan.handover_years(),
            "items": plan_json(plan.entries()),
        }
