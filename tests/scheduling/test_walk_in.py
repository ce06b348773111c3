import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Outbox
from scheduling.models import ScheduledVisit, WalkInQuestion
from scheduling.services import walk_in_hour_create

from .test_views import shown

pytestmark = pytest.mark.django_db


def _tomorrow_at(hour):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_nurse_plans_a_walk_in_hour_and_the_workers_are_told(sw, client_for):
    client = client_for(sw.fixed_nurse)
    response = client.post("/schedule/walk-in/new/", {"location": sw.location_a.pk,
                                                       "date": (timezone.localdate() + datetime.timedelta(days=7))
                                                       .isoformat(), "time": "14:00", "hours": "1"})
    assert response.status_code == 302
    item = ScheduledVisit.objects.get(kind="walk_in_hour")
    assert item.visit.kind == "walk_in_hour" and item.visit.case_id is None
    assert set(Outbox.objects.filter(kind="visit_published").values_list("recipient_id", flat=True)) == {
        sw.pmer_a.pk}
    # the pm'er prints the notice; the coordinator sees it; a pm'er of another location does not
    notice = client_for(sw.pmer_a).get(f"/schedule/walk-in/{item.pk}/notice/")
    assert notice.status_code == 200 and sw.location_a.name in notice.content.decode()
    assert client_for(sw.coordinator).get(f"/schedule/walk-in/{item.pk}/notice/").status_code == 200
    assert client_for(sw.pmer_b).get(f"/schedule/walk-in/{item.pk}/notice/").status_code == 404
    assert client_for(sw.pmer_c).get(f"/schedule/walk-in/{item.pk}/notice/").status_code == 404


def test_only_at_her_own_locations_and_not_in_the_past(sw, client_for):
    with pytest.raises(ValidationError):
        walk_in_hour_create(location=sw.location_b, starts_at=_tomorrow_at(14), hours=1, by=sw.fixed_nurse)
    client = client_for(sw.fixed_nurse)
    response = client.post("/schedule/walk-in/new/", {"location": sw.location_a.pk, "date": "2001-01-01",
                                                       "time": "14:00", "hours": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert shown("A walk-in hour cannot be planned in the past.") in html and "2001-01-01" in html
    assert not ScheduledVisit.objects.exists()
    assert client_for(sw.fixed_specialist).get("/schedule/walk-in/new/").status_code == 403


def test_questions_are_recorded_without_a_child_and_only_by_her(sw, client_for):
    item = walk_in_hour_create(location=sw.location_a, starts_at=_tomorrow_at(14), hours=1, by=sw.fixed_nurse)
    # Questions are recorded once the hour has begun (issue 12): let the hour begin.
    ScheduledVisit.objects.filter(pk=item.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    client = client_for(sw.fixed_nurse)
    response = client.post(f"/schedule/walk-in/{item.pk}/", {"topic": "sleep_food", "note": "Slaapritme"})
    assert response.status_code == 400 and "Slaapritme" in response.content.decode()
    response = client.post(f"/schedule/walk-in/{item.pk}/", {"asked_by": "guardian", "topic": "sleep_food",
                                                              "follow_up": "tip", "note": "Slaapritme"})
    assert response.status_code == 302
    question = WalkInQuestion.objects.get()
    assert (question.topic, question.follow_up) == ("sleep_food", "tip")
    assert not hasattr(question, "child_id")
    assert client_for(sw.other_specialist).get(f"/schedule/walk-in/{item.pk}/").status_code == 403
    assert client_for(sw.coordinator).get(f"/schedule/walk-in/{item.pk}/").status_code == 403
