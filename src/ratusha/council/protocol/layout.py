"""The protocol (протокол) of a council session as PDF and as ODT, from plain data.

The law makes the protocol the evidence of a decision (ЗМСМА чл. 27 ал. 5: the named vote is
recorded in it; чл. 45 ал. 4: the governor's review works from it), so it is generated from the
session record (`opendata.Session`), never typed. Both formats are rendered from one list of
blocks so they cannot drift apart: the PDF to publish (fpdf2, DejaVu fonts as for letters), the
ODT for the recorder to edit (a minimal ODF 1.2 text document written here, opens in LibreOffice).
Every label is a msgid passed through `translate(msgid, default, mapping)`; `zope_translate`
makes one from the site's catalogues.
"""

from dataclasses import dataclass
from fpdf import FPDF
import io
from ratusha.core.dates import local
from ratusha.core.msgids import _
from ratusha.core.pdf import add_dejavu
from ratusha.council.opendata import default_translate
from ratusha.council.opendata import explanation_text
from ratusha.council.opendata import MODE_LABELS
from ratusha.council.opendata import VOTE_LABELS
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr
import zipfile


LABELS = {
    "title": _("council_protocol_title", default="PROTOCOL No. ${number}"),
    "held": _(
        "council_protocol_held",
        default="of the ${kind} session of ${council}, held on ${date} at ${place}",
    ),
    "mode": _("council_protocol_mode", default="Form of the session"),
    "opened": _("council_protocol_opened", default="Opened"),
    "convened_for": _("council_protocol_convened_for", default="Convened for"),
    "opening_reason": _(
        "council_protocol_opening_reason", default="Reason for opening on another day"
    ),
    "remote_basis": _("council_protocol_remote_basis", default="Legal precondition"),
    "chair": _("council_protocol_chair", default="Chair"),
    "recorder": _("council_protocol_recorder", default="Minutes taken by"),
    "recording": _("council_protocol_recording", default="Video recording"),
    "attendance": _("council_protocol_attendance", default="Attendance"),
    "present_count": _(
        "council_protocol_present_count",
        default="Present at the opening: ${present} of ${seats} councillors.",
    ),
    "number": _("council_protocol_number", default="No."),
    "councillor": _("council_protocol_councillor", default="Councillor"),
    "group": _("council_protocol_group", default="Group"),
    "at_opening": _("council_protocol_at_opening", default="At the opening"),
    "present": _("council_protocol_present", default="present"),
    "absent": _("council_protocol_absent", default="absent"),
    "moves": _("council_protocol_moves", default="Arrivals and departures"),
    "arrived": _("council_protocol_arrived", default="arrived ${time}"),
    "left": _("council_protocol_left", default="left ${time}"),
    "quorum": _("council_protocol_quorum", default="Quorum checks"),
    "time": _("council_protocol_time", default="Time"),
    "present_total": _("council_protocol_present_total", default="Present"),
    "seats": _("council_protocol_seats", default="Seats"),
    "quorum_column": _("council_protocol_quorum_column", default="Quorum"),
    "quorum_met": _("council_protocol_quorum_met", default="quorum present"),
    "quorum_missing": _("council_protocol_quorum_missing", default="no quorum"),
    "agenda": _("council_protocol_agenda", default="Agenda"),
    "item": _("council_protocol_item", default="Item ${number}: ${title}"),
    "rapporteur": _("council_protocol_rapporteur", default="Rapporteur"),
    "legal_basis": _("council_protocol_legal_basis", default="Legal basis"),
    "opinions": _("council_protocol_opinions", default="Opinions of the standing committees"),
    "conflicts": _("council_protocol_conflicts", default="Declarations of a conflict of interest"),
    "conflict_line": _("council_protocol_conflict_line", default="${name} (${time}): ${text}"),
    "poll": _("council_protocol_poll", default="Vote: ${title}"),
    "poll_mode": _("council_protocol_poll_mode", default="Manner of voting"),
    "counts": _(
        "council_protocol_counts",
        default="for: ${yes}, against: ${no}, abstained: ${abstain}, did not vote: ${not_voted}",
    ),
    "option": _("council_protocol_option", default="${option}: ${count}"),
    "elected": _("council_protocol_elected", default="Elected: ${name}"),
    "not_elected": _("council_protocol_not_elected", default="No candidate was elected."),
    "vote": _("council_protocol_vote", default="Vote"),
    "decision": _("council_protocol_decision", default="DECISION No. ${number}"),
    "signature": _(
        "council_protocol_signature", default="${role}: ........................ (${name})"
    ),
    "page": _("council_protocol_page", default="Page ${page} of ${pages}"),
}


