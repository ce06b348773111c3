import pytest

from accounts.models import Membership, Role
from tests.accounts.factories import member
from tests.organisations.factories import CareProviderFactory, YouthHealthServiceFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cw(world):
    """The world, plus Hoogeveen's way of working staffed: a specialist of the care provider who is
    the fixed contact of location A, a youth nurse as fixed contact, and a second specialist."""
    w = world
    w.care_provider = CareProviderFactory(name="Yorneo")
    w.care_provider.municipalities.add(w.municipality)
    w.ggd = YouthHealthServiceFactory(name="GGD Drenthe")
    w.ggd.municipalities.add(w.municipality)
    w.fixed_specialist = member(Role.SPECIALIST, care_provider=w.care_provider)
    Membership.objects.get(user=w.fixed_specialist).fixed_contact_for.add(w.location_a, w.location_b)
    w.other_specialist = member(Role.SPECIALIST, care_provider=w.care_provider)
    w.fixed_nurse = member(Role.YOUTH_NURSE, youth_health_service=w.ggd)
    Membership.objects.get(user=w.fixed_nurse).fixed_contact_for.add(w.location_a)
    # Amersfoort (provider queue) with a planner
    w.youke = CareProviderFactory(name="Youké")
    w.youke.municipalities.add(w.other_municipality)
    w.planner = member(Role.SPECIALIST, care_provider=w.youke)
    Membership.objects.filter(user=w.planner).update(is_planner=True)
    w.youke_specialist = member(Role.SPECIALIST, care_provider=w.youke)
    w.pmer_c = member(Role.CHILDCARE_WORKER, location=w.location_c)
    w.coordinator_c = member(Role.COORDINATOR, municipality=w.other_municipality)
    return w

