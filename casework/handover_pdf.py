"""The handover document to primary school, as a PDF.

fpdf2 (pure Python) rather than an HTML-to-PDF engine: the document is a few headed sections of
plain text, and it needs no system libraries. The font is DejaVu Sans shipped in static/fonts, so
names and notes in any language's letters come out right (the core PDF fonts only know Latin-1).
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from alert4you.pdf import FONT, pdf_document


class _Document(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font(FONT, size=8)
        self.cell(0, 10, _("Confidential: shared with the guardians' consent. Page %(page)s") % {
            "page": self.page_no()}, align="C")


def _heading(pdf, text, size=13):
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)


def _field(pdf, label, value):
    if not value:
        return
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def handover_pdf(*, case, school_name, cycles, advice, made_by, made_at, compress=True) -> bytes:
    """`cycles`: the approach plan's cycles, oldest first; `advice`: the advice that worked."""
    pdf = pdf_document(title=_("Handover to primary school"), compress=compress, document_class=_Document)
    child = case.child
    _heading(pdf, _("Handover to primary school"), size=16)
    _field(pdf, _("Child"), f"{child.first_name} {child.last_name}")
    _field(pdf, _("Date of birth"), formats.date_format(child.date_of_birth, "j F Y"))
    _field(pdf, _("Childcare"), f"{case.request.location.name} · {case.request.group.name}")
    _field(pdf, _("Primary school"), school_name)
    _field(pdf, _("Made by"), f"{made_by.get_full_name() or made_by.get_username()}, "
                              f"{formats.date_format(timezone.localtime(made_at), 'j F Y')}")

    current = cycles[-1] if cycles else None
    _heading(pdf, _("The approach that works"))
    if current is not None:
        _field(pdf, _("Goals in the group"), current.goals_group)
        _field(pdf, _("Agreements in the group"), current.agreements_group)
        _field(pdf, _("Goals at home"), current.goals_home)
        _field(pdf, _("Agreements at home"), current.agreements_home)
    evaluations = [c for c in cycles if c.evaluation]
    if evaluations:
        _heading(pdf, _("How the plan was evaluated"), size=11)
        for cycle in evaluations:
            _field(pdf, _("Evaluation %(number)s, %(date)s") % {
                "number": cycle.number - 1, "date": formats.date_format(timezone.localtime(cycle.at), "j F Y")},
                cycle.evaluation)

    _heading(pdf, _("Advice that worked"))
    if advice:
        for item in advice:
            label = " · ".join(str(p) for p in (item.get("target"), item.get("category")) if p)
            _field(pdf, label or _("Advice"), "\n".join(str(p) for p in (item.get("text"), item.get("remark")) if p))
    else:
        pdf.multi_cell(0, 5, _("No advice has been recorded as having worked."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
