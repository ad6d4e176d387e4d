"""Contracts and schemas of the registry (деловодство)."""

from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from ratusha import _
from ratusha.core import dates
from ratusha.registry.deadlines import DEFAULT_TERMS
from ratusha.registry.numbering import check_format
from ratusha.registry.numbering import DEFAULT_FORMAT
from ratusha.registry.numbering import FormatError
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid


PERSONAL_DATA = "ratusha.ViewPersonalData"
USERS = "plone.app.vocabularies.Users"
# states of a document in which no deadline runs (its deadline status is "done")
FINISHED_STATES = (
    "answered",
    "closed",
    "returned",
    "left_without_consideration",
    "cancelled",
    "archived",
    "dispatched",
)


def valid_format(value):
    try:
        check_format(value)
    except FormatError as exc:
        raise Invalid(
            _(
                "error_number_format",
                default="This format cannot make registration numbers: ${reason}",
                mapping={"reason": str(exc)},
            )
        )
    return True


class IRegistryItem(Interface):
    """Marker: a document or case file whose readers the registry computes (local roles)."""


class IRegistryDocument(IRegistryItem):
    """Marker: a registered (or registrable) document: incoming, outgoing or internal."""


class IApprovable(IRegistryDocument):
    """Marker: a document that goes through an ordered approval chain (outgoing, internal)."""


class IRegister(model.Schema):
    """A register: a container of documents numbered in one series per year."""

    title = schema.TextLine(
        title=_("label_register_title", default="Name"), required=True, max_length=500
    )

    index = schema.TextLine(
        title=_("label_register_index", default="Index"),
        description=_(
            "help_register_index",
            default="The index of the register in the nomenclature of files, "
            "e.g. 94-00; it starts every number.",
        ),
        required=True,
    )

    kind = schema.Choice(
        title=_("label_register_kind", default="Documents in this register"),
        vocabulary="ratusha.registry.RegisterKinds",
        default="incoming",
        required=True,
    )

    number_format = schema.TextLine(
        title=_("label_number_format", default="Number format"),
        description=_(
            "help_number_format",
            default="Fields: {index}, {seq} (sequence number, e.g. {seq:05d} for five "
            "digits), {date} (e.g. {date:%d.%m.%Y}) and {year}.",
        ),
        default=DEFAULT_FORMAT,
        constraint=valid_format,
        required=True,
    )

    yearly = schema.Bool(
        title=_("label_register_yearly", default="Start again at 1 every year"),
        default=True,
        required=False,
    )


class IDocumentCommon(model.Schema):
    """What every registry document has."""

    title = schema.TextLine(
        title=_("label_subject", default="Subject"),
        description=_("help_subject", default="What the document is about (относно)."),
        required=True,
        max_length=500,
    )

    department = schema.Choice(
        title=_("label_department", default="Responsible department"),
        description=_(
            "help_department", default="Its staff see the document (unless it is confidential)."
        ),
        vocabulary="ratusha.registry.Departments",
        required=False,
    )

    confidential = schema.Bool(
        title=_("label_confidential", default="Confidential"),
        description=_(
            "help_confidential",
            default="Only the people who work on it, the mayor and the secretary see "
            "it; not the whole department and not every registrar.",
        ),
        default=False,
        required=False,
    )

    directives.read_permission(special_categories=PERSONAL_DATA)
    special_categories = schema.Bool(
        title=_("label_special_categories", default="Special categories of personal data"),
        description=_(
            "help_special_categories",
            default="Health, social assistance, ethnicity and the like (GDPR Art. 9): the "
            "text is kept encrypted and shown only to those allowed to see personal data. "
            "Everyone who sees the document reads its subject: keep the subject general.",
        ),
        default=False,
        required=False,
    )

    file = NamedBlobFile(
        title=_("label_main_file", default="Main file"),
        description=_(
            "help_main_file",
            default="The scan or the signed file; each upload is kept as a version.",
        ),
        required=False,
    )


