"""The record of processing activities as the page, REST and the PDF show it (one source).

The descriptive texts the DPO writes are kept in one plone.registry record (a dict keyed
`activity/text/language`) rather than as content: they are settings of the site, exported with
its GenericSetup profile, audited like every setting ("settings.changed"), and there is nothing
to create or delete in step when the code adds an activity.
The field lists are never stored: `fields.content_fields()` reads them from the schemas.
"""

import datetime
from plone import api
from ratusha import _
from ratusha.core import dates
from ratusha.core.browser.branding import municipality_name
from ratusha.core.rest import InputError
from ratusha.privacy.processing import activities
from ratusha.privacy.processing.fields import content_fields
from ratusha.registry.interfaces import IPlanEntry
from zope.i18n import translate
from zope.i18nmessageid import Message


TEXTS_RECORD = "ratusha.privacy.processing_texts"
PLAN_PREFIX = "ratusha.registry.plan"
MAX_TEXT = 4000

TEXT_LABELS = {
    "purpose": _("ropa_label_purpose", default="Purpose"),
    "legal_basis": _("ropa_label_legal_basis", default="Legal basis"),
    "subjects": _("ropa_label_subjects", default="Categories of data subjects"),
    "categories": _("ropa_label_categories", default="Categories of personal data"),
    "recipients": _("ropa_label_recipients", default="Recipients"),
    "transfers": _("ropa_label_transfers", default="Transfers to third countries"),
    "retention": _("ropa_label_retention", default="Retention"),
    "security": _("ropa_label_security", default="Security measures"),
}
KIND_LABELS = {
    "ordinary": _("ropa_kind_ordinary", default="Personal data"),
    "national_id": _("ropa_kind_national_id", default="Personal number (ЕГН/ЛНЧ)"),
    "special": _("ropa_kind_special", default="Special category (Art. 9)"),
    "criminal": _("ropa_kind_criminal", default="Criminal offences (Art. 10)"),
    "reference": _("ropa_kind_reference", default="Names people (accounts)"),
}
PROTECTION_LABELS = {
    "encrypted": _("ropa_protection_encrypted", default="encrypted at rest"),
    "guarded": _("ropa_protection_guarded", default="only for those allowed to see personal data"),
    "audited": _("ropa_protection_audited", default="reads audited"),
}
ARCHIVE_LABELS = {
    "state": _("ropa_archive_state", default="to the State Archives"),
    "dispose": _("ropa_archive_dispose", default="destroyed after the period"),
}


def text_of(value, request):
    """A (msgid, default) pair, a Message or plain text (the DPO's), in the page's language."""
    if isinstance(value, tuple):
        value = Message(value[0], domain="ratusha", default=value[1])
    return translate(value, context=request) if isinstance(value, Message) else value


def language():
    return "en" if api.portal.get_current_language() == "en" else "bg"


def texts_written():
    return dict(api.portal.get_registry_record(TEXTS_RECORD, default=None) or {})


def plan_lines():
    """The registry's filing plan (номенклатура на делата) as plain lines, by index."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    try:
        plan = getUtility(IRegistry).collectionOfInterface(IPlanEntry, prefix=PLAN_PREFIX)
        lines = [
            {
                "key": key,
                "index": line.index,
                "title": line.title,
                "years": None if line.permanent else line.years,
                "permanent": bool(line.permanent),
                "archive": line.archive,
            }
            for key, line in plan.items()
        ]
    except KeyError:  # a line whose records are not all there (a half-edited plan)
        return []
    return sorted(lines, key=lambda line: (line["index"], line["key"]))


def entries():
    return activities.compose(content_fields(), texts_written(), language(), plan_lines())


def build(site, request):
    """The whole record, JSON-safe, in the page's language, dated now in Sofia."""
    now = dates.local(datetime.datetime.now(datetime.UTC))
    items = []
    for entry in entries():
        items.append(
            {
                "id": entry.id,
                "title": text_of(entry.title, request),
                "described": entry.described,
                "edited": list(entry.edited),
                "texts": {name: text_of(entry.texts[name], request) for name in activities.TEXTS},
                "personal_fields": [
                    {
                        "type": found["type"],
                        "type_title": text_of(
                            Message(found["type_title"], domain=found["i18n_domain"]), request
                        ),
                        "field": found["field"],
                        "title": text_of(found["title"], request),
                        "kind": found["kind"],
                        "kind_title": text_of(KIND_LABELS[found["kind"]], request),
                        "protections": found["protections"],
                        "protections_title": "; ".join(
                            text_of(PROTECTION_LABELS[code], request)
                            for code in found["protections"]
                        ),
                    }
                    for found in entry.fields
                ],
                "held": [text_of(held, request) for held in entry.held],
                "filing_plan": [
                    line
                    | {
                        "archive_title": text_of(
                            ARCHIVE_LABELS.get(line["archive"], line["archive"]), request
                        )
                    }
                    for line in entry.periods
                ],
            }
        )
    return {
        "@id": f"{site.absolute_url()}/@records-of-processing",
        "controller": municipality_name(request),
        "language": language(),
        "generated": dates.iso(now),
        "generated_title": dates.short_datetime(now),
        "labels": {name: text_of(label, request) for name, label in TEXT_LABELS.items()},
        "activities": items,
    }


def write_texts(activity_id, given, request):
    """The DPO's texts for one activity in the page's language; an empty text, or the default
    text unchanged, brings the default back (and its translations). Raises InputError for an
    unknown activity or part, or a text too long."""
    defaults = {entry.id: entry.texts for entry in activities.compose(content_fields(), {}, "")}
    if activity_id not in defaults:
        raise InputError(_("error_ropa_activity", default="There is no such processing activity."))
    if set(given) - set(activities.TEXTS):
        raise InputError(_("error_ropa_text", default="A record has no such part."))
    if any(len(text or "") > MAX_TEXT for text in given.values()):
        raise InputError(
            _(
                "error_ropa_long",
                default="A text may have at most ${size} characters.",
                mapping={"size": MAX_TEXT},
            )
        )
    written = texts_written()
    lang = language()
    changed = []
    for name, text in given.items():
        key = activities.key(activity_id, name, lang)
        text = (text or "").replace("\r\n", "\n").strip()
        if text == text_of(defaults[activity_id][name], request):
            text = ""
        if text != written.get(key, ""):
            changed.append(name)
        if text:
            written[key] = text
        else:
            written.pop(key, None)
    if changed:  # the audit trail records it as a changed setting, who and when
        api.portal.set_registry_record(TEXTS_RECORD, written)
    return changed
