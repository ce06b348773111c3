"""A known set of requests, cases, visits, consents, advice, referrals, hours and walk-in hours,
made directly in the database at fixed dates, so every figure can be counted by hand.

All of it lies in YEAR (last calendar year: a period the dashboard's form offers)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from casework.models import Case, CaseState, ObservationRequest, Referral
from consent.models import Consent, ConsentEvent
from observations.models import Advice, Visit, VisitHours
from scheduling.models import HourBudget, ScheduledVisit, WalkInQuestion
from tests.accounts.factories import member
from tests.children.factories import ChildFactory
from tests.organisations.factories import CareProviderFactory, DistrictFactory, GroupFactory, LocationFactory

YEAR = timezone.localdate().year - 1


def at(month, day, hour=10, year=None):
    return datetime.datetime(year or YEAR, month, day, hour, tzinfo=timezone.get_current_timezone())


def request_with_case(*, location, group, by, kind, subject="child", created, provider=None, child=None,
                      wait_days=None, state=CaseState.OBSERVED, outcome="", closed=None, follow_ups=0):
    request = ObservationRequest.objects.create(
        location=location, group=group, subject=subject, kind=kind, question="Vraag", requested_by=by,
        created_at=created)
    individual = subject == "child"
    if individual and child is None:
        child = ChildFactory(group=group)
    case = Case.objects.create(
        request=request, kind="individual" if individual else "group", child=child if individual else None,
        state=CaseState.CLOSED if outcome else state, outcome=outcome, care_provider=provider, opened_at=created,
        closed_at=closed if outcome else None, follow_ups=follow_ups)
    if wait_days is not None:
        Visit.objects.create(case=case, kind="observation" if individual else "group_visit", status="held",
                             location=location, group=group, starts_at=created + datetime.timedelta(days=wait_days))
    return case


class Known:
    """Hoogeveen: district 1 (locations A, B of the shared world), district 2 (location D);
    Amersfoort: location C. See tests/monitoring/test_figures.py for the hand counts."""

    def __init__(self, world):
        w = world
        self.w = w
        self.district1 = w.location_a.district
        self.district2 = DistrictFactory(municipality=w.municipality, name="Wijk Twee")
        self.location_d = LocationFactory(district=self.district2, name="Locatie D")
        self.group_d = GroupFactory(location=self.location_d, name="Uilen")
        self.p1 = CareProviderFactory(name="Yorneo")
        self.p2 = CareProviderFactory(name="Youké")
        self.p1.municipalities.add(w.municipality)
        self.p2.municipalities.add(w.municipality, w.other_municipality)
        self.pmer_d = member("childcare_worker", location=self.location_d)
        self.cases = []
        # R1: 7 questions about one child (behaviour) at A, Jan; first observation after 1..7
        # days; closed 1 April: 5 resolved, 2 referred; 2 follow-up talks each.
        for i in range(7):
            self.cases.append(request_with_case(
                location=w.location_a, group=w.group_a, by=w.pmer_a, kind="behaviour", created=at(1, 10),
                provider=self.p1, wait_days=i + 1, outcome="resolved" if i < 5 else "referred", closed=at(4, 1),
                follow_ups=2))
        # R2: 3 questions about the group (group processes) at B, Feb; planned, no visit yet.
        for _ in range(3):
            self.cases.append(request_with_case(
                location=w.location_b, group=w.group_b, by=w.pmer_b, kind="group_processes", subject="group",
                created=at(2, 10), provider=self.p1, state=CaseState.PLANNED))
        # R3: 12 about one child (development) at D, 1 March; waits 10..21 days; closed 1 Sept:
        # 6 resolved, 5 referred, 1 guardians declined; no follow-up talks.
        outcomes = ["resolved"] * 6 + ["referred"] * 5 + ["guardians_declined"]
        for i in range(12):
            self.cases.append(request_with_case(
                location=self.location_d, group=self.group_d, by=self.pmer_d, kind="development", created=at(3, 1),
                provider=self.p2, wait_days=10 + i, outcome=outcomes[i], closed=at(9, 1)))
        # Amersfoort: 3 about one child at C, Jan; waits of 100 days; resolved in April.
        for _ in range(3):
            self.cases.append(request_with_case(
                location=w.location_c, group=w.group_c, by=w.pmer_a, kind="behaviour", created=at(1, 10),
                provider=self.p2, wait_days=100, outcome="resolved", closed=at(4, 1)))


def add_consents(known, plan):
    """plan: [(kinds of events in order, signers_required)] for consents on children at A."""
    w = known.w
    for kinds, required in plan:
        consent = Consent.objects.create(child=w.children_a[0], purpose="observation", party="specialist",
                                         signers_required=required, channel="online")
        Consent.objects.filter(pk=consent.pk).update(created_at=at(5, 1))
        for n, kind in enumerate(kinds):
            ConsentEvent.objects.create(consent=consent, kind=kind, at=at(5, 2 + n), channel="online",
                                        signer_key=f"g{n}" if kind == "given" else "",
                                        valid_until=datetime.date(YEAR + 5, 1, 1) if kind == "given" else None)


def add_advice(known, rows):
    """rows: [(target, category, tried, worked, count)] on R1's first case, given in May."""
    case = known.cases[0]
    for target, category, tried, worked, count in rows:
        for _ in range(count):
            Advice.objects.create(case=case, target=target, category=category, text="Tip", given_by=known.w.specialist,
                                  given_at=at(5, 3), tried=tried, worked=worked)


