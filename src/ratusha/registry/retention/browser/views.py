"""@@retention on /registry: the filing plan, what is due, legal holds, the committee's acts.

Every form posts back here; each act checks, then writes (the same acts as REST), and a
refusal is the page's error message with nothing written."""

from plone import api
from plone.base.utils import safe_text
from Products.CMFPlone.utils import safe_nativestring
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core.filenames import content_disposition
from ratusha.core.rest import InputError
from ratusha.registry.browser.common import Helpers
from ratusha.registry.retention import acts
from ratusha.registry.retention import holds
from ratusha.registry.retention import inventory
from ratusha.registry.retention import listing
from ratusha.registry.retention import plan
import transaction
from zExceptions import NotFound


class RetentionView(BrowserView, Helpers):
    template = ViewPageTemplateFile("templates/retention.pt")

    def __call__(self):
        self.full_width()
        if self.request.method == "POST":
            message = self.act(self.request.form)
            if message is not None:
                IStatusMessage(self.request).add(message, "info")
                self.request.response.redirect(f"{self.context.absolute_url()}/@@retention")
                return ""
        return self.template()

    def act(self, form):
        """One act from the form; its refusal stays on the page as an error message."""
        name = form.get("act")
        try:
            if name in ("plan", "hold", "lift", "draft", "execute"):
                acts.refuse_unless_manager()
            if name == "plan":
                return self.save_plan(form)
            if name == "hold":
                holds.set_hold(self.item(form.get("number")), form.get("reason"))
                return _("retention_held_done", default="The item is on legal hold.")
            if name == "lift":
                holds.lift_hold(self.item(form.get("number")))
                return _("retention_lifted_done", default="The legal hold is lifted.")
            if name == "draft":
                found = acts.draft(
                    form.get("kind"),
                    list(form.get("items", [])),
                    [u for u in (form.get("committee") or "").replace(",", " ").split() if u],
                )
                return _(
                    "retention_drafted_done",
                    default="Act № ${number} drafted.",
                    mapping={"number": found["number"]},
                )
            if name == "approve":
                acts.approve(form.get("number"))
                return _("retention_approved_done", default="You have approved the act.")
            if name == "execute":
                acts.execute(form.get("number"))
                return _("retention_executed_done", default="The act is executed.")
        except InputError as exc:
            transaction.doom()
            self.request.response.setStatus(exc.status if exc.status != 404 else 400)
            IStatusMessage(self.request).add(exc.message, "error")
        return None

    def save_plan(self, form):
        """Every changed row of the plan's form; the first wrong one refuses them all."""
        for key, entry in plan.entries().items():
            name = f"plan.{key}."
            asked = [form.get(name + field) for field in ("index", "title", "archive", "start")]
            years = "permanent" if form.get(name + "permanent") else form.get(name + "years")
            current = [entry.index, entry.title, entry.archive, entry.start]
            was = "permanent" if entry.years is None else str(entry.years)
            if asked != current or str(years) != was:
                plan.change(key, asked[0], asked[1], years, asked[2], asked[3])
        return _("retention_plan_saved", default="The filing plan is saved.")

    def item(self, number):
        """A registered item by its number (any the catalog knows), or 400."""
        number = safe_text(number or "").strip()
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            registry_number=safe_nativestring(number), portal_type=listing.TYPES
        )
        if not number or not brains:
            raise InputError(
                _(
                    "error_retention_number",
                    default="There is no registered item with the number «${number}».",
                    mapping={"number": number[:80]},
                )
            )
        return brains[0]._unrestrictedGetObject()

    # what the template shows

    def may_manage(self):
        return acts.may_manage()

    def plan_entries(self):
        return list(plan.entries().values())

    def due(self, kind):
        return listing.due(kind) if self.may_manage() else []

    def held(self):
        return listing.held() if self.may_manage() else []

    def acts(self):
        return acts.visible_acts()

    def me(self):
        return api.user.get_current().getId()


class InventoryDownload(BrowserView):
    """The hand-over inventory's ZIP for the page's link (REST: @retention-inventory)."""

    def __call__(self):
        try:
            act = acts.get(self.request.form.get("act"))
        except InputError:
            raise NotFound(self.request.form.get("act")) from None
        if act["kind"] != acts.HANDOVER:
            raise NotFound(act["number"])
        body = inventory.export(act)
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition", content_disposition(f"inventory-{act['number']}.zip")
        )
        response.setHeader("Cache-Control", "no-store, max-age=0")
        return body
