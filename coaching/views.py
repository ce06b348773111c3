from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import Role
from alert4you.forms import add_service_errors
from idempotency import once_per_submission

from .forms import CoachingMomentForm, LocationChoiceForm, SelfAssessmentForm
from .selectors import chart_dots, chart_points, growth_of, moments_recorded_by
from .services import coaching_moment_record, self_assessment_record


@role_required(Role.SPECIALIST)
def moment_list(request):
    return render(request, "coaching/moment_list.html", {"moments": moments_recorded_by(request.user)})

@role_required(Role.SPECIALIST)
@require_http_methods(["GET", "POST"])
@once_per_submission
def moment_create(request):
    chooser = LocationChoiceForm(request.GET or None, user=request.user)
    if not chooser.is_valid():
        # First step (or a location that is not hers): choose where the coaching took place.
        return render(request, "coaching/moment_location.html", {"chooser": chooser},
                      status=400 if request.GET else 200)
    location = chooser.cleaned_data["location"]
    form = CoachingMomentForm(request.POST or None, location=location,
                              initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                coaching_moment_record(by=request.user, location=location, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The coaching moment has been recorded."))
                return redirect("coaching:moments")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/moment_form.html", {"form": form, "location": location})

@role_required(Role.CHILDCARE_WORKER)
def growth(request):
    context = growth_of(request.user)
    for item in context["per_competence"]:
        item.points = chart_points(item.scores)
        item.dots = chart_dots(item.scores)
    return render(request, "coaching/growth.html", context)

@role_required(Role.CHILDCARE_WORKER)
@require_http_methods(["GET", "POST"])
@once_per_submission
def self_assessment_create(request):
    form = SelfAssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                self_assessment_record(author=request.user, assessed_on=data["assessed_on"], note=data["note"],
                                       scores={f: data[f] for f in SelfAssessmentForm.SCORE_FIELDS})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your self-assessment has been saved. Only you can see it."))
                return redirect("coaching:growth")
        messages.error(request, _("Not saved yet: please correct the fields marked below."))
    return render(request, "coaching/self_assessment_form.html", {"form": form})
