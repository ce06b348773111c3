import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from alert4you.forms import ManyOptionsSelect
from casework.models import QuestionKind
from organisations.models import CareProvider, District, Location

YEARS_BACK = 4
DEFAULT_THRESHOLD_DAYS = 14
MAX_THRESHOLD_DAYS = 365
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]


@dataclass(frozen=True)
class Period:
    """A calendar year or half year: fixed periods only, so that two date ranges a day apart
    can never be subtracted to isolate one request."""

    year: int
    half: int | None  # None: the whole year

    @property
    def key(self):
        return f"{self.year}" if self.half is None else f"{self.year}-{self.half}"

    @property
    def start(self):
        month = 7 if self.half == 2 else 1
        return datetime.datetime(self.year, month, 1, tzinfo=timezone.get_current_timezone())

    @property
    def end(self):
        if self.half == 1:
            return datetime.datetime(self.year, 7, 1, tzinfo=timezone.get_current_timezone())
        return datetime.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_current_timezone())

    @property
    def year_start(self):
        return datetime.datetime(self.year, 1, 1, tzinfo=timezone.get_current_timezone())

    @property
    def year_end(self):
        return datetime.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_current_timezone())

    def label(self):
        if self.half is None:
            return str(self.year)
        if self.half == 1:
            return _("January to June %(year)s") % {"year": self.year}
        return _("July to December %(year)s") % {"year": self.year}


def periods(today=None):
    today = today or timezone.localdate()
    result = []
    for year in range(today.year, today.year - YEARS_BACK, -1):
        result += [Period(year, None), Period(year, 1), Period(year, 2)]
    return result


class ShownLocations(BaseChoiceIterator):
    """The location choices shown: those of the chosen district, and the chosen location."""

    def __init__(self, field, locations, data):
        self.field, self.locations, self.data = field, locations, data

    def __iter__(self):
        yield ("", self.field.empty_label)
        wanted = Q()
        for key, lookup in (("district", "district_id"), ("location", "pk")):
            raw = str(self.data.get(key) or "")
            if raw.isascii() and raw.isdigit() and len(raw) <= 18:  # a bad value lists nothing (the form says why)
                wanted |= Q(**{lookup: int(raw)})
        if wanted:
            for location in self.locations.filter(wanted):
                yield (location.pk, self.field.label_from_instance(location))


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.municipality.name}: {obj.name}" if self.long_labels else obj.name


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.district.name})"


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    district = DistrictChoiceField(label=_("District"), queryset=District.objects.none(), required=False,
                                   empty_label=_("All districts"), widget=ManyOptionsSelect)
    location = LocationChoiceField(label=_("Location"), queryset=Location.objects.none(), required=False,
                                   empty_label=_("All locations"), widget=ManyOptionsSelect)
    care_provider = forms.ModelChoiceField(label=_("Care provider"), queryset=CareProvider.objects.none(),
                                           required=False, empty_label=_("All care providers"),
                                           widget=ManyOptionsSelect)
    kind = forms.ChoiceField(label=_("Kind of question"), required=False)
    threshold = forms.IntegerField(
        label=_("Waiting longer than (days)"), required=False, min_value=1, max_value=MAX_THRESHOLD_DAYS,
        initial=DEFAULT_THRESHOLD_DAYS,
        error_messages={"invalid": _("Enter a whole number of days."),
                        "min_value": _("Enter at least 1 day."),
                        "max_value": _("Enter at most 365 days.")},
    )

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods()}
        self.fields["period"].choices = [(key, p.label()) for key, p in self.periods.items()]
        districts = District.objects.select_related("municipality").order_by("municipality__name", "name")
        locations = Location.objects.select_related("district").order_by("name")
        providers = CareProvider.objects.order_by("name")
        if municipality_ids is not None:
            districts = districts.filter(municipality_id__in=municipality_ids)
            locations = locations.filter(district__municipality_id__in=municipality_ids)
            providers = providers.filter(municipalities__in=municipality_ids).distinct()
        self.fields["district"].queryset = districts
        self.fields["district"].long_labels = municipality_ids is None or len(municipality_ids) > 1
        self.fields["location"].queryset = locations
        if municipality_ids is None:
            # The whole country's locations (12,000) are no list to choose from, and writing them
            # was most of the programme coordinator's page: she picks a district, then one of its
            # locations. Any location of the scope is still accepted (the queryset above).
            self.fields["location"].widget.choices = ShownLocations(self.fields["location"], locations,
                                                                    self.data if self.is_bound else {})
            self.fields["location"].help_text = _("Choose a district and press Show: its locations are then "
                                                  "listed here.")
        self.fields["care_provider"].queryset = providers
        self.fields["kind"].choices = [("", _("All kinds of question")), *QuestionKind.choices]
        self.fields["threshold"].widget.attrs.update({"inputmode": "numeric"})

    def clean_period(self):
        key = self.cleaned_data.get("period") or ""
        return self.periods.get(key) or next(iter(self.periods.values()))

    def clean(self):
        data = super().clean()
        district, location = data.get("district"), data.get("location")
        if district and location and location.district_id != district.pk:
            self.add_error("location", _("This location is not in the chosen district."))
        return data

    def filters(self):
        """The filters to apply: the valid ones, defaults for the rest (a bad value never leads to
        an error page; the form shows what was wrong)."""
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}
        period = data.get("period") if "period" not in errors else None
        return Filters(
            period=period or next(iter(self.periods.values())),
            district=None if "district" in errors or "location" in errors else data.get("district"),
            location=None if "location" in errors else data.get("location"),
            care_provider=None if "care_provider" in errors else data.get("care_provider"),
            kind=(data.get("kind") or None) if "kind" not in errors else None,
            threshold=(data.get("threshold") if "threshold" not in errors else None) or DEFAULT_THRESHOLD_DAYS,
        )


@dataclass
class Filters:
    period: Period
    district: object = None
    location: object = None
    care_provider: object = None
    kind: str | None = None
    threshold: int = DEFAULT_THRESHOLD_DAYS


class PdfForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=LANGUAGES, required=False)
