"""The dashboard as a PDF for the municipal evaluation meeting: the same tables as the page
(after disclosure control), in Dutch or English."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alert4you.pdf import FONT, pdf_document

from . import disclosure


def dashboard_pdf(*, tables, scope_label, filters_label, headline=None, compress=True) -> bytes:
    title = _("Alert4you programme figures")
    pdf = pdf_document(title=title, compress=compress)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 5, f"{scope_label} · {filters_label}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _("Made on %(date)s") % {"date": date_format(timezone.localdate(), "j F Y")},
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(0, 4, str(disclosure.EXPLANATION), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 13)
    shown = f"{headline}%" if headline is not None else disclosure.WITHHELD
    pdf.multi_cell(0, 7, f"{_('Share of closed cases resolved within childcare')}: {shown}",
                   new_x="LMARGIN", new_y="NEXT")
    for table in tables:
        if pdf.get_y() > pdf.h - 60:  # a heading does not stand alone at the foot of a page
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        heading = table.title
        if table.headline is not None:
            heading += f": {table.headline}%"
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        wide = len(table.columns) > 4
        pdf.set_font(FONT, size=7 if wide else 9)
        first = 32 if wide else 90
        rest = (pdf.epw - first) / max(len(table.columns) - 1, 1)
        with pdf.table(col_widths=(first, *[rest] * (len(table.columns) - 1)), text_align="LEFT",
                       line_height=5, first_row_as_headings=True) as grid:
            for row in table.csv_rows():
                cells = grid.row()
                for value in row:
                    cells.cell(str(value))
        if table.note:
            pdf.set_font(FONT, size=8)
            pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
