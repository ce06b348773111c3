import pytest
from django.utils import timezone

from scheduling.models import HourBudget
from scheduling.services import availability_set
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def sw(cw):  # noqa: F811
    """The staffed world with the fixed specialist working Monday to Wednesday and a budget of 20
    hours next year for Yorneo in location A and B's district."""
    w = cw
    w.district = w.location_a.district
    availability_set(professional=w.fixed_specialist, weekdays=[0, 1, 2], by=w.fixed_specialist)
    w.budget = HourBudget.objects.create(district=w.district, care_provider=w.care_provider, year=NEXT_YEAR,
                                         hours=20)
    return w
