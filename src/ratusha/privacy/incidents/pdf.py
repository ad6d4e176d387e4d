"""The notification to КЗЛД as a PDF: the form's fields, then the text (fpdf2, DejaVu)."""

from fpdf import FPDF
from ratusha.core.pdf import add_dejavu
from ratusha.privacy.incidents import form


class IncidentPdfError(Exception):
    """The PDF cannot be written (the fonts are missing)."""


def render(facts: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    add_dejavu(pdf, IncidentPdfError)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_title(f"Уведомление до КЗЛД {facts.get('reference') or ''}")
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(
        width,
        7,
        "Уведомление за нарушение на сигурността на личните данни",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        width,
        5,
        "до Комисията за защита на личните данни, чл. 33 от Регламент (ЕС) 2016/679",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for label, text in form.rows(facts):
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(width, 5, label, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1.5)
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(width, 6, "Текст на уведомлението", new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        width,
        5,
        facts.get("notification_text") or form.notification_text(facts),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