class IIncomingDocument(IDocumentCommon):
    """Входящ документ: a letter, application, complaint or signal received by the municipality."""

    model.fieldset(
        "sender",
        label=_("fieldset_sender", default="Sender"),
        fields=[
            "sender_type",
            "sender_name",
            "sender_eik",
            "sender_personal_number",
            "sender_address",
            "sender_email",
            "anonymous",
        ],
    )

    kind = schema.Choice(
        title=_("label_incoming_kind", default="Kind"),
        vocabulary="ratusha.registry.IncomingKinds",
        default="letter",
        required=True,
    )

    channel = schema.Choice(
        title=_("label_channel", default="Received through"),
        vocabulary="ratusha.registry.Channels",
        default="counter",
        required=True,
    )

    received = schema.Date(
        title=_("label_received", default="Received on"),
        defaultFactory=dates.today,  # the Sofia day, not the server's
        required=False,
    )

    sender_type = schema.Choice(
        title=_("label_sender_type", default="The sender is"),
        vocabulary="ratusha.registry.SenderTypes",
        default="person",
        required=True,
    )

    sender_name = schema.TextLine(
        title=_("label_sender_name", default="Name of the person or organisation"),
        required=False,
    )

    sender_eik = schema.TextLine(
        title=_("label_sender_eik", default="EIK / BULSTAT (organisations)"),
        required=False,
    )

    directives.read_permission(
        sender_personal_number=PERSONAL_DATA,
        sender_address=PERSONAL_DATA,
        sender_email=PERSONAL_DATA,
    )
    sender_personal_number = schema.TextLine(
        title=_("label_sender_personal_number", default="Personal number (ЕГН/ЛНЧ)"),
        description=_("help_personal_data", default="Personal data: seen only by those allowed."),
        required=False,
    )

    sender_address = schema.Text(
        title=_("label_sender_address", default="Address"),
        required=False,
    )

    sender_email = schema.TextLine(
        title=_("label_sender_email", default="E-mail"),
        required=False,
    )

    anonymous = schema.Bool(
        title=_("label_anonymous", default="Anonymous"),
        description=_(
            "help_anonymous",
            default="Anonymous proposals and signals are not handled "
            "(АПК чл. 111, ал. 4): leave them without consideration.",
        ),
        default=False,
        required=False,
    )

    directives.widget("attention_to", AjaxSelectFieldWidget, vocabulary=USERS)
    attention_to = schema.TextLine(
        title=_("label_attention_to", default="For the attention of"),
        description=_(
            "help_attention_to",
            default="The manager who writes the resolution; they are notified when "
            "the document is registered.",
        ),
        required=False,
    )

    case_file = schema.Choice(
        title=_("label_case_file", default="Case file"),
        description=_("help_case_file", default="The case file (преписка) of the matter."),
        vocabulary="ratusha.registry.CaseFiles",
        required=False,
    )


