"""The printed letter for a guardian without e-mail: the link as a QR code, and a short code to
type at /consent/code/ instead. It names no child (a letter can lie about); the date-of-birth
check stands before anything about the child either way.

In her language (the caller sets it), Arabic shaped by HarfBuzz and set right to left."""

import io

import segno
from django.utils import translation
from django.utils.translation import gettext as _

from alert4you.pdf import FONT, pdf_document

from .export_pdf import needs_shaping, shape_in_page_direction


def letter_pdf(*, guardian_name: str, link_url: str, code_url: str, short_code: str, days: int,
               at_school: bool = False) -> bytes:
    """`at_school`: a teacher asks for a pupil, so the letter says "the school" (issue 17 item 5)."""
    pdf = pdf_document(title=_("Your decision about help for your child"), arabic=True)
    if needs_shaping(guardian_name, code_url):
        shape_in_page_direction(pdf)
    align = "R" if translation.get_language_bidi() else "L"
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, _("Your decision about help for your child"), new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.ln(3)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 6, _("Dear %(name)s,") % {"name": guardian_name}, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.ln(3)
    asks = _(
        "The school asks for your decision about help for your child. Scan the square code below with the "
        "camera of your phone. Or go to the address below and type the short code. First you type the date "
        "of birth of your child. You may say yes or no.") if at_school else _(
        "The childcare asks for your decision about help for your child. Scan the square code below with the "
        "camera of your phone. Or go to the address below and type the short code. First you type the date "
        "of birth of your child. You may say yes or no.")
    pdf.multi_cell(0, 6, asks, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.ln(4)
    qr = io.BytesIO()
    segno.make(link_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, w=50, x="R" if align == "R" else None)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    # An address is read left to right in every language: in a right-to-left letter its slashes would jump.
    if pdf.text_shaping:
        pdf.set_text_shaping(True, direction="ltr")
    pdf.multi_cell(0, 7, code_url, new_x="LMARGIN", new_y="NEXT", align=align)
    if pdf.text_shaping:
        shape_in_page_direction(pdf)
    pdf.multi_cell(0, 9, _("Short code: %(code)s") % {"code": " ".join(
        short_code[i:i + 5] for i in range(0, len(short_code), 5))}, new_x="LMARGIN", new_y="NEXT",
        align=align)
    pdf.set_font(FONT, size=10)
    pdf.ln(2)
    works = _(
        "The code works for %(days)s days. After that the school can give you a new letter. You can take "
        "back your consent at any time.") if at_school else _(
        "The code works for %(days)s days. After that the childcare can give you a new letter. You can take "
        "back your consent at any time.")
    pdf.multi_cell(0, 5, works % {"days": days}, new_x="LMARGIN", new_y="NEXT", align=align)
    return bytes(pdf.output())
