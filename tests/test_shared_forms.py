"""The shared form pieces read what people type and render what browsers can read."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from alert4you.forms import DateInput, DateTimeInput, DutchDecimalField, TimeInput, hours_field, parse_dutch_decimal


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput)
    moment = forms.DateTimeField(widget=DateTimeInput)
    at = forms.TimeField(widget=TimeInput)
    hours = hours_field("Uren", required=True)
    budget = DutchDecimalField(max_digits=8, decimal_places=2)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_a_prefilled_date_renders_in_the_form_the_browser_date_field_reads():
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    form = _Form(initial={"day": datetime.date(2026, 12, 1),
                          "moment": datetime.datetime(2026, 12, 1, 9, 30, tzinfo=amsterdam),
                          "at": datetime.time(9, 30), "hours": Decimal("1.50")})
    html = str(form)
    assert 'type="date"' in html and 'value="2026-12-01"' in html
    assert 'type="datetime-local"' in html and 'value="2026-12-01T09:30"' in html
    assert 'type="time"' in html and 'value="09:30"' in html
    # Hours show the Dutch way, in a field that leaves the reading to the server.
    assert 'value="1,5"' in html and 'inputmode="decimal"' in html and 'type="number"' not in html


@pytest.mark.parametrize(("typed", "stored"), [
    ("1,5", Decimal("1.5")), ("0,5", Decimal("0.5")), ("1.5", Decimal("1.5")), (" 2 ", Decimal("2")),
    ("0,25", Decimal("0.25")), (",75", Decimal("0.75")),
])
def test_hours_typed_the_dutch_way_are_stored_as_meant(typed, stored):
    form = _Form(data={"day": "2026-12-01", "moment": "2026-12-01T09:30", "at": "09:30", "hours": typed,
                       "budget": "1"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("15", "Vul hoogstens 24 uur in."), ("0", "Vul meer dan 0 uur in."), ("abc", "Vul een getal in, bijvoorbeeld 1,5."),
    ("²", "Vul een getal in, bijvoorbeeld 1,5."), ("1e309", "Vul een getal in, bijvoorbeeld 1,5."),
    ("NaN", "Vul een getal in, bijvoorbeeld 1,5."), ("", "Vul de bestede uren in."),
])
def test_impossible_hours_get_a_dutch_message(typed, message):
    form = _Form(data={"day": "2026-12-01", "moment": "2026-12-01T09:30", "at": "09:30",
                       "hours": "25" if typed == "15" else typed, "budget": "1"})
    assert not form.is_valid()
    if typed == "15":
        assert form.errors["hours"] == ["Vul hoogstens 24 uur in."]
    else:
        assert form.errors["hours"] == [message]


@pytest.mark.parametrize(("typed", "value"), [
    ("1.000", Decimal("1000")), ("1.000,5", Decimal("1000.5")), ("12.500", Decimal("12500")),
    ("387,00", Decimal("387.00")), ("1,000.5", Decimal("1000.5")), ("0.250", Decimal("0.250")),
])
def test_large_numbers_read_the_dutch_thousands_separator(typed, value):
    assert parse_dutch_decimal(typed) == value


@pytest.mark.parametrize("typed", ["1.00.0", "1,2,3", "12.34.5", "-", "1..5", "١٢"])
def test_what_is_no_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_dutch_decimal(typed)


def test_the_dutch_date_is_still_read_when_typed_as_text():
    form = _Form(data={"day": "01-12-2026", "moment": "2026-12-01T09:30", "at": "09:30", "hours": "1",
                       "budget": "1"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 1)
