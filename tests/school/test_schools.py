"""Schools as organisations with locations (issue 17 item 5): a school board's primary school location has
a BRIN number with branch instead of the LRK number; the admin says what is wrong, in Dutch; the database
keeps the pair consistent; the municipality's setting is in its programme configuration."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from organisations.models import Group, Location, LocationKind, ProgrammeConfiguration
from tests.organisations.factories import ChildcareOrganisationFactory, DistrictFactory
from tests.organisations.school_factories import SchoolBoardFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db


def messages_of(location):
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    return error.value.message_dict


def school(**fields):
    return Location(**{"organisation": SchoolBoardFactory(), "district": DistrictFactory(), "name": "De Es",
                       "kind": LocationKind.PRIMARY_SCHOOL, "brin_number": "12AB00"} | fields)


class TestTheNumbers:
    def test_a_school_with_its_brin_number_is_valid(self):
        school().full_clean()

    def test_a_school_without_a_brin_number(self):
        assert messages_of(school(brin_number=None))["brin_number"] == [
            "Een basisschoollocatie heeft een BRIN-nummer nodig, bijvoorbeeld 12AB00."]

    @pytest.mark.parametrize("brin", ["12AB", "12ab00", "1234AB", "12ABC0", "12AB000"])
    def test_a_malformed_brin_number(self, brin):
        assert "Een BRIN-nummer met vestiging heeft 6 tekens" in messages_of(school(brin_number=brin))["brin_number"][0]

    def test_a_school_has_no_lrk_number(self):
        assert messages_of(school(lrk_number="123456789"))["lrk_number"] == [
            "Een basisschool heeft geen LRK-nummer: laat dit veld leeg."]

    def test_a_childcare_location_has_no_brin_number_and_needs_its_lrk_number(self):
        location = Location(organisation=ChildcareOrganisationFactory(), district=DistrictFactory(), name="Kdv",
                            kind=LocationKind.DAY_CARE, brin_number="12AB00")
        errors = messages_of(location)
        assert errors["brin_number"] == ["Alleen een basisschool heeft een BRIN-nummer: laat dit veld leeg."]
        assert errors["lrk_number"] == ["Een kinderopvanglocatie heeft een LRK-nummer van 9 cijfers nodig."]

    def test_a_school_belongs_to_a_school_board_and_a_board_runs_schools_only(self):
        assert messages_of(school(organisation=ChildcareOrganisationFactory()))["organisation"] == [
            "Een basisschoollocatie hoort bij een schoolbestuur."]
        location = Location(organisation=SchoolBoardFactory(), district=DistrictFactory(), name="Kdv",
                            kind=LocationKind.DAY_CARE, lrk_number="123456789")
        assert messages_of(location)["organisation"] == ["Een schoolbestuur heeft alleen basisschoollocaties."]

    def test_the_brin_number_is_unique(self):
        SchoolLocationFactory(brin_number="12AB00")
        assert "brin_number" in messages_of(school(brin_number="12AB00"))

    @pytest.mark.parametrize("fields", [
        {"kind": LocationKind.PRIMARY_SCHOOL, "lrk_number": "123456789", "brin_number": None},
        {"kind": LocationKind.PRIMARY_SCHOOL, "lrk_number": "123456789", "brin_number": "12AB00"},
        {"kind": LocationKind.DAY_CARE, "lrk_number": None, "brin_number": "12AB00"},
        {"kind": LocationKind.DAY_CARE, "lrk_number": None, "brin_number": None},
    ])
    def test_the_database_keeps_the_pair_consistent(self, fields):
        with pytest.raises(IntegrityError), transaction.atomic():
            Location.objects.create(organisation=SchoolBoardFactory(), district=DistrictFactory(), name="X", **fields)

    def test_a_class_reaches_twelve_years_and_no_further(self):
        location = SchoolLocationFactory()
        Group(location=location, name="Groep 8", min_age_months=132, max_age_months=144).full_clean()
        with pytest.raises(ValidationError):
            Group(location=location, name="Groep 9", min_age_months=132, max_age_months=156).full_clean()


class TestTheAdmin:
    def test_the_functional_administrator_adds_a_school_and_gets_dutch_messages(self, world, client_for):
        client = client_for(world.functional_administrator)
        board = SchoolBoardFactory()
        data = {"organisation": board.pk, "district": world.location_a.district_id, "name": "De Es",
                "kind": "primary_school", "lrk_number": "", "brin_number": "12ab",
                "groups-TOTAL_FORMS": "0", "groups-INITIAL_FORMS": "0"}
        response = client.post("/admin/organisations/location/add/", data)
        assert response.status_code == 200
        assert "Een BRIN-nummer met vestiging heeft 6 tekens" in response.content.decode()
        assert not Location.objects.filter(name="De Es").exists()
        response = client.post("/admin/organisations/location/add/", data | {"brin_number": "12AB00"})
        assert response.status_code == 302
        saved = Location.objects.get(name="De Es")
        assert (saved.brin_number, saved.lrk_number, saved.is_school) == ("12AB00", None, True)

    def test_the_setting_is_off_by_default_and_in_the_configuration(self, world):
        assert ProgrammeConfiguration.objects.count() == 2
        assert not ProgrammeConfiguration.objects.filter(primary_schools_take_part=True).exists()
        field = ProgrammeConfiguration._meta.get_field("primary_schools_take_part")
        from django.utils import translation

        with translation.override("nl"):
            assert str(field.verbose_name) == "de basisscholen van de gemeente doen mee"

    def test_schools_get_no_preventive_group_visits(self, world):
        configuration = world.municipality.configuration
        configuration.preventive_visit_location_kinds = ["toddler_group", "primary_school"]
        with pytest.raises(ValidationError) as error:
            configuration.full_clean()
        assert error.value.message_dict["preventive_visit_location_kinds"] == [
            "Basisscholen krijgen geen preventieve groepsbezoeken."]

    def test_the_coordinator_makes_a_teacher_at_her_school_and_not_at_a_childcare_location(self, world, client_for):
        from django.urls import reverse

        from accounts.models import User

        school_ = SchoolLocationFactory(district=world.location_a.district, name="De Es")
        client = client_for(world.coordinator)
        data = {"email": "juf@example.org", "first_name": "Anke", "last_name": "Smit", "role": Role.TEACHER,
                "location": world.location_a.pk}
        response = client.post(reverse("accounts:membership_create"), data)
        assert response.status_code == 200
        assert "Een leerkracht werkt op een basisschoollocatie." in response.content.decode()
        assert 'value="Anke"' in response.content.decode()
        assert not User.objects.filter(email="juf@example.org").exists()
        response = client.post(reverse("accounts:membership_create"), data | {"location": school_.pk})
        assert response.status_code == 302
        membership = User.objects.get(email="juf@example.org").memberships.get()
        assert (membership.role, membership.location) == (Role.TEACHER, school_)
