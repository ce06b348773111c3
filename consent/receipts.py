"""The guardian's PDF receipt, kept exactly as sent (its bytes and their sha256).

It names no child: it goes by e-mail, and e-mails carry no child's name. It quotes the exact
text she read, its version and language, and her decision per purpose.

Made with the Arabic fallback font and right-to-left shaping (alert4you/pdf.py), as the text she
read may be in Arabic."""

import hashlib

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from alert4you.pdf import FONT, pdf_document

from .models import ConsentEventKind, ConsentParty, ConsentReceipt

RTL_LANGUAGES = {"ar"}


def _relation(relation: str) -> str:
    from children.models import Guardian

    return str(Guardian.Relation(relation).label) if relation in Guardian.Relation.values else relation


def receipt_pdf(*, reference: str, shown: dict, signer_name: str, relation: str, at, language: str = "nl",
                shared_with: dict | None = None) -> bytes:
    pdf = pdf_document(title=_("Receipt of your decision"), arabic=True, shaping=True)
    # Her language sets the side the page's own lines start on; a quoted text keeps its own.
    page_align = "R" if translation.get_language_bidi() else "L"
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, _("Receipt of your decision"), new_x="LMARGIN", new_y="NEXT", align=page_align)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 5, _("Reference: %(ref)s") % {"ref": reference}, new_x="LMARGIN", new_y="NEXT", align=page_align)
    pdf.multi_cell(0, 5, _("Signed by: %(name)s (%(relation)s)") % {
        "name": signer_name, "relation": _relation(relation)},
                   new_x="LMARGIN", new_y="NEXT", align=page_align)
    pdf.multi_cell(0, 5, _("Moment: %(at)s") % {
        "at": formats.date_format(timezone.localtime(at), "j E Y H:i")}, new_x="LMARGIN", new_y="NEXT",
        align=page_align)
    for purpose, (text, decision) in shown.items():
        body_align = "R" if text and text.language in RTL_LANGUAGES else "L"
        pdf.ln(4)
        pdf.set_font(FONT, "B", 12)
        verdict = _("You gave consent") if decision == ConsentEventKind.GIVEN else _("You refused")
        if text:
            pdf.multi_cell(0, 6, text.title, new_x="LMARGIN", new_y="NEXT", align=body_align)
        pdf.multi_cell(0, 6, verdict, new_x="LMARGIN", new_y="NEXT", align=page_align)
        parties = (shared_with or {}).get(purpose)
        if decision == ConsentEventKind.GIVEN and parties:
            pdf.set_font(FONT, size=10)
            pdf.multi_cell(0, 5, _("Who may see your child's name and details: %(parties)s") % {
                "parties": ", ".join(str(ConsentParty(p).label) for p in parties)}, new_x="LMARGIN", new_y="NEXT",
                align=page_align)
        if text:
            pdf.set_font(FONT, size=10)
            pdf.multi_cell(0, 5, text.body, new_x="LMARGIN", new_y="NEXT", align=body_align)
            pdf.set_font(FONT, size=8)
            pdf.multi_cell(0, 4, _("Text version %(v)s, language %(lang)s, sha256 %(sha)s") % {
                "v": text.version, "lang": text.language, "sha": text.sha256}, new_x="LMARGIN", new_y="NEXT",
                align=page_align)
    pdf.ln(4)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 5, _("You can withdraw your consent at any time through your personal link."),
                   new_x="LMARGIN", new_y="NEXT", align=page_align)
    return bytes(pdf.output())


def receipt_make(*, consent_request, shown: dict, signer_name: str, relation: str, language: str,
                 shared_with: dict | None = None) -> ConsentReceipt:
    at = timezone.now()
    with translation.override(language):
        data = receipt_pdf(reference=f"A4Y-{consent_request.pk}", shown=shown, signer_name=signer_name,
                           relation=relation, at=at, language=language, shared_with=shared_with)
    return ConsentReceipt.objects.create(request=consent_request, pdf=data, sha256=hashlib.sha256(data).hexdigest())
