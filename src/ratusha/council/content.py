"""Content classes of the council; the workflows' guards call the `may_*` methods."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from plone import api
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from ratusha import _
from ratusha.council import rules
from ratusha.council.interfaces import IAgendaItem
from ratusha.council.interfaces import ICommittee
from ratusha.council.interfaces import ICommitteeOpinion
from ratusha.council.interfaces import ICouncil
from ratusha.council.interfaces import IPoliticalGroup
from ratusha.council.interfaces import ISession
from ratusha.council.legalbasis import LegalBasisError
from zope.i18n import translate
from zope.interface import implementer


# guard method -> transition. Guards have no docstrings: TALES may call them, the web may not.
SESSION_GUARDS = {
    "may_convene": "convene",
    "may_open": "open",
    "may_close": "close",
    "may_start_correction": "start_correction",
    "may_approve_protocol": "approve_protocol",
    "may_publish_protocol": "publish_protocol",
}
ITEM_GUARDS = {
    "may_publish": "publish",
    "may_publish_closed": "publish_closed",
    "may_retract": "retract",
}


def _guard(name, transition):
    def guard(self):
        from ratusha.council.lifecycle import problems

        return not problems(self, transition)

    guard.__name__ = name
    return guard


def with_guards(cls, guards):
    """Add the workflow's guard methods (public to TALES) and initialise the class security."""
    security = ClassSecurityInfo()
    for name, transition in guards.items():
        setattr(cls, name, _guard(name, transition))
        security.declarePublic(name)
    security.apply(cls)
    InitializeClass(cls)
    return cls


@implementer(ICouncil)
class Council(Container):
    """A municipal council; holds its committees, political groups and sessions."""


@implementer(ICommittee)
class Committee(Item):
    """A standing committee; its meetings take place in its own meeting room."""


@implementer(IPoliticalGroup)
class PoliticalGroup(Item):
    """A group of councillors."""


@implementer(ISession)
class Session(Container):
    """A session of the council; holds its agenda items and documents."""

    # recorded by the lifecycle, not edited in forms
    published_on = None  # when the agenda and materials were published (convened)
    convened_by = None
    convened_for = None  # the start it was convened for (later edits do not move it)
    opened_at = None
    opening_reason = None  # why it opened on another day than convened
    composition = None  # seats and councillors frozen at the opening (composition.py)
    closed_at = None
    current_item = None  # UID of the agenda item under discussion
    agenda_changes = ()  # tuple of dicts: who changed what on the agenda after convening

    def has_video(self):
        return self.mode in rules.WITH_VIDEO


with_guards(Session, SESSION_GUARDS)


@implementer(IAgendaItem)
class AgendaItem(Container):
    """An agenda item; holds its materials (files) and the committees' opinions."""

    def legal_basis(self):
        """The LegalBasis of the item, or None (also when the fields are incomplete)."""
        try:
            return rules.legal_basis(
                self.legal_law, self.legal_article, self.legal_paragraph, self.legal_point
            )
        except LegalBasisError:
            return None

    def legal_basis_text(self):
        basis = self.legal_basis()
        return basis.format() if basis is not None else ""


with_guards(AgendaItem, ITEM_GUARDS)


@implementer(ICommitteeOpinion)
class CommitteeOpinion(Item):
    """A committee's opinion on an agenda item; given by the committee's chair or secretary."""

    given_at = None
    given_by = None
    flagged_for = None  # the deadline the committee chair was told is overdue

    def committee_object(self):
        from ratusha.council.councils import committee_by_uid

        return committee_by_uid(self.committee)

    def Title(self):
        committee = self.committee_object()
        name = committee.Title() if committee is not None else ""
        return translate(
            _("opinion_title", default="Opinion of ${committee}", mapping={"committee": name}),
            target_language=api.portal.get_default_language(),
        )

    def is_given(self):
        return bool(self.verdict)