class ProtocolError(RuntimeError):
    """The protocol cannot be rendered (no font)."""


@dataclass
class Block:
    """One piece of the protocol: kind is title | subtitle | heading | subheading | text |
    field (label + text) | table (header + rows, widths in shares of the line)."""

    kind: str
    text: str = ""
    label: str = ""
    header: tuple = ()
    rows: tuple = ()
    widths: tuple = ()


def zope_translate(language="bg", context=None):
    """A `translate` for the site's catalogues (domain ratusha)."""
    from ratusha import _
    from zope.i18n import translate

    def zope(msgid, default, mapping=None):
        return translate(
            _(msgid, default=default, mapping=mapping or {}),
            target_language=language,
            context=context,
        )

    return zope


def _time(moment):
    return local(moment).strftime("%H:%M") if moment else ""


def blocks(session, translate=default_translate):
    """The protocol's content, in order, with every label translated."""

    def t(key, **mapping):
        msgid, default = LABELS[key] if key in LABELS else MODE_LABELS[key]
        return translate(msgid, default, mapping)

    def label(table, value):
        return translate(*table[value]) if value in table else value

    out = [
        Block("title", session.council),
        Block("title", t("title", number=session.number)),
        Block(
            "subtitle",
            t(
                "held",
                kind=label(MODE_LABELS, session.kind),
                council=session.council,
                date=session.date.strftime("%d.%m.%Y"),
                place=session.place,
            ),
        ),
    ]
    out += _opening_blocks(session, t)
    out.append(Block("field", label(MODE_LABELS, session.mode), t("mode")))
    if session.remote_basis:
        out.append(Block("field", session.remote_basis, t("remote_basis")))
    out += [
        Block("field", session.chair, t("chair")),
        Block("field", session.recorder, t("recorder")),
    ]
    if session.recording_url:
        out.append(Block("field", session.recording_url, t("recording")))

    out += [
        Block("heading", t("attendance")),
        Block(
            "text", t("present_count", present=len(session.present_at_opening), seats=session.seats)
        ),
    ]
    moves = {}
    for event in sorted(session.attendance, key=lambda e: e.time):
        moves.setdefault(event.councillor, []).append(
            t("arrived" if event.kind == "arrived" else "left", time=_time(event.time))
        )
    out.append(
        Block(
            "table",
            header=(t("number"), t("councillor"), t("group"), t("at_opening"), t("moves")),
            widths=(0.07, 0.33, 0.2, 0.15, 0.25),
            rows=tuple(
                (
                    str(n),
                    p.name,
                    p.group,
                    t("present") if p.id in session.present_at_opening else t("absent"),
                    "; ".join(moves.get(p.id, ())),
                )
                for n, p in enumerate(session.councillors, 1)
            ),
        )
    )
    if session.quorum_checks:
        out += [
            Block("heading", t("quorum")),
            Block(
                "table",
                header=(t("time"), t("present_total"), t("seats"), t("quorum_column")),
                widths=(0.2, 0.2, 0.2, 0.4),
                rows=tuple(
                    (
                        _time(q.time),
                        str(q.present),
                        str(q.seats),
                        t("quorum_met") if q.met else t("quorum_missing"),
                    )
                    for q in session.quorum_checks
                ),
            ),
        ]

    out.append(Block("heading", t("agenda")))
    out += [Block("text", f"{item.number}. {item.title}") for item in session.items]
    for item in session.items:
        out += _item_blocks(session, item, t, label, translate)

    out += [
        Block("text", t("signature", role=t("chair"), name=session.chair)),
        Block("text", t("signature", role=t("recorder"), name=session.recorder)),
    ]
    return out


