"""The home page leads the pm'er and the professionals to the advice of preventive group visits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from observations.services import visit_plan_without_case, visit_record_held_without_case
from tests.casework.conftest import cw  # noqa: F401 - the casework world, as a fixture here too
from tests.observations.factories import days_from_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cw):  # noqa: F811
    visit = visit_plan_without_case(location=cw.location_a, group=cw.group_a, kind="preventive_visit",
                                    starts_at=days_from_now(1), by=cw.coordinator)
    return visit_record_held_without_case(visit=visit, held_at=timezone.now() - datetime.timedelta(hours=2),
                                          hours=[(cw.fixed_specialist, 2)], notes="Overgangen rommelig.",
                                          by=cw.fixed_specialist)


@pytest.mark.parametrize("who", ["pmer_a", "fixed_specialist"])
def test_the_home_page_links_to_the_group_visit_and_its_advice(cw, held, client_for, who):  # noqa: F811
    response = client_for(getattr(cw, who)).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("observations:group_visit", args=[held.pk]) in response.content.decode()


def test_the_youth_nurses_home_page_still_opens(cw, held, client_for):  # noqa: F811
    assert client_for(cw.youth_nurse).get(reverse("home")).status_code == 200
