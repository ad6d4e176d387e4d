"""Outgoing letters as PDF, from one template, with a font that has Cyrillic (fpdf2).

The letter carries the municipality's name, the outgoing number and date (or "draft" before
registration), the recipients, the subject, the text and the signatory. The font is core's
(`ratusha.core.pdf`).
"""

from fpdf import FPDF
from ratusha import _
from ratusha.core.pdf import add_dejavu
from zope.i18n import translate


LABELS = {
    "number": _("letter_number", default="Ref. No."),
    "draft": _("letter_draft", default="DRAFT — not registered"),
    "to": _("letter_to", default="To"),
    "subject": _("letter_subject", default="Subject"),
    "signatory": _("letter_signatory", default="Signed by"),
    "reply": _("letter_in_reply", default="In reply to"),
}


class LetterError(RuntimeError):
    """The letter cannot be rendered (no font)."""


def render_letter(letter: dict, language: str = "bg") -> bytes:
    """`letter`: municipality, number, date (dd.mm.yyyy), recipients, subject, body,
    signatory, signatory_title, in_reply_to (list of numbers). Returns PDF bytes."""

    def text(key):
        return translate(LABELS[key], target_language=language)

    pdf = FPDF(format="A4")
    pdf.set_title(letter.get("subject") or "")
    pdf.set_author(letter.get("municipality") or "")
    add_dejavu(pdf, LetterError)
    pdf.set_margins(25, 20, 20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(width, 9, letter.get("municipality") or "", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(31, 78, 121)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(8)

    pdf.set_font("DejaVu", "", 11)
    if letter.get("number"):
        pdf.cell(width, 6, f"{text('number')} {letter['number']}", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_text_color(200, 16, 46)
        pdf.cell(width, 6, text("draft"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    if letter.get("in_reply_to"):
        pdf.cell(
            width,
            6,
            f"{text('reply')}: {', '.join(letter['in_reply_to'])}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(6)

    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(width, 6, f"{text('to')}:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.set_x(pdf.l_margin + 60)
    pdf.multi_cell(width - 60, 6, letter.get("recipients") or "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(
        width, 6, f"{text('subject')}: {letter.get('subject') or ''}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 6, letter.get("body") or "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)

    pdf.set_font("DejaVu", "", 10)
    pdf.cell(width, 6, f"{text('signatory')}:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(width, 6, letter.get("signatory") or "", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(width, 6, letter.get("signatory_title") or "", new_x="LMARGIN", new_y="NEXT")
    if letter.get("date"):
        pdf.ln(4)
        pdf.cell(width, 6, letter["date"], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
