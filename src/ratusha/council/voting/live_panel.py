"""The voting panel of the live session page (an ILiveSessionSection named "voting").

A councillor sees the open poll with big за / против / въздържал се buttons (a button per
candidate in an election), his own vote, and the progress; the chair and staff see the
controls: create a poll on the current item, open and close it, who has not voted yet, the
roll-call sheet and the show-of-hands totals. After the close everybody sees the outcome with
its explanation. state() holds everything the HTML depends on, so the page refreshes the panel
exactly when something a viewer can see changed.
"""

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core import permissions
from ratusha.council import ballots
from ratusha.council import majority
from ratusha.council.councils import council_of
from ratusha.council.councils import fullname
from ratusha.council.councils import is_councillor
from ratusha.council.interfaces import ILiveSessionSection
from ratusha.council.live import current_item
from ratusha.council.live import Section
from ratusha.council.live import state_of
from ratusha.council.opendata import MODE_LABELS
from ratusha.council.opendata import VOTE_LABELS
from ratusha.council.voting import acts
from ratusha.council.voting import describe
from ratusha.council.voting import polls
from ratusha.council.voting import settings
from zope.interface import implementer


CHOICE_TITLES = {
    ballots.YES: _("vote_button_yes", default="For"),
    ballots.NO: _("vote_button_no", default="Against"),
    ballots.ABSTAIN: _("vote_button_abstain", default="Abstain"),
}
MODE_TITLES = {
    mode: _(MODE_LABELS[mode][0], default=MODE_LABELS[mode][1]) for mode in ballots.MODES
}  # the protocol's names of the modes
BASE_TITLES = {
    majority.SIMPLE: _("majority_base_simple", default="more than half of those present"),
    majority.ALL: _("majority_base_all", default="more than half of all councillors"),
    majority.TWO_THIRDS_ALL: _(
        "majority_base_two_thirds", default="at least two thirds of all councillors"
    ),
}


def static_url(name):
    return f"{api.portal.get().absolute_url()}/++plone++ratusha.council.voting/{name}"


def shown_poll(session, item):
    """(item, poll) the panel is about: the open poll of the session, else the last poll of
    the current item (about to be opened, or its result)."""
    running = acts.open_polls(session)
    if running:
        return running[0]
    found = polls.polls_of(item) if item is not None else []
    return (item, found[-1]) if found else (None, None)