def _opening_blocks(session, t):
    """When the session actually opened and, on another day than convened, why."""
    out = []
    if session.opened:
        out.append(Block("field", local(session.opened).strftime("%d.%m.%Y %H:%M"), t("opened")))
    if session.convened_date and session.convened_date != session.date:
        out.append(Block("field", session.convened_date.strftime("%d.%m.%Y"), t("convened_for")))
        if session.opening_reason:
            out.append(Block("field", session.opening_reason, t("opening_reason")))
    return out


def _item_blocks(session, item, t, label, translate):
    out = [Block("heading", t("item", number=item.number, title=item.title))]
    if item.rapporteur:
        out.append(Block("field", item.rapporteur, t("rapporteur")))
    if item.legal_basis:
        out.append(Block("field", item.legal_basis, t("legal_basis")))
    if item.opinions:
        out.append(Block("subheading", t("opinions")))
        out += [Block("field", o.text, o.committee) for o in item.opinions]
    if item.conflicts:
        out.append(Block("subheading", t("conflicts")))
        out += [
            Block(
                "text",
                t(
                    "conflict_line",
                    name=session.name_of(c.councillor),
                    time=_time(c.time),
                    text=c.text,
                ),
            )
            for c in item.conflicts
        ]
    for poll in item.polls:
        out += [
            Block("subheading", t("poll", title=poll.title)),
            Block("field", label(MODE_LABELS, poll.mode), t("poll_mode")),
        ]
        counts = poll.counts()
        if poll.election:
            names = {option: session.name_of(option) for option in poll.options}
            out += [
                Block("text", t("option", option=names[option], count=counts.get(option, 0)))
                for option in poll.options
            ]
            out.append(
                Block(
                    "text",
                    t("elected", name=names.get(poll.elected, poll.elected))
                    if poll.elected
                    else t("not_elected"),
                )
            )
        else:
            eligible = poll.eligible if poll.eligible is not None else poll.present
            out.append(
                Block(
                    "text",
                    t(
                        "counts",
                        yes=counts.get("yes", 0),
                        no=counts.get("no", 0),
                        abstain=counts.get("abstain", 0),
                        not_voted=max(len(eligible) - sum(counts.values()), 0),
                    ),
                )
            )
        if poll.outcome:
            out.append(Block("text", explanation_text(poll.outcome, translate)))
        if poll.named:
            out.append(
                Block(
                    "table",
                    header=(t("number"), t("councillor"), t("group"), t("vote")),
                    widths=(0.07, 0.43, 0.25, 0.25),
                    rows=tuple(
                        (str(n), p.name, p.group, label(VOTE_LABELS, poll.vote_of(p.id)))
                        for n, p in enumerate(session.councillors, 1)
                    ),
                )
            )
    if item.decision_number:
        out += [
            Block("heading", t("decision", number=item.decision_number)),
            Block("text", item.decision_text),
        ]
    return out


# -- PDF --------------------------------------------------------------------------------------


class _ProtocolPDF(FPDF):
    page_label = ""

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 8, self.page_label.replace("{page}", str(self.page_no())), align="C")


