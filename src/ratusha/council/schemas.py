"""Dexterity schemas of the council's content."""

import datetime
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.supermodel import model
import pytz
from ratusha import _
from ratusha.core.linkfields import web_link
from ratusha.council import rules
from ratusha.council.legalbasis import LegalBasisError
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory


USERS = "plone.app.vocabularies.Users"
CANDIDATES = "ratusha.council.Candidates"
COUNCILLORS = "ratusha.council.Councillors"
SOFIA_ZONE = "Europe/Sofia"


def next_number(context, portal_type):
    """One more than the highest number among the container's items of this type (the
    context is the container in add forms; new objects get theirs when they are added)."""
    if context is None or not hasattr(context, "objectValues"):
        return 1
    numbers = [
        obj.__dict__.get("number") or 0
        for obj in context.objectValues()
        if getattr(obj, "portal_type", None) == portal_type
    ]
    return max(numbers, default=0) + 1


@provider(IContextAwareDefaultFactory)
def next_session_number(context):
    return next_number(context, "Session")


@provider(IContextAwareDefaultFactory)
def next_item_number(context):
    return next_number(context, "AgendaItem")


@provider(IContextAwareDefaultFactory)
def default_start(context):
    zone = pytz.timezone(SOFIA_ZONE)
    day = datetime.datetime.now(zone).date() + datetime.timedelta(days=14)
    return zone.localize(datetime.datetime(day.year, day.month, day.day, 10, 0))


@provider(IContextAwareDefaultFactory)
def default_end(context):
    start = default_start(context)
    return start.tzinfo.normalize(start + datetime.timedelta(hours=4))


@provider(IContextAwareDefaultFactory)
def default_room(context):
    """The council's hall (the context is the council in add forms, the session otherwise)."""
    from ratusha.council.councils import council_of

    council = council_of(context) if context is not None else None
    return (council.video_room or None) if council is not None else None