@implementer(ILiveSessionSection)
class VotingSection(Section):
    order = 25
    title = _("live_voting", default="Voting")
    template = ViewPageTemplateFile("browser/templates/live_voting.pt")

    def available(self):
        return state_of(self.context) in ("convened", "open")

    # -- who -------------------------------------------------------------------------------

    def me(self):
        return api.user.get_current().getId()

    def may_manage(self):
        return bool(api.user.has_permission(permissions.ManageSession, obj=self.context))

    def may_record(self):
        return bool(api.user.has_permission(permissions.RecordVotes, obj=self.context))

    def is_councillor(self):
        if not hasattr(self, "_councillor"):
            self._councillor = bool(
                api.user.has_permission(permissions.CastVote, obj=self.context)
                and is_councillor(council_of(self.context), self.me())
            )
        return self._councillor

    # -- what ------------------------------------------------------------------------------

    def item(self):
        if not hasattr(self, "_item"):
            self._item = current_item(self.context)
        return self._item

    def target(self):
        if not hasattr(self, "_target"):
            self._target = shown_poll(self.context, self.item())
        return self._target

    def poll(self):
        item, poll = self.target()
        if poll is None:
            return None
        data = describe.describe(item, poll, self.request, names=self.may_manage())
        data["mode_title"] = self.translate(MODE_TITLES[poll.mode])
        data["base_title"] = self.translate(BASE_TITLES.get(poll.rule.get("base"), ""))
        data["item_title"] = item.Title()
        data["item_number"] = getattr(item, "number", "")
        data["buttons"] = self.buttons(poll)
        data["my_label"] = self.my_label(poll, data.get("my_vote"))
        data["roll_call"] = self.roll_call(poll)
        data["votes"] = (
            describe.named_votes(item, poll, self.request)
            if poll.state == polls.CLOSED and poll.mode in ballots.PERSONAL_MODES
            else []
        )
        return data

    def buttons(self, poll):
        if (
            poll.state != polls.OPEN
            or not self.is_councillor()
            or poll.mode not in (ballots.NAMED, ballots.SECRET)
        ):
            return []
        if self.me() not in poll.box.eligible:
            return []
        if poll.election:
            return [
                {"choice": option, "title": fullname(option), "class": "btn-primary"}
                for option in poll.options
            ]
        styles = {
            ballots.YES: "btn-success",
            ballots.NO: "btn-danger",
            ballots.ABSTAIN: "btn-secondary",
        }
        return [
            {
                "choice": choice,
                "title": self.translate(CHOICE_TITLES[choice]),
                "class": styles[choice],
            }
            for choice in ballots.CHOICES
        ]

    def my_label(self, poll, mine):
        if not mine or not mine["voted"]:
            return ""
        if mine["choice"] is None:
            return self.translate(_("vote_secret_cast", default="Your ballot has been cast."))
        msgid, default = VOTE_LABELS[mine["choice"]]
        return self.translate(_(msgid, default=default))

    def roll_call(self, poll):
        """The clerk's sheet: every eligible councillor and the answer recorded so far."""
        if poll.mode != ballots.ROLL_CALL or poll.state != polls.OPEN or not self.may_record():
            return []
        marks = poll.box.named_votes()
        return [
            {"id": voter, "name": fullname(voter), "choice": marks.get(voter)}
            for voter in sorted(poll.box.eligible, key=fullname)
        ]

    def choices(self):
        return [{"choice": c, "title": self.translate(CHOICE_TITLES[c])} for c in ballots.CHOICES]

    def waiting(self):
        """Polls of the current item not opened yet (for the chair and staff)."""
        item = self.item()
        if item is None or not self.may_manage():
            return []
        _item, shown = self.target()
        return [
            {
                "id": p.id,
                "title": p.title,
                "mode": self.translate(MODE_TITLES[p.mode]),
                "text": p.text,
            }
            for p in polls.polls_of(item)
            if p.state == polls.CREATED and p is not shown
        ]

    def can_create(self):
        return self.may_manage() and self.item() is not None and not acts.open_polls(self.context)

    def modes(self):
        """The modes the law allows for the current item's decision, the first by default."""
        item = self.item()
        rule = settings.rule_for_item(item, polls.WHOLE, self.context)
        return [
            {"value": mode, "title": self.translate(MODE_TITLES[mode])}
            for mode in majority.allowed_modes(rule)
        ]

    def kinds(self):
        return [
            {"value": kind, "title": self.translate(acts.KIND_TITLES[kind])} for kind in polls.KINDS
        ]

    def my_conflict(self):
        item = self.item()
        if item is None or not self.is_councillor():
            return None
        found = polls.declarations(item).get(self.me())
        return {"declared": found is not None, "text": found[1] if found else ""}

    def needs_basis(self):
        """A video session whose чл. 28а precondition is not recorded yet (staff record it)."""
        return (
            self.may_manage()
            and settings.is_remote_mode(self.context)
            and settings.remote_basis(self.context) is None
        )

    def grounds(self):
        return [
            {"value": value, "title": self.translate(title)} for value, title in settings.GROUNDS
        ]

    def item_url(self):
        item, _poll = self.target()
        item = item or self.item()
        return item.absolute_url() if item is not None else ""

    def css_url(self):
        return static_url("voting.css")

    def js_url(self):
        return static_url("voting.js")

    def results_url(self):
        return f"{self.context.absolute_url()}/@@results"

    def state(self):
        item, poll = self.target()
        data = {
            "item": self.item().UID() if self.item() is not None else None,
            "manage": self.may_manage(),
        }
        if poll is not None:
            tally = poll.box.tally()
            data.update(
                poll=poll.id,
                poll_state=poll.state,
                voted=tally["voted"],
                outcome=bool(poll.outcome) and poll.outcome.get("adopted"),
            )
            if self.is_councillor():
                data["mine"] = describe.my_vote(poll, self.me())
            if self.may_manage() or self.may_record():
                data["not_voted"] = tally.get("not_voted")
                data["totals"] = tally["counts"] if poll.mode == ballots.SHOW_OF_HANDS else None
                data["recorded"] = (
                    sorted(poll.box.named_votes().items())
                    if poll.mode == ballots.ROLL_CALL
                    else None
                )
        if self.may_manage():
            data["waiting"] = [p["id"] for p in self.waiting()]
            data["needs_basis"] = self.needs_basis()
        conflict = self.my_conflict()
        if conflict is not None:
            data["conflict"] = conflict["declared"]
        return data
