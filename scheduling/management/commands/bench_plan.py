"""How long the half-year plan takes: for the demo municipality with the most counting groups and
for a synthetic municipality of 400 locations. Everything it creates is rolled back.

    python manage.py bench_plan [--locations 400]
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from organisations.models import ChildcareOrganisation, District, Group, Location, LocationKind, Municipality
from organisations.services import municipality_create
from scheduling.models import Availability, HalfYearPlan, HourBudget, PlanStatus
from scheduling.services import counting_groups, plan_propose


class Rollback(Exception):
    pass


def _next_half():
    today = timezone.localdate()
    return (today.year, 2) if today.month <= 6 else (today.year + 1, 1)


def _time_plan(municipality, by):
    year, half = _next_half()
    # One plan per half year: a plan the demo already has is worked out anew (inside the rollback).
    plan, _created = HalfYearPlan.objects.update_or_create(
        municipality=municipality, year=year, half=half,
        defaults={"requested_by": by, "status": PlanStatus.REQUESTED, "unplaced": []})
    started = time.perf_counter()
    plan = plan_propose(plan=plan)
    return time.perf_counter() - started, plan.items.count(), len(plan.unplaced)


class Command(BaseCommand):
    help = "Time the half-year plan for the largest demo municipality and a synthetic one."

    def add_arguments(self, parser):
        parser.add_argument("--locations", type=int, default=400)

    def handle(self, *args, locations, **options):
        self._bench_demo()
        self._bench_synthetic(locations)

    def _report(self, label, seconds, placed, unplaced):
        self.stdout.write(f"{label}: {seconds * 1000:.0f} ms, {placed} visits placed, {unplaced} groups not placed")

    def _bench_demo(self):
        candidates = [m for m in Municipality.objects.select_related("configuration")
                      if m.configuration.preventive_visits_per_year]
        if not candidates:
            self.stdout.write("No demo municipality with preventive visits: run load_demo_data first.")
            return
        largest = max(candidates, key=lambda m: counting_groups(m.configuration).count())
        try:
            with transaction.atomic():
                by = User.objects.create(username="bench-coordinator")
                self._staff_demo(largest)
                self._report(f"{largest.name} ({counting_groups(largest.configuration).count()} groups)",
                             *_time_plan(largest, by))
                raise Rollback
        except Rollback:
            pass

    def _staff_demo(self, municipality):
        """Demo data has no working days or budgets yet: give the fixed specialists four working
        days and each district a large budget (rolled back with the rest), so the plan is real work."""
        from organisations.models import CareProvider

        year, _half = _next_half()
        specialists = User.objects.filter(memberships__role=Role.SPECIALIST, memberships__active=True,
                                          memberships__fixed_contact_for__district__municipality=municipality)
        for user in specialists.distinct().exclude(availability__isnull=False):
            Availability.objects.create(professional=user, weekdays=[0, 1, 2, 3])
        for provider in CareProvider.objects.filter(municipalities=municipality):
            for district in municipality.districts.all():
                HourBudget.objects.get_or_create(district=district, care_provider=provider, year=year,
                                                 defaults={"hours": 10_000})

    def _bench_synthetic(self, count):
        try:
            with transaction.atomic():
                self._synthetic(count)
                raise Rollback
        except Rollback:
            pass

    def _synthetic(self, count):
        year, _half = _next_half()
        municipality = municipality_create(name="Bench synthetic", preset="hoogeveen")
        organisation = ChildcareOrganisation.objects.create(name="Bench childcare")
        districts = District.objects.bulk_create([District(municipality=municipality, name=f"Wijk {i}")
                                                  for i in range(10)])
        locations = Location.objects.bulk_create([
            Location(organisation=organisation, district=districts[i % 10], name=f"Locatie {i}",
                     kind=LocationKind.TODDLER_GROUP, lrk_number=f"{900000000 + i:09d}") for i in range(count)])
        Group.objects.bulk_create([Group(location=loc, name=name, min_age_months=24, max_age_months=48)
                                   for loc in locations for name in ("Peuters", "VVE")])
        from organisations.models import CareProvider

        provider = CareProvider.objects.create(name="Bench provider")
        provider.municipalities.add(municipality)
        specialists = User.objects.bulk_create([User(username=f"bench-specialist-{i}") for i in range(count // 20)])
        for index, user in enumerate(specialists):
            membership = Membership.objects.create(user=user, role=Role.SPECIALIST, care_provider=provider)
            membership.fixed_contact_for.add(*locations[index * 20:(index + 1) * 20])
        Availability.objects.bulk_create([Availability(professional=u, weekdays=[0, 1, 2, 3]) for u in specialists])
        HourBudget.objects.bulk_create([HourBudget(district=d, care_provider=provider, year=year, hours=10_000)
                                        for d in districts])
        by = User.objects.create(username="bench-coordinator")
        self._report(f"Synthetic ({count} locations, {2 * count} groups, {len(specialists)} specialists)",
                     *_time_plan(municipality, by))
