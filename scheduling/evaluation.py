"""The municipal evaluation meeting's one-page PDF: the period's figures in aggregate (requests,
visits, hours, advice tried and worked). No child is named and no case content is printed, so a
coordinator may make it and share it with the partners."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from alert4you.pdf import FONT, pdf_document
from casework.models import ObservationRequest
from observations.models import Advice, Visit, VisitHours, VisitKind, VisitStatus

from .models import WalkInQuestion
from .rules import hours_text


def _aware_range(first: datetime.date, last: datetime.date):
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def evaluation_figures(*, municipality, first: datetime.date, last: datetime.date) -> dict:
    start, end = _aware_range(first, last)
    in_municipality = {"location__district__municipality": municipality}
    requests = (ObservationRequest.objects.filter(created_at__gte=start, created_at__lt=end, **in_municipality)
                .aggregate(total=Count("pk")))
    visits = (Visit.objects.filter(status=VisitStatus.HELD, starts_at__gte=start, starts_at__lt=end,
                                   **in_municipality)
              .values("kind").annotate(n=Count("pk")).order_by("kind"))
    hours = (VisitHours.objects.filter(visit__status=VisitStatus.HELD, visit__starts_at__gte=start,
                                       visit__starts_at__lt=end, district__municipality=municipality)
             .values("district__name").annotate(total=Sum("hours")).order_by("district__name"))
    # Advice on a case, or (without a case) on a preventive group visit of the municipality.
    advice = Advice.objects.filter(
        Q(case__request__location__district__municipality=municipality)
        | Q(case__isnull=True, visit__location__district__municipality=municipality),
        given_at__gte=start, given_at__lt=end).aggregate(
        n_given=Count("pk"), n_tried=Count("pk", filter=Q(tried="tried")),
        n_worked=Count("pk", filter=Q(worked="worked")), n_partly=Count("pk", filter=Q(worked="partly")),
        n_not=Count("pk", filter=Q(worked="not")))
    # Aliases differ from the field names, or the filters would compare against the aliases.
    advice = {"given": advice["n_given"], "tried": advice["n_tried"], "worked": advice["n_worked"],
              "partly": advice["n_partly"], "not_worked": advice["n_not"]}
    questions = WalkInQuestion.objects.filter(
        scheduled__location__district__municipality=municipality, recorded_at__gte=start,
        recorded_at__lt=end).count()
    return {"requests": requests["total"],
            "visits": [(str(VisitKind(row["kind"]).label), row["n"]) for row in visits],
            "hours": [(row["district__name"], row["total"]) for row in hours],
            "hours_total": sum((row["total"] for row in hours), 0), "advice": advice, "questions": questions}


def evaluation_pdf(*, municipality, first, last, figures, made_by, compress=True) -> bytes:
    title = _("Evaluation of the programme in %(municipality)s") % {"municipality": municipality.name}
    pdf = pdf_document(title=title, compress=compress)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 6, _("Period: %(first)s to %(last)s · made by %(by)s") % {
        "first": formats.date_format(first, "j F Y"), "last": formats.date_format(last, "j F Y"),
        "by": made_by.get_full_name() or made_by.get_username()}, new_x="LMARGIN", new_y="NEXT")

    def heading(text):
        pdf.ln(3)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10)

    def row(label, value):
        pdf.cell(120, 6, label)
        pdf.cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT", align="R")

    heading(_("Requests for help"))
    row(_("Requests received"), figures["requests"])
    heading(_("Visits held"))
    for label, count in figures["visits"] or [(_("None"), 0)]:
        row(label, count)
    row(_("Questions at walk-in hours"), figures["questions"])
    heading(_("Hours spent per district"))
    for district, hours in figures["hours"]:
        row(district, hours_text(hours))
    row(_("Total"), hours_text(figures["hours_total"]))
    heading(_("Advice"))
    advice = figures["advice"]
    row(_("Advice given"), advice["given"])
    row(_("Tried"), advice["tried"])
    row(_("Worked"), advice["worked"])
    row(_("Partly worked"), advice["partly"])
    row(_("Did not work"), advice["not_worked"])
    return bytes(pdf.output())
