"""The dashboard's long select lists (every location of the country for the programme
coordinator) are rendered without a template per option, and come out as Django's own select."""

import pytest
from django import forms

from monitoring.forms import DashboardFilterForm, ManyOptionsSelect

pytestmark = pytest.mark.django_db


def django_select(bound_field):
    widget = forms.Select(choices=bound_field.field.choices)
    return bound_field.as_widget(widget=widget, attrs={"class": "form-select"})


@pytest.mark.parametrize("data", [None, {"district": "999999", "location": "abc"}, "chosen"])
def test_the_fast_select_renders_what_django_renders(world, data):
    if data == "chosen":
        data = {"district": world.location_a.district.pk, "location": world.location_a.pk}
    form = DashboardFilterForm(data, municipality_ids=None)
    form.is_valid()
    for name in ("district", "location", "care_provider"):
        field = form[name]
        assert isinstance(field.field.widget, ManyOptionsSelect)
        fast = field.as_widget(attrs={"class": "form-select"})
        assert fast == django_select(field).replace("\n", "").replace("  ", ""), name
        assert "<option" in fast
    if data and "abc" not in str(data.get("location")):
        assert f'<option value="{world.location_a.pk}" selected>' in form["location"].as_widget()