def render_pdf(session, translate=default_translate) -> bytes:
    """The protocol as PDF bytes (A4, DejaVu Sans as the letters use)."""
    pdf = _ProtocolPDF(format="A4")
    pdf.page_label = translate(*LABELS["page"], {"page": "{page}", "pages": "{nb}"})
    pdf.set_title(f"{session.council} {session.number}")
    pdf.set_author(session.council)
    add_dejavu(pdf, ProtocolError)
    pdf.set_margins(20, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    styles = {
        "title": ("B", 14, "C"),
        "subtitle": ("", 11, "C"),
        "heading": ("B", 12, "L"),
        "subheading": ("B", 10.5, "L"),
        "text": ("", 10, "L"),
    }
    for block in blocks(session, translate):
        if block.kind == "table":
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(
                col_widths=tuple(w * 100 for w in block.widths),
                width=width,
                line_height=5.5,
                text_align="LEFT",
            ) as table:
                for row in (block.header,) + block.rows:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
            pdf.ln(2)
        elif block.kind == "field":
            pdf.set_font("DejaVu", "B", 10)
            pdf.write(5.5, f"{block.label}: ")
            pdf.set_font("DejaVu", "", 10)
            pdf.write(5.5, block.text)
            pdf.ln(6.5)
        else:
            style, size, align = styles[block.kind]
            if block.kind in ("heading", "subheading"):
                pdf.ln(3)
            pdf.set_font("DejaVu", style, size)
            pdf.multi_cell(
                width, size * 0.55, block.text, align=align, new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(1)
    return bytes(pdf.output())


# -- ODT --------------------------------------------------------------------------------------

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_PARAGRAPH_STYLES = {"title": "Title", "subtitle": "Subtitle", "text": "Standard"}
TEXT_WIDTH_CM = 17.2


def _el(tag, attributes=None, *children):
    """One XML element; attribute values and text children are escaped here."""
    attrs = "".join(
        f" {name}={quoteattr(str(value))}" for name, value in (attributes or {}).items()
    )
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


def _document(root, *children):
    xmlns = {f"xmlns:{prefix}": uri for prefix, uri in _NAMESPACES.items()}
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _el(
        root, xmlns | {"office:version": "1.2"}, *children
    )


def _style(name, family, paragraph=None, text=None, **attributes):
    """A style:style with optional paragraph- and text-properties (fo:/style: attributes)."""
    children = []
    if paragraph:
        children.append(_el("style:paragraph-properties", paragraph))
    if text:
        children.append(_el("style:text-properties", text))
    attrs = {"style:name": name, "style:family": family}
    attrs |= {f"style:{key.replace('_', '-')}": value for key, value in attributes.items()}
    return _el("style:style", attrs, *children)


def _heading_style(level, size, top):
    return _style(
        f"Heading_20_{level}",
        "paragraph",
        {"fo:margin-top": top, "fo:keep-with-next": "always"},
        {"fo:font-size": size, "fo:font-weight": "bold"},
        display_name=f"Heading {level}",
        parent_style_name="Standard",
        default_outline_level=level,
    )


def _styles_xml():
    margins = {
        f"fo:margin-{side}": size
        for side, size in (
            ("top", "1.8cm"),
            ("bottom", "1.8cm"),
            ("left", "2cm"),
            ("right", "1.8cm"),
        )
    }
    return _document(
        "office:document-styles",
        _el(
            "office:font-face-decls",
            None,
            _el(
                "style:font-face", {"style:name": "DejaVu Sans", "svg:font-family": "'DejaVu Sans'"}
            ),
        ),
        _el(
            "office:styles",
            None,
            _el(
                "style:default-style",
                {"style:family": "paragraph"},
                _el("style:paragraph-properties", {"fo:margin-bottom": "0.12cm"}),
                _el(
                    "style:text-properties",
                    {
                        "style:font-name": "DejaVu Sans",
                        "fo:font-size": "10pt",
                        "fo:language": "bg",
                        "fo:country": "BG",
                    },
                ),
            ),
            _style("Standard", "paragraph"),
            _style(
                "Title",
                "paragraph",
                {"fo:text-align": "center"},
                {"fo:font-size": "14pt", "fo:font-weight": "bold"},
                parent_style_name="Standard",
            ),
            _style(
                "Subtitle",
                "paragraph",
                {"fo:text-align": "center", "fo:margin-bottom": "0.4cm"},
                parent_style_name="Standard",
            ),
            _heading_style(1, "12pt", "0.4cm"),
            _heading_style(2, "10.5pt", "0.25cm"),
            _style(
                "Table_20_Contents",
                "paragraph",
                text={"fo:font-size": "9pt"},
                display_name="Table Contents",
                parent_style_name="Standard",
            ),
            _style(
                "Strong_20_Emphasis",
                "text",
                text={"fo:font-weight": "bold"},
                display_name="Strong Emphasis",
            ),
        ),
        _el(
            "office:automatic-styles",
            None,
            _el(
                "style:page-layout",
                {"style:name": "A4"},
                _el(
                    "style:page-layout-properties",
                    {"fo:page-width": "21cm", "fo:page-height": "29.7cm"} | margins,
                ),
            ),
        ),
        _el(
            "office:master-styles",
            None,
            _el("style:master-page", {"style:name": "Standard", "style:page-layout-name": "A4"}),
        ),
    )


def _manifest_xml(names):
    ns = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    entries = [
        _el(
            "manifest:file-entry",
            {
                "manifest:full-path": "/",
                "manifest:version": "1.2",
                "manifest:media-type": ODT_MIMETYPE,
            },
        )
    ]
    entries += [
        _el("manifest:file-entry", {"manifest:full-path": name, "manifest:media-type": "text/xml"})
        for name in names
    ]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _el(
        "manifest:manifest", {"xmlns:manifest": ns, "manifest:version": "1.2"}, *entries
    )


def _paragraph(style, *children):
    return _el("text:p", {"text:style-name": style}, *children)


def _bold(text):
    return _el("text:span", {"text:style-name": "Strong_20_Emphasis"}, escape(text))


def _odt_block(block, number):
    if block.kind in ("heading", "subheading"):
        level = 1 if block.kind == "heading" else 2
        return _el(
            "text:h",
            {"text:style-name": f"Heading_20_{level}", "text:outline-level": level},
            escape(block.text),
        )
    if block.kind == "field":
        return _paragraph("Standard", _bold(f"{block.label}:"), " ", escape(block.text))
    if block.kind != "table":
        return _paragraph(_PARAGRAPH_STYLES[block.kind], escape(block.text))
    name = f"Table{number}"
    columns = [
        _el("table:table-column", {"table:style-name": f"{name}.C{i}"})
        for i in range(len(block.widths))
    ]
    rows = [
        _el(
            "table:table-row",
            None,
            *(
                _el(
                    "table:table-cell",
                    {"table:style-name": "Cell", "office:value-type": "string"},
                    _paragraph("Table_20_Contents", _bold(value) if index == 0 else escape(value)),
                )
                for value in row
            ),
        )
        for index, row in enumerate((block.header,) + block.rows)
    ]
    return _el("table:table", {"table:name": name, "table:style-name": "Grid"}, *columns, *rows)


def _content_xml(all_blocks):
    styles = [
        _el(
            "style:style",
            {"style:name": "Grid", "style:family": "table"},
            _el(
                "style:table-properties",
                {"style:width": f"{TEXT_WIDTH_CM}cm", "table:align": "margins"},
            ),
        ),
        _el(
            "style:style",
            {"style:name": "Cell", "style:family": "table-cell"},
            _el(
                "style:table-cell-properties",
                {"fo:padding": "0.05cm", "fo:border": "0.5pt solid #000000"},
            ),
        ),
    ]
    styles += [
        _el(
            "style:style",
            {"style:name": f"Table{number}.C{i}", "style:family": "table-column"},
            _el(
                "style:table-column-properties",
                {"style:column-width": f"{share * TEXT_WIDTH_CM:.2f}cm"},
            ),
        )
        for number, block in enumerate(all_blocks)
        for i, share in enumerate(block.widths)
    ]
    body = [_odt_block(block, number) for number, block in enumerate(all_blocks)]
    return _document(
        "office:document-content",
        _el("office:automatic-styles", None, *styles),
        _el("office:body", None, _el("office:text", None, *body)),
    )


def render_odt(session, translate=default_translate) -> bytes:
    """The protocol as an ODF text document (mimetype first and stored, as ODF requires)."""
    meta = _document(
        "office:document-meta",
        _el(
            "office:meta",
            None,
            _el("meta:generator", None, "Ratusha"),
            _el("dc:title", None, escape(f"{session.council} {session.number}")),
            _el("dc:language", None, "bg"),
        ),
    )
    files = {
        "content.xml": _content_xml(blocks(session, translate)),
        "styles.xml": _styles_xml(),
        "meta.xml": meta,
    }
    files["META-INF/manifest.xml"] = _manifest_xml(list(files))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, text in files.items():
            odt.writestr(name, text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
