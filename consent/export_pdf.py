"""The guardian's export of her child's data as a PDF: the same content as the JSON export
(`selectors.child_export`), laid out for reading and printing, in her language. Fonts ship in
static/fonts: DejaVu Sans for Latin and Cyrillic, Noto Sans Arabic as the fallback; Arabic is shaped
by HarfBuzz (fpdf2 + uharfbuzz), and in Arabic every line runs right to left."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from alert4you.pdf import FONT, pdf_document

# Arabic script (and its presentation forms): letters that join, so HarfBuzz must shape them.
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def needs_shaping(*texts) -> bool:
    """Shape (HarfBuzz) when the page's language is right to left or any text is in Arabic script, e.g. a
    name. Latin and Cyrillic need no shaping, and unshaped they stay plain, searchable text in the PDF."""
    return translation.get_language_bidi() or any(ARABIC_SCRIPT.search(text or "") for text in texts)


def shape_in_page_direction(pdf) -> None:
    """HarfBuzz shaping, with every line read in the page's direction: an Arabic name in a Ukrainian line
    stays where it stands instead of turning the whole line right to left (and the other way round)."""
    pdf.set_text_shaping(True, direction="rtl" if translation.get_language_bidi() else "ltr")


def _when(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "j E Y H:i")
    return formats.date_format(value, "j E Y")


class _Document(FPDF):
    align = "L"

    def heading(self, text: str):
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align=self.align)
        self.set_font(FONT, size=10)

    def line(self, text: str):
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT", align=self.align)

    def empty(self):
        self.line(_("Nothing recorded."))


def export_pdf(data: dict, *, compress: bool = True) -> bytes:
    shaping = needs_shaping(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))
    pdf = pdf_document(title=_("All data about your child in Alert4you"), compress=compress, arabic=True,
                       document_class=_Document)
    if shaping:
        shape_in_page_direction(pdf)
    pdf.align = "R" if translation.get_language_bidi() else "L"
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, _("All data about your child in Alert4you"), new_x="LMARGIN", new_y="NEXT",
                   align=pdf.align)
    pdf.set_font(FONT, size=9)
    pdf.line(_("Made on %(at)s") % {"at": _when(timezone.now())})

    child = data["child"]
    pdf.heading(_("Your child"))
    pdf.line(f"{child['first_name']} {child['last_name']} · {_when(child['date_of_birth'])}")

    pdf.heading(_("Parents and carers"))
    for guardian in data["guardians"] or []:
        authority = _("with parental authority") if guardian["has_parental_authority"] else ""
        pdf.line(" · ".join(part for part in (guardian["name"], guardian["relation_label"], authority,
                                              guardian["email"], guardian["phone"]) if part))
    if not data["guardians"]:
        pdf.empty()

    pdf.heading(_("Questions to you"))
    for asked in data["requests"]:
        pdf.line(_("%(at)s: to %(guardian)s, about: %(purposes)s") % {
            "at": _when(asked["asked_at"]), "guardian": asked["guardian"],
            "purposes": ", ".join(asked["purpose_labels"])})
    if not data["requests"]:
        pdf.empty()

    pdf.heading(_("Consents"))
    for consent in data["consents"]:
        pdf.set_font(FONT, "B", 10)
        pdf.line(f"{consent['purpose_label']} · {consent['party_label']} · {consent['state_label']}")
        pdf.set_font(FONT, size=10)
        for event in consent["events"]:
            signer = f" · {event['signer_name']} ({event['relation_label']})" if event["signer_name"] else ""
            pdf.line(f"  {_when(event['at'])}: {event['kind_label']}{signer}")
    for paper in data["paper_consents"]:
        pdf.line(_("On paper, signed by %(name)s on %(on)s, valid until %(until)s") % {
            "name": paper["signed_by"], "on": _when(paper["signed_on"]), "until": _when(paper["valid_until"])})
    if not data["consents"] and not data["paper_consents"]:
        pdf.empty()

    pdf.heading(_("Requests for help"))
    for case in data["cases"]:
        pdf.set_font(FONT, "B", 10)
        pdf.line(_("Case %(number)s · %(state)s") % {"number": case["number"], "state": case["state_label"]})
        pdf.set_font(FONT, size=10)
        pdf.line(case["question"])
        for visit in case["visits"]:
            pdf.line(f"  {_when(visit['at'])}: {visit['kind_label']} ({visit['status_label']})")
        for referral in case["referrals"]:
            pdf.line(_("  Referral to %(target)s: %(status)s") % {"target": referral["target_label"],
                                                                  "status": referral["status_label"]})
        for handover in case["handovers"]:
            pdf.line(_("  Handover to %(school)s on %(at)s") % {"school": handover["school"],
                                                                "at": _when(handover["made_at"])})
    if not data["cases"]:
        pdf.empty()

    pdf.heading(_("What was agreed for home"))
    for advice in data["advice_for_guardians"]:
        pdf.line(f"{_when(advice['given_at'])}: {advice['text']}")
    for plan in data["home_plans"]:
        pdf.line(f"{_when(plan['at'])}: {plan['goals_home']} {plan['agreements_home']}".strip())
    if not data["advice_for_guardians"] and not data["home_plans"]:
        pdf.empty()

    pdf.heading(_("Who looked at your child's file"))
    # Per person per day, as on her page: six page views are six, not every row they logged.
    for visit in data["visits"]:
        pdf.line(_("%(day)s · %(who)s · %(role)s · %(organisation)s · opened %(times)s times (last at %(last)s)") % {
            "day": _when(visit["day"]), "who": visit["who"], "role": visit["role_label"],
            "organisation": visit["organisation"], "times": visit["times"],
            "last": formats.time_format(timezone.localtime(visit["last"]), "H:i")})
    if data["visits"]:
        pdf.line(_("The JSON export holds every logged access."))
    else:
        pdf.empty()
    return bytes(pdf.output())
