import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations.models import Location, ProgrammeConfiguration
from organisations.services import municipality_create
from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lrk", ["12345678", "1234567890", "12345678a", "123 456 789"])
def test_lrk_number_must_be_nine_digits(lrk):
    location = LocationFactory.build(district=DistrictFactory(), lrk_number=lrk)
    location.organisation.save()
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert "lrk_number" in error.value.message_dict


def test_the_database_refuses_a_bad_lrk_number_too():
    location = LocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.filter(pk=location.pk).update(lrk_number="12345")


def test_a_valid_lrk_number_passes():
    LocationFactory(lrk_number="123456789").full_clean()


def test_group_age_range_is_checked():
    group = GroupFactory.build(location=LocationFactory(), min_age_months=30, max_age_months=12)
    with pytest.raises(ValidationError):
        group.full_clean()


def test_the_three_presets_set_the_ways_of_working():
    hoogeveen = municipality_create(name="Hoogeveen", preset="hoogeveen").configuration
    amersfoort = municipality_create(name="Amersfoort", preset="amersfoort").configuration
    amsterdam = municipality_create(name="Amsterdam", preset="amsterdam").configuration
    assert (hoogeveen.preventive_visits_per_year, hoogeveen.walk_in_hours_per_year) == (2, 2)
    assert hoogeveen.nurse_involved_before_observation and hoogeveen.referral_starters == ["youth_nurse"]
    assert hoogeveen.evaluation_meetings_per_year == 2
    assert set(hoogeveen.review_talk_participants) == {"guardians", "childcare_worker", "youth_nurse", "specialist"}
    assert (amersfoort.max_follow_ups, amersfoort.intake_talk, amersfoort.assignment) == (5, True, "provider_queue")
    assert amersfoort.preventive_visits_per_year == 0
    assert amsterdam.individual_observation == ProgrammeConfiguration.IndividualObservation.GROUP_VISIT
    assert (amsterdam.guardians_involved, amsterdam.referral_target) == (False, "Okido")


def test_a_municipality_owns_its_copy_of_the_preset():
    first = municipality_create(name="Hoogeveen", preset="hoogeveen")
    second = municipality_create(name="De Wolden", preset="hoogeveen")
    first.configuration.preventive_visits_per_year = 3
    first.configuration.save()
    second.configuration.refresh_from_db()
    assert second.configuration.preventive_visits_per_year == 2


def test_a_configuration_with_an_unknown_role_is_refused():
    configuration = municipality_create(name="Hoogeveen", preset="hoogeveen").configuration
    configuration.referral_starters = ["janitor"]
    with pytest.raises(ValidationError) as error:
        configuration.full_clean()
    assert "referral_starters" in error.value.message_dict
