"""Who opens the dashboard and its exports, and what bad input does (a message, never an error page)."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import member

from .builders import YEAR, Known

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
URLS = [("monitoring:dashboard", {}), ("monitoring:export_csv", {"table": "outcomes"}),
        ("monitoring:export_pdf", {})]


@pytest.fixture
def known(world):
    return Known(world)


@pytest.mark.parametrize("name, kwargs", URLS)
@pytest.mark.parametrize("role", ["pmer_a", "specialist", "youth_nurse", "privacy_officer", "safeguarding_officer",
                                  "functional_administrator"])
def test_other_roles_are_refused(world, client_for, name, kwargs, role):
    response = client_for(getattr(world, role)).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 403


@pytest.mark.parametrize("name, kwargs", URLS)
def test_anonymous_is_sent_to_the_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_coordinator_sees_only_her_own_municipality(world, known, client_for):
    amersfoort = member(Role.COORDINATOR, municipality=world.other_municipality)
    client = client_for(amersfoort)
    page = client.get(reverse("monitoring:dashboard"), {"period": str(YEAR)}, **ENGLISH)
    assert page.status_code == 200
    tables = {t.key: t for t in page.context["tables"]}
    assert "municipalities" not in tables  # side by side is the programme coordinator's
    assert tables["requests_month"].rows[12][1:] == ["<5", 0, "<5"]  # her 3, not Hoogeveen's 22
    assert known.district2.name not in page.content.decode()
    # Hoogeveen's district through the address: refused by the form, her figures stay hers.
    sneaky = client.get(reverse("monitoring:dashboard"), {"period": str(YEAR), "district": known.district2.pk},
                        **ENGLISH)
    assert sneaky.status_code == 400
    assert "district" in sneaky.context["form"].errors
    assert {t.key: t for t in sneaky.context["tables"]}["requests_month"].rows[12][1:] == ["<5", 0, "<5"]
    csv_export = client.get(reverse("monitoring:export_csv", kwargs={"table": "municipalities"}))
    assert csv_export.status_code == 404


@pytest.mark.parametrize("params, field", [
    ({"threshold": "abc"}, "threshold"), ({"threshold": "0"}, "threshold"), ({"threshold": "99999999999"}, "threshold"),
    ({"period": "1900"}, "period"), ({"kind": "nonsense"}, "kind"), ({"care_provider": "x"}, "care_provider"),
    ({"location": "999999"}, "location"),
])
def test_bad_filters_get_a_message_and_the_page_still_shows(world, known, client_for, params, field):
    page = client_for(world.coordinator).get(reverse("monitoring:dashboard"), params, **ENGLISH)
    assert page.status_code == 400
    assert field in page.context["form"].errors
    assert "Some filters could not be used" in page.content.decode()
    assert page.context["tables"]  # the figures without the bad filter


def test_a_location_outside_the_chosen_district_is_refused_with_a_message(world, known, client_for):
    page = client_for(world.coordinator).get(
        reverse("monitoring:dashboard"), {"district": known.district1.pk, "location": known.location_d.pk}, **ENGLISH)
    assert page.status_code == 400
    assert "This location is not in the chosen district." in page.content.decode()


def test_every_table_exports_to_csv_with_its_disclosure_control(world, known, client_for):
    client = client_for(world.programme_coordinator)
    response = client.get(reverse("monitoring:export_csv", kwargs={"table": "outcomes"}), {"period": str(YEAR)},
                          **ENGLISH)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    body = {r[0]: r[1:] for r in rows[2:-1]}
    assert rows[1] == ["Outcome", "Cases"]
    assert body["Resolved within childcare"] == ["15"] and body["Guardians declined"] == ["<5"]
    assert "rounded" in rows[-1][0]
    side = list(csv.reader(io.StringIO(client.get(
        reverse("monitoring:export_csv", kwargs={"table": "municipalities"}), {"period": str(YEAR)},
        **ENGLISH).content.decode()), delimiter=";"))
    amersfoort = next(r for r in side if r[0] == "Amersfoort")
    assert amersfoort[1:] == ["<5", "<5", "×", "0", "×", "0,0", "—"]
    assert client.get(reverse("monitoring:export_csv", kwargs={"table": "nope"})).status_code == 404


def test_the_pdf_is_made_in_dutch_or_english(world, known, client_for):
    client = client_for(world.coordinator)
    dutch = client.get(reverse("monitoring:export_pdf"), {"period": str(YEAR), "language": "nl"})
    english = client.get(reverse("monitoring:export_pdf"), {"period": str(YEAR), "language": "en"})
    for response in (dutch, english):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert b"Cijfers van het Alert4you-programma" in dutch.content
    assert b"Alert4you programme figures" in english.content
    assert english["Content-Disposition"].endswith(f'-{YEAR}-en.pdf"')
    bad = client.get(reverse("monitoring:export_pdf"), {"language": "xx", "threshold": "abc"})
    assert bad.status_code == 200 and bad.content.startswith(b"%PDF")


def test_the_home_pages_link_to_the_figures(world, client_for):
    for user in (world.coordinator, world.programme_coordinator):
        page = client_for(user).get(reverse("home"), **ENGLISH)
        html = page.content.decode()
        assert reverse("monitoring:dashboard") in html
        assert "No figures yet" not in html