class IApprovalFields(IDocumentCommon):
    """Fields of documents with an approval chain."""

    directives.widget("approvers", AjaxSelectFieldWidget, vocabulary=USERS)
    approvers = schema.List(
        title=_("label_approvers", default="Approvers, in order"),
        description=_(
            "help_approvers",
            default="Proposed from your department up to the mayor; change it before "
            "submitting. Each approver decides after the previous one.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )

    signatory = schema.Choice(
        title=_("label_signatory", default="Signatory"),
        description=_("help_signatory", default="Empty: the last approver signs."),
        vocabulary="ratusha.registry.Signatories",
        required=False,
    )

    body = schema.Text(
        title=_("label_body", default="Text"),
        required=False,
    )

    case_file = schema.Choice(
        title=_("label_case_file", default="Case file"),
        description=_("help_case_file", default="The case file (преписка) of the matter."),
        vocabulary="ratusha.registry.CaseFiles",
        required=False,
    )


class IOutgoingDocument(IApprovalFields):
    """Изходящ документ: a letter or answer sent by the municipality."""

    kind = schema.Choice(
        title=_("label_outgoing_kind", default="Kind"),
        vocabulary="ratusha.registry.OutgoingKinds",
        default="letter",
        required=True,
    )

    recipients = schema.Text(
        title=_("label_recipients", default="Recipients"),
        description=_("help_recipients", default="One per line: name and address or e-mail."),
        required=True,
    )

    directives.widget(
        "in_reply_to",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["IncomingDocument"]},
    )
    in_reply_to = schema.List(
        title=_("label_in_reply_to", default="In reply to"),
        description=_("help_in_reply_to", default="UIDs of the incoming documents answered."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )


class IInternalDocument(IApprovalFields):
    """Вътрешен документ / докладна записка."""

    kind = schema.Choice(
        title=_("label_internal_kind", default="Kind"),
        vocabulary="ratusha.registry.InternalKinds",
        default="report",
        required=True,
    )

    directives.widget("addressee", AjaxSelectFieldWidget, vocabulary=USERS)
    addressee = schema.TextLine(
        title=_("label_addressee", default="Addressed to"),
        required=False,
    )


class ICaseFile(model.Schema):
    """Преписка: groups the documents of one matter under its own number."""

    title = schema.TextLine(
        title=_("label_case_title", default="Matter"), required=True, max_length=500
    )

    description = schema.Text(
        title=_("label_case_description", default="Notes"), required=False, max_length=10_000
    )

    department = schema.Choice(
        title=_("label_department", default="Responsible department"),
        vocabulary="ratusha.registry.Departments",
        required=False,
    )

    confidential = schema.Bool(
        title=_("label_confidential", default="Confidential"),
        default=False,
        required=False,
    )


class IResolution(model.Schema):
    """Резолюция: a manager's instruction on a document, with executors and a deadline."""

    directives.widget("assignees", AjaxSelectFieldWidget, vocabulary=USERS)
    assignees = schema.List(
        title=_("label_assignees", default="Executors"),
        description=_("help_assignees", default="The first one is responsible."),
        value_type=schema.TextLine(),
        required=True,
        min_length=1,
    )

    instruction = schema.Text(
        title=_("label_instruction", default="Instruction"),
        required=True,
    )

    deadline = schema.Date(
        title=_("label_deadline", default="Deadline"),
        required=True,
    )


class IRegistryTask(model.Schema):
    """One executor's task from a resolution."""

    assignee = schema.TextLine(title=_("label_assignee", default="Executor"), required=True)

    responsible = schema.Bool(
        title=_("label_responsible", default="Responsible"), default=False, required=False
    )

    instruction = schema.Text(title=_("label_instruction", default="Instruction"), required=False)

    deadline = schema.Date(title=_("label_deadline", default="Deadline"), required=True)


class IRegistrySettings(Interface):
    """Settings of the registry (plone.registry, prefix ratusha.registry)."""

    extra_days_off = schema.List(
        title=_("label_extra_days_off", default="Extra days off"),
        description=_(
            "help_extra_days_off",
            default="Days off declared by the government, one per line (YYYY-MM-DD).",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
    )

    working_saturdays = schema.List(
        title=_("label_working_saturdays", default="Working Saturdays"),
        description=_(
            "help_working_saturdays",
            default="Saturdays declared working days, one per line (YYYY-MM-DD).",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
    )

    terms = schema.Dict(
        title=_("label_terms", default="Default terms per kind"),
        description=_(
            "help_terms",
            default="Kind of incoming document → term: 14d (calendar days), "
            "10wd (working days) or 2m (months).",
        ),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        default=dict(DEFAULT_TERMS),
        required=False,
    )

    approval_levels = schema.Dict(
        title=_("label_approval_levels", default="Default approval chain per kind"),
        description=_(
            "help_approval_levels",
            default="Kind of document → levels, e.g. Department Head, Director, Secretary, Mayor.",
        ),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        default={
            "letter": "Department Head, Director, Secretary, Mayor",
            "answer": "Department Head, Director, Mayor",
            "notice": "Department Head, Director",
            "report": "Department Head, Director, Secretary, Mayor",
            "memo": "Department Head",
        },
        required=False,
    )

    special_kinds = schema.List(
        title=_("label_special_kinds", default="Kinds that hold special categories"),
        description=_(
            "help_special_kinds",
            default="Documents of these kinds are marked as holding special categories of "
            "personal data, one per line as register kind.document kind, e.g. "
            "incoming.application.",
        ),
        value_type=schema.TextLine(),
        default=[],
        required=False,
    )

    department_parents = schema.Dict(
        title=_("label_department_parents", default="Directorate of each department"),
        description=_(
            "help_department_parents",
            default="Department group → directorate group, for default chains.",
        ),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        default={},
        required=False,
    )


class IPlanEntry(Interface):
    """One line of the filing plan (номенклатура на делата), kept in plone.registry as a
    collection under `ratusha.registry.plan/<register kind>.<document kind>`."""

    index = schema.TextLine(title=_("label_plan_index", default="Index number"), required=True)

    title = schema.TextLine(title=_("label_plan_title", default="Title"), required=True)

    years = schema.Int(
        title=_("label_plan_years", default="Retention period (years)"),
        description=_(
            "help_plan_years",
            default="Years from 1 January after the event; ignored when permanent.",
        ),
        min=1,
        max=200,
        default=5,
        required=False,
    )

    permanent = schema.Bool(
        title=_("label_plan_permanent", default="Permanent (постоянен)"), default=False
    )

    archive = schema.Choice(
        title=_("label_plan_archive", default="Archive value"),
        values=("dispose", "state"),
        default="dispose",
        required=True,
    )

    start = schema.Choice(
        title=_("label_plan_start", default="The period runs from"),
        values=("closing", "registration"),
        default="closing",
        required=True,
    )


class IRetentionSettings(Interface):
    """Settings of retention (plone.registry, prefix ratusha.registry.retention)."""

    handover_years = schema.Int(
        title=_("label_handover_years", default="Hand over permanent files after (years)"),
        description=_(
            "help_handover_years",
            default="Permanent files stay in the municipality this many years after the "
            "event, then go to the State Archive (ЗНАФ; check with the archive).",
        ),
        min=1,
        max=100,
        default=10,
        required=True,
    )


class IRetention(Interface):
    """Retention of registry items (the utility is `ratusha.registry.retention.status`)."""

    def retention_status(obj):
        """A RetentionStatus of a document or case file, today in Sofia."""


def retention_status(obj):
    """Where a document or case file stands in the filing plan, today in Sofia.

    Returns a frozen dataclass with `until` (last day it must be kept; None when permanent or
    while the period has not started), `held` (a legal hold stops the clock), `reason` (a
    translatable Message naming the rule) and `may_erase` (the period has ended, no hold, and
    its archive value is disposal: what another capability may erase or anonymise now)."""
    from zope.component import getUtility

    return getUtility(IRetention).retention_status(obj)


class IWorkDays(Interface):
    """The registry's work calendar as other capabilities count with it (the utility is
    `ratusha.registry.config`): Bulgarian holidays and the days off and working Saturdays
    of the registry's settings."""

    def working_days_between(start, end):
        """Working days after the date `start` up to and including `end`."""


def working_days_between(start, end) -> int:
    """Working days from `start` to `end` on the registry's calendar (see IWorkDays)."""
    from zope.component import getUtility

    return getUtility(IWorkDays).working_days_between(start, end)
