"""Issue 12 for the children's records, as a pm'er uses them: a form sent twice registers the
child once (finding 8), every text says how long it may be (9), the date of birth is bounded to a
child under 12 (7) and arrives in the browser's date field (3)."""

import datetime
import re

import pytest
from django.urls import reverse

from children.models import Child, Guardian
from tests.children.test_views import child_post_data

pytestmark = pytest.mark.django_db

ALREADY_SAVED = "Dit was al opgeslagen"


def errors(response, field, form="form"):
    return " ".join(response.context[form].errors.get(field, []))


class TestSentTwice:
    def test_registering_a_child_twice_saves_one_child(self, world, client_for):
        client = client_for(world.pmer_a)
        first = client.post(reverse("children:create"), child_post_data(world))
        assert first.status_code == 302
        second = client.post(reverse("children:create"), child_post_data(world), follow=True)
        assert second.redirect_chain[0][0] == first.url
        assert ALREADY_SAVED in second.content.decode()
        assert Child.objects.filter(first_name="Noor").count() == 1
        assert Guardian.objects.filter(name="Anna de Vries").count() == 1

    def test_saving_the_same_change_twice_redirects_with_the_message(self, world, client_for):
        child = world.children_a[0]
        client = client_for(world.pmer_a)
        url = reverse("children:update", args=[child.pk])
        data = child_post_data(world, first_name="Noortje")
        assert client.post(url, data).status_code == 302
        second = client.post(url, data, follow=True)
        assert ALREADY_SAVED in second.content.decode()


class TestTextsHaveAMaximum:
    def test_a_name_too_long_says_how_long_it_may_be(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"),
                                                  child_post_data(world, first_name="N" * 101))
        assert response.status_code == 200
        assert "hoogstens 100 tekens (nu 101)" in errors(response, "first_name")
        assert not Child.objects.filter(first_name__startswith="NNN").exists()

    def test_an_empty_name_keeps_its_own_message(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"), child_post_data(world, first_name=""))
        assert "voornaam" in errors(response, "first_name")

    def test_a_guardians_name_and_phone_too_long_say_how_long_they_may_be(self, world, client_for):
        response = client_for(world.pmer_a).post(reverse("children:create"), child_post_data(
            world, **{"guardians-0-name": "A" * 201, "guardians-0-phone": "0" * 31}))
        assert response.status_code == 200
        guardian_errors = response.context["guardians"].forms[0].errors
        assert "hoogstens 200 tekens (nu 201)" in " ".join(guardian_errors["name"])
        assert "hoogstens 30 tekens (nu 31)" in " ".join(guardian_errors["phone"])


class TestDateOfBirth:
    @pytest.mark.parametrize("born", ["2999-01-01", "1900-01-01"])
    def test_a_date_of_birth_that_cannot_be_a_child_under_12_is_refused(self, world, client_for, born):
        response = client_for(world.pmer_a).post(reverse("children:create"),
                                                  child_post_data(world, date_of_birth=born))
        assert response.status_code == 200 and errors(response, "date_of_birth")
        assert not Child.objects.filter(first_name="Noor").exists()

    def test_a_child_turning_12_today_is_refused_and_one_day_younger_accepted(self, world, client_for):
        today = datetime.date.today()  # noqa: DTZ011
        twelve = today.replace(year=today.year - 12)
        client = client_for(world.pmer_a)
        response = client.post(reverse("children:create"), child_post_data(world, date_of_birth=twelve.isoformat()))
        assert "12" in errors(response, "date_of_birth")
        younger = twelve + datetime.timedelta(days=1)
        assert client.post(reverse("children:create"), child_post_data(
            world, date_of_birth=younger.isoformat())).status_code == 302

    def test_the_edit_form_shows_the_date_of_birth_in_the_browsers_date_field(self, world, client_for):
        child = world.children_a[0]
        html = client_for(world.pmer_a).get(reverse("children:update", args=[child.pk])).content.decode()
        tag = re.search(r'<input[^>]*name="date_of_birth"[^>]*>', html).group(0)
        assert 'type="date"' in tag and f'value="{child.date_of_birth.isoformat()}"' in tag


class TestListFilter:
    @pytest.mark.parametrize("query", [{"q": "x" * 101}, {"group": "²"}, {"group": "99999999999999999999"}])
    def test_a_filter_that_cannot_be_read_shows_no_unfiltered_list_and_says_so(self, world, client_for, query):
        response = client_for(world.pmer_a).get(reverse("children:list"), query)
        assert response.status_code == 200
        assert response.context["children"] == []
        assert "filter kon niet gelezen worden" in response.content.decode()
