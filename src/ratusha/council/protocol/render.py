"""The protocol and decision excerpts rendered in the site's language (`layout` lays the
documents out; this module chooses the language and the excerpt's few differences)."""

import dataclasses
from ratusha import _
from ratusha.council.opendata import MODE_LABELS
from ratusha.council.protocol import layout
from ratusha.council.protocol.record import language
from ratusha.council.vocabularies import label
from ratusha.council.vocabularies import MODES
from zope.i18n import translate as zope_translate_message


EXCERPT_TITLE = _("council_excerpt_title", default="EXCERPT FROM PROTOCOL No. ${number}")


def translator(lang=None, request=None):
    return layout.zope_translate(lang or language(), request)


def printable(record, lang=None):
    """The record with modes the renderer has no label for (hybrid) spelt out."""
    if record.mode in MODE_LABELS:
        return record
    text = zope_translate_message(label(MODES, record.mode), target_language=lang or language())
    return dataclasses.replace(record, mode=text)


def protocol_pdf(record, lang=None) -> bytes:
    return layout.render_pdf(printable(record, lang), translator(lang))


def protocol_odt(record, lang=None) -> bytes:
    return layout.render_odt(printable(record, lang), translator(lang))


def blocks(record, lang=None, request=None):
    return layout.blocks(printable(record, lang), translator(lang, request))


def excerpt_record(record, index):
    """The record with one agenda item: an excerpt of the protocol for one decision."""
    return dataclasses.replace(record, items=[record.items[index]])


def excerpt_pdf(record, index, lang=None) -> bytes:
    """ИЗВЛЕЧЕНИЕ: the protocol's header, attendance and quorum, and the one item."""
    base = translator(lang)
    title_msgid = layout.LABELS["title"][0]

    def translate(msgid, default, mapping=None):
        if msgid == title_msgid:
            return base(str(EXCERPT_TITLE), EXCERPT_TITLE.default, mapping)
        return base(msgid, default, mapping)

    return layout.render_pdf(printable(excerpt_record(record, index), lang), translate)
