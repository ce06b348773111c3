"""The guardian's export of her child's data as a PDF: the same content as the JSON export
(`selectors.child_export`), laid out for reading and printing. Fonts ship in static/fonts."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from alert4you.pdf import FONT, pdf_document


def _when(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    return formats.date_format(value, "j F Y")


class _Document(FPDF):
    def heading(self, text: str):
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=10)

    def line(self, text: str):
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def empty(self):
        self.line(_("Nothing recorded."))


def export_pdf(data: dict, *, compress: bool = True) -> bytes:
    pdf = pdf_document(title=_("All data about your child in Alert4you"), compress=compress, arabic=True,
                       document_class=_Document)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, _("All data about your child in Alert4you"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.line(_("Made on %(at)s") % {"at": _when(timezone.now())})

    child = data["child"]
    pdf.heading(_("Your child"))
    pdf.line(f"{child['first_name']} {child['last_name']} · {_when(child['date_of_birth'])}")

    pdf.heading(_("Guardians"))
    for guardian in data["guardians"] or []:
        authority = _("with parental authority") if guardian["has_parental_authority"] else ""
        pdf.line(" · ".join(part for part in (guardian["name"], guardian["relation"], authority,
                                              guardian["email"], guardian["phone"]) if part))
    if not data["guardians"]:
        pdf.empty()

    pdf.heading(_("Consents"))
    for consent in data["consents"]:
        pdf.set_font(FONT, "B", 10)
        pdf.line(f"{consent['purpose']} · {consent['party']} · {consent['state']}")
        pdf.set_font(FONT, size=10)
        for event in consent["events"]:
            signer = f" · {event['signer_name']} ({event['relation']})" if event["signer_name"] else ""
            pdf.line(f"  {_when(event['at'])}: {event['kind']}{signer}")
    if not data["consents"]:
        pdf.empty()

    pdf.heading(_("Requests for help"))
    for case in data["cases"]:
        pdf.set_font(FONT, "B", 10)
        pdf.line(_("Case %(number)s · %(state)s") % {"number": case["number"], "state": case["state"]})
        pdf.set_font(FONT, size=10)
        pdf.line(case["question"])
        for event in case["timeline"]:
            pdf.line(f"  {_when(event['at'])}: {event['kind']}")
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