def add_referrals(known, targets):
    for target, count in targets:
        for i in range(count):
            case = known.cases[i]
            Referral.objects.create(case=case, child=case.child, target=target, receiving_party="Logopedie",
                                    reason="Nodig", started_by=known.w.youth_nurse, created_at=at(4, 2))


def add_hours_and_walk_ins(known):
    """District 1: 12,5 hours used (on R1's visits) against a budget of 100; district 2: 3 hours
    against 40. Walk-in hours at A: 3 planned, 2 held; 6 questions on development, 2 on sleep."""
    w = known.w
    visit = Visit.objects.filter(case=known.cases[0]).first()
    VisitHours.objects.create(visit=visit, professional=w.specialist, care_provider=known.p1,
                              district=known.district1, hours=Decimal("12.5"))
    visit_d = Visit.objects.filter(case__request__location=known.location_d).first()
    VisitHours.objects.create(visit=visit_d, professional=w.specialist, care_provider=known.p2,
                              district=known.district2, hours=Decimal("3"))
    HourBudget.objects.create(district=known.district1, care_provider=known.p1, year=YEAR, hours=Decimal("100"))
    HourBudget.objects.create(district=known.district2, care_provider=known.p2, year=YEAR, hours=Decimal("40"))
    nurse = w.youth_nurse
    for i, status in enumerate(["held", "held", "planned"]):
        v = Visit.objects.create(kind="walk_in_hour", status=status, location=w.location_a, starts_at=at(6, 1 + i))
        scheduled = ScheduledVisit.objects.create(kind="walk_in_hour", location=w.location_a, professional=nurse,
                                                  starts_at=at(6, 1 + i), expected_hours=Decimal("1"), visit=v)
        if status == "held":
            for topic, count in (("development", 3), ("sleep_food", 1)):
                for _ in range(count):
                    WalkInQuestion.objects.create(scheduled=scheduled, asked_by="guardian", topic=topic,
                                                  follow_up="none", recorded_by=nurse, recorded_at=at(6, 1 + i))
    for i, status in enumerate(["held", "held", "held", "planned", "cancelled"]):
        Visit.objects.create(kind="preventive_visit", status=status, location=w.location_a, group=w.group_a,
                             starts_at=at(10, 1 + i))
