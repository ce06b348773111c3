"""The dashboard's long select lists (every location of the country for the programme
coordinator) are rendered without a template per option, and come out as Django's own select."""

import pytest
from django import forms

from monitoring.forms import DashboardFilterForm, ManyOptionsSelect

pytestmark = pytest.mark.django_db


def django_select(bound_field):
    widget = forms.Select(choices=list(bound_field.field.widget.choices))
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


def test_the_programme_coordinator_picks_a_district_before_its_locations(world):
    empty = DashboardFilterForm(None, municipality_ids=None)["location"].as_widget()
    assert empty.count("<option") == 1 and world.location_a.name not in empty  # only "All locations"
    district = world.location_a.district
    chosen = DashboardFilterForm({"district": district.pk}, municipality_ids=None)
    shown = chosen["location"].as_widget()
    assert world.location_a.name in shown and world.location_b.name in shown
    assert world.location_c.name not in shown  # Amersfoort's
    # A location chosen without its district (a link, the CSV) is still used and shown chosen.
    direct = DashboardFilterForm({"location": world.location_c.pk}, municipality_ids=None)
    assert direct.is_valid() and direct.filters().location == world.location_c
    assert f'<option value="{world.location_c.pk}" selected>' in direct["location"].as_widget()
    # Nonsense lists nothing and breaks nothing (the form marks the fields).
    bad = DashboardFilterForm({"district": "²", "location": "9" * 5000}, municipality_ids=None)
    assert not bad.is_valid() and bad["location"].as_widget().count("<option") == 1
    # A municipal coordinator keeps her whole list.
    own = DashboardFilterForm(None, municipality_ids=[world.municipality.pk])["location"].as_widget()
    assert world.location_a.name in own and world.location_b.name in own


OLD_ROWS = ('{% for row in table.rows %}<tr>{% for value in row %}{% if forloop.first %}<th scope="row">{{ value }}'
            '</th>{% else %}<td>{% if value is None %}×{% else %}{{ value }}{% endif %}</td>{% endif %}{% endfor %}'
            '</tr>{% endfor %}')


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_table_rows_are_written_as_the_template_wrote_them(world, client_for, language):
    from django.template import Context, Template
    from django.utils import translation

    from monitoring import dashboard as board

    from .builders import YEAR, Known, add_advice, add_consents, add_hours_and_walk_ins, add_referrals

    known = Known(world)
    add_hours_and_walk_ins(known)
    add_consents(known, [(["asked", "given"], 1)] * 6)
    add_advice(known, [("group", "room", "tried", "worked", 6)])
    add_referrals(known, [("speech_therapy", 6)])
    form = DashboardFilterForm({"period": str(YEAR)}, municipality_ids=None)
    form.is_valid()
    with translation.override(language):
        tables = board.build(world.programme_coordinator, form.filters())
        for table in tables:
            old = Template(OLD_ROWS).render(Context({"table": table}))
            assert str(table.body_html()).replace("\n", "") == old, table.key
    assert any(v is None for t in tables for row in t.rows for v in row)  # "×" is among them
    assert any(isinstance(v, float) for t in tables for row in t.rows for v in row)  # and localised numbers
