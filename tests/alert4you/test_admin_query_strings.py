"""The functional administrator's admin pages take any query string without a server error."""

import pytest

pytestmark = pytest.mark.django_db

ODD = ["", "²", "99999999999999999999", "username", "password", "id", "x" * 500]


@pytest.mark.parametrize("value", ODD)
def test_an_odd_to_field_gives_a_page_not_a_server_error(world, client_for, value):
    client = client_for(world.functional_administrator)
    pages = [f"/admin/accounts/user/{world.pmer_a.pk}/change/", f"/admin/accounts/user/{world.pmer_a.pk}/delete/",
             f"/admin/organisations/location/{world.location_a.pk}/change/",
             f"/admin/organisations/location/{world.location_a.pk}/delete/"]
    for page in pages:
        response = client.get(page, {"_to_field": value})
        assert response.status_code in (200, 302, 400, 404), (page, value, response.status_code)


@pytest.mark.parametrize("field", ["location", "care_provider", "youth_health_service", "municipality",
                                   "childcare_organisation"])
@pytest.mark.parametrize("value", ["x", "²", "99999999999999999999", "-1"])
def test_a_membership_with_an_organisation_that_is_no_id_gets_a_message(world, client_for, field, value):
    from accounts.models import Role
    from tests.accounts.factories import UserFactory

    colleague = UserFactory()
    response = client_for(world.functional_administrator).post(f"/admin/accounts/user/{colleague.pk}/change/", {
        "username": colleague.username, "first_name": "Nieuwe", "last_name": "Collega",
        "email": colleague.email, "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-role": Role.CHILDCARE_WORKER, f"memberships-0-{field}": value,
        "memberships-0-active": "on",
    }, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not colleague.memberships.exists()


def change_form_data(client, url):
    """What the browser sends from an admin change page when nothing is changed."""
    from tests.fuzz.html_forms import read_page

    page = read_page(client.get(url).content.decode(), url)
    form = next(f for f in page.forms if f.method == "post" and "csrfmiddlewaretoken" in f.names()
                and any(name.endswith("TOTAL_FORMS") for name in f.names()))
    data = form.defaults()
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_save_the_database_refuses_is_a_message_not_a_server_error(world, client_for):
    from organisations.models import Group

    client = client_for(world.functional_administrator)
    url = f"/admin/organisations/location/{world.location_a.pk}/change/"
    data = change_form_data(client, url)
    # A garbled management form (as a tampered or truncated post would send) makes Django save the
    # location's existing groups as new ones: the database refuses the duplicate names.
    data["groups-INITIAL_FORMS"] = ["-1"]
    before = sorted(Group.objects.filter(location=world.location_a).values_list("name", flat=True))
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code in (200, 302)
    follow = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nl") if response.status_code == 302 else response
    assert "Niet opgeslagen" in follow.content.decode()
    assert sorted(Group.objects.filter(location=world.location_a).values_list("name", flat=True)) == before


@pytest.mark.parametrize("query", [{"kind__exact": "\x00"}, {"q": "a\x00b"}, {"o": "\x00"}])
def test_a_list_filter_with_a_nul_character_is_dropped_with_a_message(world, client_for, query):
    client = client_for(world.functional_administrator)
    response = client.get("/admin/organisations/location/", query, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert "\x00" not in response.request["QUERY_STRING"]
    assert "weggelaten" in response.content.decode()


@pytest.mark.parametrize("term", ["\x00", "²", "x" * 3000, ""])
def test_the_admins_autocomplete_takes_any_search_term(world, client_for, term):
    response = client_for(world.functional_administrator).get("/admin/autocomplete/", {
        "app_label": "accounts", "model_name": "membership", "field_name": "location", "term": term})
    assert response.status_code in (200, 400, 403, 404)


@pytest.mark.parametrize("query", [{"attempt_time__year": "99999999999999999999"}, {"attempt_time__year": "²"},
                                   {"attempt_time__year": "2026", "attempt_time__month": "13"},
                                   {"attempt_time__year": "0"}])
def test_an_impossible_date_in_the_date_drill_down_is_dropped_with_a_message(world, client_for, query):
    client = client_for(world.functional_administrator)
    for page in ("/admin/axes/accessattempt/", "/admin/axes/accesslog/"):
        response = client.get(page, query, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, (page, query)
    at_query = {key.replace("attempt_time", "at"): value for key, value in query.items()}
    events = client.get("/admin/accounts/securityevent/", at_query, follow=True)
    assert events.status_code == 200


def test_an_empty_to_field_on_a_library_admin_page_is_no_server_error(world, client_for):
    from tests.accounts.factories import totp_device_for

    device = totp_device_for(world.pmer_a)
    client = client_for(world.functional_administrator)
    for page in (f"/admin/otp_totp/totpdevice/{device.pk}/change/", f"/admin/otp_totp/totpdevice/{device.pk}/delete/"):
        response = client.get(page, {"_to_field": ""})
        assert response.status_code in (200, 302, 403, 404), (page, response.status_code)
