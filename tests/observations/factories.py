"""Cases brought to a given state through the real services, and visits made by them."""

import datetime

from django.utils import timezone

from casework.models import CaseState
from casework.services import case_advance
from observations.services import advice_give, visit_plan, visit_record_held
from tests.casework.factories import ask, fake_request
from tests.consent.factories import consent_for


def days_from_now(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def ready_case(w, *, child=None):
    """An individual case of location A with the guardians' consent, ready to plan."""
    case = ask(w, child=child)
    consent_for(case.child)
    return case_advance(case=case, to=CaseState.READY_TO_PLAN, by=w.pmer_a)


def planned_case(w):
    case = ready_case(w)
    visit_plan(request=fake_request(w.fixed_specialist), case=case, kind="observation",
               starts_at=days_from_now(2), place="Groepsruimte", by=w.fixed_specialist)
    case.refresh_from_db()
    return case


def observed_case(w, **kwargs):
    case = planned_case(w)
    visit_record_held(request=fake_request(w.fixed_specialist), case=case, kind="observation",
                      held_at=timezone.now() - datetime.timedelta(hours=1), hours=[(w.fixed_specialist, 2)],
                      notes=kwargs.get("notes", "Speelt vooral alleen."), by=w.fixed_specialist)
    case.refresh_from_db()
    return case


def advised_case(w):
    case = observed_case(w)
    advice_give(request=fake_request(w.fixed_specialist), case=case, by=w.fixed_specialist, items=[
        {"target": "childcare_worker", "category": "child_approach", "text": "Benoem wat je ziet."},
        {"target": "group", "category": "day_programme", "text": "Vaste volgorde in de ochtend."},
    ])
    case.refresh_from_db()
    return case


def hold_follow_up(w, case, *, by=None, hours=1, **kwargs):
    by = by or w.fixed_specialist
    visit = visit_record_held(request=fake_request(by), case=case, kind="follow_up",
                              held_at=timezone.now() - datetime.timedelta(minutes=30), hours=[(by, hours)],
                              notes="Vervolggesprek", by=by, **kwargs)
    case.refresh_from_db()
    return visit
