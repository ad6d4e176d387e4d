"""The record of processing activities as a PDF (fpdf2, core's DejaVu font for Cyrillic)."""

from fpdf import FPDF
from fpdf.fonts import FontFace
from ratusha import _
from ratusha.core.pdf import add_dejavu
from zope.i18n import translate


LABELS = {
    "title": _("ropa_title", default="Record of processing activities"),
    "article": _("ropa_article", default="GDPR Art. 30(1); Personal Data Protection Act (ЗЗЛД)"),
    "controller": _("ropa_controller", default="Controller"),
    "generated": _("ropa_generated", default="As of"),
    "fields": _("ropa_fields", default="Personal data in the content (found in the code)"),
    "held": _("ropa_held", default="Kept outside the content"),
    "plan": _("ropa_plan", default="Retention periods of the filing plan"),
    "type": _("ropa_column_type", default="Type"),
    "field": _("ropa_column_field", default="Field"),
    "kind": _("ropa_column_kind", default="Kind"),
    "protection": _("ropa_column_protection", default="Protection"),
    "index": _("ropa_column_index", default="Index"),
    "name": _("ropa_column_title", default="Title"),
    "years": _("ropa_column_years", default="Years"),
    "permanent": _("ropa_permanent", default="permanent"),
}


class RecordError(RuntimeError):
    """The record cannot be rendered (no font)."""


def render_record(record, request) -> bytes:
    """`record` as `ratusha.privacy.processing.record.build` gives it; returns PDF bytes."""

    def label(name):
        return translate(LABELS[name], context=request)

    pdf = FPDF(format="A4")
    pdf.set_title(f"{label('title')} — {record['controller']}")
    pdf.set_author(record["controller"])
    add_dejavu(pdf, RecordError)
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text, size=10, style="", height=5.5):
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, height, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def table(headings, rows, widths):
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 243)),
            line_height=4.8,
            text_align="LEFT",
        ) as grid:
            grid.row(headings)
            for row in rows:
                grid.row(row)
        pdf.ln(2)

    line(record["controller"], 15, "B", 8)
    line(label("title"), 13, "B", 7)
    line(label("article"), 9)
    line(f"{label('generated')}: {record['generated_title']}", 9)
    pdf.ln(4)

    for number, activity in enumerate(record["activities"], 1):
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.set_draw_color(31, 78, 121)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(2)
        line(f"{number}. {activity['title']}", 11.5, "B", 6.5)
        for name, text in activity["texts"].items():
            line(record["labels"][name], 9, "B", 5)
            line(text, 9, "", 4.8)
        if activity["personal_fields"]:
            line(label("fields"), 9, "B", 6)
            table(
                (label("type"), label("field"), label("kind"), label("protection")),
                [
                    (f["type_title"], f["title"], f["kind_title"], f["protections_title"])
                    for f in activity["personal_fields"]
                ],
                (22, 24, 20, 34),
            )
        if activity["held"]:
            line(label("held"), 9, "B", 6)
            for held in activity["held"]:
                line(f"• {held}", 9, "", 4.8)
        if activity["filing_plan"]:
            line(label("plan"), 9, "B", 6)
            table(
                (label("index"), label("name"), label("years")),
                [
                    (
                        p["index"],
                        f"{p['title']} ({p['archive_title']})",
                        label("permanent") if p["permanent"] else str(p["years"]),
                    )
                    for p in activity["filing_plan"]
                ],
                (18, 64, 18),
            )
        pdf.ln(3)
    return bytes(pdf.output())