class ICouncilSchema(model.Schema):
    """The council: seats, term, who is who, and its rulebook (правилник)."""

    seats = schema.Int(
        title=_("label_council_seats", default="Number of seats"),
        description=_(
            "help_council_seats",
            default="All seats of the council (11 to 61 by law); quorum and "
            "majorities of all councillors count from this number.",
        ),
        min=1,
        max=101,
        default=21,
        required=True,
    )

    term = schema.TextLine(
        title=_("label_council_term", default="Term (мандат)"),
        description=_("help_council_term", default="For example 2023–2027."),
        required=True,
        default="2023–2027",
    )

    directives.widget("councillors", AjaxSelectFieldWidget, vocabulary=CANDIDATES)
    councillors = schema.List(
        title=_("label_council_councillors", default="Councillors"),
        description=_(
            "help_council_councillors",
            default="From the Councillor group. Empty: everyone in the group.",
        ),
        value_type=schema.Choice(vocabulary=CANDIDATES),
        required=False,
        default=[],
    )

    chair = schema.Choice(
        title=_("label_council_chair", default="Chair"), vocabulary=CANDIDATES, required=False
    )

    directives.widget("deputy_chairs", AjaxSelectFieldWidget, vocabulary=CANDIDATES)
    deputy_chairs = schema.List(
        title=_("label_council_deputies", default="Deputy chairs"),
        value_type=schema.Choice(vocabulary=CANDIDATES),
        required=False,
        default=[],
    )

    directives.widget("staff", AjaxSelectFieldWidget, vocabulary=USERS)
    staff = schema.List(
        title=_("label_council_staff", default="Council staff"),
        description=_(
            "help_council_staff",
            default="They prepare sessions, record presence and keep the protocol.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    video_room = schema.Choice(
        title=_("label_council_room", default="Hall and video room"),
        description=_(
            "help_council_room", default="The meeting room of the sessions. Empty: one is made."
        ),
        vocabulary="ratusha.council.VideoRooms",
        required=False,
    )

    model.fieldset(
        "rulebook",
        label=_("fieldset_rulebook", default="Rulebook"),
        fields=[
            "notice_days",
            "extraordinary_notice_days",
            "protocol_correction_days",
            "publication_days",
            "self_checkin",
            "remote_allowed",
            "remote_needs_basis",
            "remote_rules",
        ],
    )

    notice_days = schema.Int(
        title=_("label_notice_days", default="Notice before a session (days)"),
        description=_(
            "help_notice_days",
            default="The agenda and materials are published at least this many "
            "days before a regular session.",
        ),
        min=0,
        max=60,
        default=7,
        required=True,
    )

    extraordinary_notice_days = schema.Int(
        title=_(
            "label_extraordinary_notice_days",
            default="Notice before an extraordinary session (days)",
        ),
        min=0,
        max=60,
        default=1,
        required=True,
    )

    protocol_correction_days = schema.Int(
        title=_("label_protocol_correction_days", default="Protocol open for corrections (days)"),
        min=0,
        max=60,
        default=7,
        required=True,
    )

    publication_days = schema.Int(
        title=_("label_publication_days", default="Acts published within (days)"),
        min=0,
        max=60,
        default=7,
        required=True,
    )

    self_checkin = schema.Bool(
        title=_("label_self_checkin", default="Councillors may check in themselves"),
        description=_(
            "help_self_checkin",
            default="From their own signed-in device; staff records are kept apart.",
        ),
        default=False,
        required=False,
    )

    remote_allowed = schema.Bool(
        title=_("label_remote_allowed", default="Hybrid and remote sessions allowed"),
        description=_(
            "help_remote_allowed",
            default="Only under чл. 28а ЗМСМА (state of emergency, epidemic, disaster).",
        ),
        default=False,
        required=False,
    )

    remote_needs_basis = schema.Bool(
        title=_("label_remote_needs_basis", default="A remote session needs a recorded basis"),
        default=True,
        required=False,
    )

    remote_rules = schema.Text(
        title=_("label_remote_rules", default="Rules of remote sessions"),
        description=_(
            "help_remote_rules",
            default="Identification, voting and recording as the rulebook says.",
        ),
        required=False,
    )

    @invariant
    def composition_frozen(data):
        """Seats and councillors do not change under a sitting session (the edit form)."""
        from ratusha.council.frozen import refusal
        from ratusha.council.interfaces import ICouncil

        council = getattr(data, "__context__", None)
        if ICouncil.providedBy(council):
            found = refusal(council, data.seats, data.councillors)
            if found is not None:
                raise Invalid(found)


class ICommitteeSchema(model.Schema):
    """A standing committee."""

    chair = schema.Choice(
        title=_("label_committee_chair", default="Chair"), vocabulary=COUNCILLORS, required=False
    )

    directives.widget("secretary", AjaxSelectFieldWidget, vocabulary=USERS)
    secretary = schema.TextLine(
        title=_("label_committee_secretary", default="Secretary"), required=False
    )

    directives.widget("members", AjaxSelectFieldWidget, vocabulary=COUNCILLORS)
    members = schema.List(
        title=_("label_committee_members", default="Members"),
        value_type=schema.Choice(vocabulary=COUNCILLORS),
        required=False,
        default=[],
    )

    room = schema.Choice(
        title=_("label_committee_room", default="Meeting room"),
        description=_(
            "help_committee_room",
            default="Committee meetings take place in this room. Empty: one is made.",
        ),
        vocabulary="ratusha.council.VideoRooms",
        required=False,
    )


class IPoliticalGroupSchema(model.Schema):
    """A group of councillors."""

    leader = schema.Choice(
        title=_("label_group_leader", default="Leader"), vocabulary=COUNCILLORS, required=False
    )

    directives.widget("members", AjaxSelectFieldWidget, vocabulary=COUNCILLORS)
    members = schema.List(
        title=_("label_group_members", default="Members"),
        value_type=schema.Choice(vocabulary=COUNCILLORS),
        required=False,
        default=[],
    )


class ISessionSchema(model.Schema):
    """A session: when, where, how, and whether it is open to the public."""

    number = schema.Int(
        title=_("label_session_number", default="Number in the term"),
        min=1,
        required=True,
        defaultFactory=next_session_number,
    )

    kind = schema.Choice(
        title=_("label_session_kind", default="Kind"),
        vocabulary="ratusha.council.SessionKinds",
        default=rules.REGULAR,
        required=True,
    )

    extraordinary_reason = schema.Text(
        title=_("label_extraordinary_reason", default="Reason for an extraordinary session"),
        description=_(
            "help_extraordinary_reason",
            default="Required for an extraordinary session; it may be convened with "
            "shorter notice.",
        ),
        required=False,
    )

    directives.widget("start", default_timezone=SOFIA_ZONE)
    start = schema.Datetime(
        title=_("label_session_start", default="Starts"),
        required=True,
        defaultFactory=default_start,
    )

    directives.widget("end", default_timezone=SOFIA_ZONE)
    end = schema.Datetime(
        title=_("label_session_end", default="Ends"), required=True, defaultFactory=default_end
    )

    place = schema.TextLine(title=_("label_session_place", default="Place"), required=False)

    mode = schema.Choice(
        title=_("label_session_mode", default="Mode"),
        vocabulary="ratusha.council.Modes",
        default=rules.IN_PERSON,
        required=True,
    )

    remote_basis = schema.Text(
        title=_("label_remote_basis", default="Basis for meeting by video (чл. 28а)"),
        description=_(
            "help_remote_basis", default="The declared emergency and the act that declared it."
        ),
        required=False,
    )

    closed_door = schema.Bool(
        title=_("label_closed_door", default="Closed session (закрито заседание)"),
        description=_(
            "help_closed_door", default="The public sees only that the session took place."
        ),
        default=False,
        required=False,
    )

    video_room = schema.Choice(
        title=_("label_session_room", default="Video room"),
        vocabulary="ratusha.council.VideoRooms",
        required=False,
        defaultFactory=default_room,
    )

    livestream_url = schema.URI(
        title=_("label_livestream_url", default="Live stream"),
        description=_(
            "help_livestream_url",
            default="The public address of the live stream (required by law for open sessions).",
        ),
        required=False,
        constraint=web_link,
    )

    @invariant
    def times(data):
        if data.start is not None and data.end is not None and data.end <= data.start:
            raise Invalid(_("error_session_times", default="The session must end after it starts."))
        if data.kind == rules.EXTRAORDINARY and not (data.extraordinary_reason or "").strip():
            raise Invalid(
                _(
                    "error_extraordinary_reason",
                    default="Give the reason for the extraordinary session.",
                )
            )


class IAgendaItemSchema(model.Schema):
    """An agenda item: the report, its legal basis, the draft decision, the materials."""

    number = schema.Int(
        title=_("label_item_number", default="Number on the agenda"),
        min=1,
        required=True,
        defaultFactory=next_item_number,
    )

    kind = schema.Choice(
        title=_("label_item_kind", default="Kind"),
        vocabulary="ratusha.council.ItemKinds",
        default=rules.DECISION,
        required=True,
    )

    rapporteur = schema.Choice(
        title=_("label_rapporteur", default="Brought by (вносител)"),
        vocabulary="ratusha.council.Rapporteurs",
        required=False,
    )

    # HTML only: one editor, and no raw MIME types (text/x-web-textile) to choose from
    report = RichText(
        title=_("label_item_report", default="Report (докладна записка)"),
        required=False,
        allowed_mime_types=("text/html",),
    )

    directives.mode(report_document="hidden")
    report_document = schema.TextLine(
        title=_("label_item_report_document", default="Internal document"), required=False
    )

    model.fieldset(
        "legal",
        label=_("fieldset_legal_basis", default="Legal basis"),
        fields=["legal_law", "legal_article", "legal_paragraph", "legal_point"],
    )

    legal_law = schema.TextLine(
        title=_("label_legal_law", default="Law"),
        description=_("help_legal_law", default="e.g. ЗМСМА, ЗОС"),
        required=False,
    )
    legal_article = schema.TextLine(
        title=_("label_legal_article", default="Article (чл.)"), required=False
    )
    legal_paragraph = schema.TextLine(
        title=_("label_legal_paragraph", default="Paragraph (ал.)"), required=False
    )
    legal_point = schema.TextLine(
        title=_("label_legal_point", default="Point (т.)"), required=False
    )

    draft_decision = RichText(
        title=_("label_draft_decision", default="Draft decision (проект за решение)"),
        required=False,
        allowed_mime_types=("text/html",),
    )

    directives.widget("committees", CheckBoxFieldWidget)
    committees = schema.List(
        title=_("label_item_committees", default="Committees asked for an opinion"),
        value_type=schema.Choice(vocabulary="ratusha.council.Committees"),
        required=False,
        default=[],
    )

    opinion_deadline = schema.Date(
        title=_("label_opinion_deadline", default="Opinions due by"),
        description=_("help_opinion_deadline", default="Empty: the day before the session."),
        required=False,
    )

    @invariant
    def basis(data):
        try:
            rules.legal_basis(
                data.legal_law, data.legal_article, data.legal_paragraph, data.legal_point
            )
        except LegalBasisError:
            raise Invalid(
                _(
                    "error_legal_basis",
                    default="A legal basis needs the law and the article; a point "
                    "(т.) needs its paragraph (ал.).",
                )
            )


class ICommitteeOpinionSchema(model.Schema):
    """A committee's opinion on an agenda item (its chair and secretary give the verdict)."""

    directives.write_permission(committee="ratusha.ManageSession", deadline="ratusha.ManageSession")
    committee = schema.Choice(
        title=_("label_opinion_committee", default="Committee"),
        vocabulary="ratusha.council.Committees",
        required=True,
    )

    deadline = schema.Date(
        title=_("label_opinion_deadline_short", default="Due by"), required=False
    )

    verdict = schema.Choice(
        title=_("label_opinion_verdict", default="Opinion"),
        vocabulary="ratusha.council.Verdicts",
        required=False,
    )

    text = schema.Text(title=_("label_opinion_text", default="Text and amendments"), required=False)
