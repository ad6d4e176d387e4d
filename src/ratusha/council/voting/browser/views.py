"""Pages of voting: the results screen (projector) and the council's majority rule table."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ratusha import _
from ratusha.core import permissions
from ratusha.council import majority
from ratusha.council.interfaces import ISession
from ratusha.council.voting import polls
from ratusha.council.voting import settings
from ratusha.council.voting.live_panel import BASE_TITLES
from ratusha.council.voting.live_panel import MODE_TITLES
from ratusha.council.voting.live_panel import static_url
from ratusha.council.voting.services.common import items_of
from ratusha.council.voting.services.results.get import item_results
from zope.i18n import translate


class ResultsView(BrowserView):
    """@@results on a session (the latest closed poll first, refreshed every few seconds for
    the hall's screen) or on an agenda item (all its closed polls)."""

    template = ViewPageTemplateFile("templates/results.pt")
    refresh = 5  # seconds

    def __call__(self):
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.request.response.setHeader("Cache-Control", "no-store, max-age=0")
        return self.template()

    def t(self, msgid):
        return translate(msgid, context=self.request)

    def css_url(self):
        return static_url("voting.css")

    def is_session(self):
        return ISession.providedBy(self.context)

    def polls(self):
        """Closed polls with their item, newest first on a session, in order on an item."""
        found = []
        for item in items_of(self.context):
            if not api.user.has_permission("View", obj=item):
                continue
            data = item_results(item, self.request)
            for poll in data["polls"]:
                poll["mode_title"] = self.t(MODE_TITLES[poll["mode"]])
                poll["base_title"] = self.t(BASE_TITLES.get(poll["rule"]["base"], ""))
                found.append(
                    dict(
                        poll,
                        item_title=data["title"],
                        item_number=data["number"],
                        decision=data["decision"],
                    )
                )
        if self.is_session():
            found.sort(key=lambda poll: poll["closed"] or "", reverse=True)
        return found

    def running(self):
        """The open poll of the session: its progress is shown above the results."""
        for item in items_of(self.context):
            for poll in polls.polls_of(item):
                if poll.state == polls.OPEN:
                    tally = poll.box.tally()
                    return {
                        "title": poll.title,
                        "item_title": item.Title(),
                        "voted": tally["voted"],
                        "eligible": tally["eligible"],
                    }
        return None


RULE_FIELDS = (
    "basis",
    "base",
    "named_vote_required",
    "secret",
    "citation",
    "valid_from",
    "valid_to",
)


class VotingRulesView(BrowserView):
    """@@voting-rules on the council: the majority rule table (council staff edit it)."""

    template = ViewPageTemplateFile("templates/voting_rules.pt")

    def __call__(self):
        if self.request.method == "POST" and self.may_edit():
            CheckAuthenticator(self.request)
            self.save()
        return self.template()

    def may_edit(self):
        return bool(api.user.has_permission(permissions.ManageSession, obj=self.context))

    def bases(self):
        return [
            {"value": base, "title": translate(BASE_TITLES[base], context=self.request)}
            for base in majority.BASES
        ]

    def rows(self):
        rows = getattr(self, "_rows", None)
        if rows is None:
            rows = [rule.to_dict() for rule in settings.rule_table(self.context)]
        return rows + [dict.fromkeys(RULE_FIELDS, "")] if self.may_edit() else rows

    def allow_change(self):
        return settings.allow_change(self.context)

    def submitted(self):
        form = self.request.form
        count = int(form.get("rows", 0) or 0)
        rows = []
        for index in range(count):
            prefix = f"rule.{index}."
            if form.get(prefix + "delete"):
                continue
            row = {
                name: (form.get(prefix + name) or "").strip()
                for name in ("basis", "base", "citation", "valid_from", "valid_to")
            }
            row["named_vote_required"] = bool(form.get(prefix + "named_vote_required"))
            row["secret"] = bool(form.get(prefix + "secret"))
            if (
                not any(row[name] for name in ("basis", "citation", "valid_to"))
                and index == count - 1
            ):
                continue  # the empty row for a new rule
            row["basis"] = row["basis"] or None
            row["valid_to"] = row["valid_to"] or None
            rows.append(row)
        return rows

    def save(self):
        rows = self.submitted()
        messages = IStatusMessage(self.request)
        try:
            settings.set_voting_settings(
                self.context, rows, bool(self.request.form.get("allow_change"))
            )
        except settings.SettingsError as exc:
            self._rows = rows
            messages.add(translate(exc.message, context=self.request), type="error")
            return
        messages.add(
            translate(
                _("voting_rules_saved", default="The voting rules are saved."), context=self.request
            ),
            type="info",
        )
