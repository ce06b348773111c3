"""Every PDF the app makes starts here: A4, the fonts shipped in static/fonts (nothing is fetched
at run time; the core PDF fonts only know Latin-1), title and author set, first page added.

DejaVu Sans covers Latin (Dutch, Turkish, Polish) and Cyrillic (Ukrainian). Documents that may carry
Arabic get Noto Sans Arabic as the fallback font (`arabic`); the receipt, which quotes a whole consent
text in the guardian's language, also has it shaped and laid out right to left through HarfBuzz
(`shaping`, uharfbuzz).
"""

import logging

from django.conf import settings
from fpdf import FPDF

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONT = "DejaVu"
ARABIC = "NotoSansArabic"
# Subsetting the font logs every table it prunes at INFO; that is noise in the server log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def pdf_document(*, title: str, compress: bool = True, arabic: bool = False, shaping: bool = False,
                 document_class=FPDF) -> FPDF:
    pdf = document_class(format="A4")
    pdf.set_compression(compress)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    if arabic:
        pdf.add_font(ARABIC, "", str(FONT_DIR / "NotoSansArabic-Regular.ttf"))
        pdf.add_font(ARABIC, "B", str(FONT_DIR / "NotoSansArabic-Bold.ttf"))
        pdf.set_fallback_fonts([ARABIC])
    if shaping:
        pdf.set_text_shaping(True)
    pdf.set_title(title)
    pdf.set_author("Alert4you")
    pdf.add_page()
    return pdf
