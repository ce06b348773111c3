"""The world the fuzzer works in: the demo data (three municipalities, cases in every state,
visits, advice, records, a reporting-code path, a survey round), plus what the demo does not
make yet (a consent request by link, a guardian's decision, a half-year plan, a walk-in hour,
a calendar feed, survey links). Each extra is made through the app's services; when one cannot
be made (the code changed), the world says so and the URLs needing it are reported as uncovered.
"""

import datetime
import io
import traceback
from dataclasses import dataclass, field
from unittest import mock

from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, User
from tests.conftest import verify_second_factor

# One login per role, all in Hoogeveen where the demo has a case in every state.
ROLE_USERS = {
    Role.CHILDCARE_WORKER: "pmer.hoogeveen",
    Role.SPECIALIST: "specialist.hoogeveen",
    Role.YOUTH_NURSE: "nurse.hoogeveen",
    Role.COORDINATOR: "coordinator.hoogeveen",
    Role.PRIVACY_OFFICER: "privacy.hoogeveen",
    Role.SAFEGUARDING_OFFICER: "safeguarding.hoogeveen",
    Role.PROGRAMME_COORDINATOR: "programme",
    Role.FUNCTIONAL_ADMINISTRATOR: "admin",
}
# Amersfoort works with a provider's queue: its planner assigns cases (a specialist too).
# Its coordinator and pm'er see that way of working (no preventive visits, the queue).
EXTRA_USERS = {"planner": "planner.amersfoort", "coordinator_amersfoort": "coordinator.amersfoort",
               "pmer_amersfoort": "pmer.amersfoort", "teacher": "leerkracht.hoogeveen"}


@dataclass
class Actor:
    """Who sends the requests: a role's user with both factors, a user with the password only,
    a guardian after the date-of-birth step of her link, or an anonymous visitor."""

    key: str
    user: User | None = None
    verified: bool = True
    guardian_token: str | None = None
    child_birth_date: datetime.date | None = None

    def client(self) -> Client:
        client = Client()
        if self.user is not None:
            client.force_login(self.user)
            if self.verified:
                verify_second_factor(client, self.user)
        if self.guardian_token:
            response = client.post(f"/consent/g/{self.guardian_token}/",
                                   {"date_of_birth": self.child_birth_date.isoformat()})
            assert response.status_code == 302, f"the guardian's date-of-birth step failed: {response.status_code}"
        return client


@dataclass
class World:
    users: dict = field(default_factory=dict)  # actor key -> User
    actors: dict = field(default_factory=dict)  # actor key -> Actor
    tokens: dict = field(default_factory=dict)  # name -> token string
    ids: dict = field(default_factory=dict)  # name -> id
    problems: list = field(default_factory=list)  # extras that could not be made

    def user(self, key):
        return self.users[key]


def _try(world, what, make):
    try:
        return make()
    except Exception:  # noqa: BLE001 - a missing extra is reported, the rest of the world still works
        world.problems.append(f"{what}: {traceback.format_exc(limit=3).strip().splitlines()[-1]}")
        return None


def _load_demo(world):
    """The demo data. When the demo cannot load (a rule changed under it), that is reported and the
    load retried with the visit-date check off, so that the fuzzing of everything else still runs."""
    try:
        call_command("load_demo_data", stdout=io.StringIO())
    except Exception:  # noqa: BLE001
        world.problems.append("load_demo_data failed: " + traceback.format_exc().strip().splitlines()[-1])
        import observations.services

        if not hasattr(observations.services, "_check_held_date"):
            raise
        with mock.patch.object(observations.services, "_check_held_date", lambda *args, **kwargs: None):
            call_command("load_demo_data", stdout=io.StringIO())


def build_world() -> World:
    world = World()
    _load_demo(world)
    for role, username in ROLE_USERS.items():
        world.users[str(role)] = User.objects.get(username=username)
    for key, username in EXTRA_USERS.items():
        world.users[key] = User.objects.get(username=username)
    for key, user in world.users.items():
        world.actors[key] = Actor(key, user)
    world.actors["unverified"] = Actor("unverified", world.users[str(Role.CHILDCARE_WORKER)], verified=False)
    world.actors["anonymous"] = Actor("anonymous")

    _try(world, "consent request by link", lambda: _consent_by_link(world))
    _try(world, "calendar feed", lambda: _feed(world))
    _try(world, "working days and budgets", lambda: _working_days_and_budgets(world))
    _try(world, "half-year plan", lambda: _plan(world))
    _try(world, "walk-in hour", lambda: _walk_in(world))
    _try(world, "survey links", lambda: _survey_links(world))
    _try(world, "trusted device", lambda: _trusted_device(world))
    _try(world, "notifications", lambda: _notifications(world))
    _try(world, "days away", lambda: _days_away(world))
    _try(world, "reporting-code paths", lambda: _meldcode_paths(world))
    _try(world, "preventive group visit", lambda: _group_visit(world))
    _try(world, "password reset link", lambda: _password_reset(world))
    return world


def _consent_by_link(world):
    """Two requests by e-mail link for children of the Hoogeveen pm'er: one still open (the
    guardian sees the decision form), one decided (receipt, a consent she can withdraw)."""
    from casework.models import Case
    from consent.links import link_token
    from consent.models import ConsentRequest
    from consent.services import consent_decide, consent_request_create

    pmer = world.user(str(Role.CHILDCARE_WORKER))
    children = []
    for case in Case.objects.visible_to(pmer).filter(child__isnull=False).select_related("child").order_by("pk"):
        if case.child not in children and case.child.guardians.exists():
            children.append(case.child)
    open_child, decided_child = children[0], children[1]
    made = {}
    for key, child in (("open", open_child), ("decided", decided_child)):
        guardian = child.guardians.order_by("pk").first()
        consent_request = consent_request_create(child=child, guardian=guardian, purposes=["observation"], by=pmer)
        made[key] = consent_request
        world.ids[f"consent_request_{key}"] = consent_request.pk
        world.tokens[f"guardian_{key}"] = link_token(consent_request)
        world.actors[f"guardian_{key}"] = Actor(f"guardian_{key}", guardian_token=world.tokens[f"guardian_{key}"],
                                                child_birth_date=child.date_of_birth)
    receipt = consent_decide(consent_request=made["decided"], decisions={"observation": "given"},
                             signer_name="Anouk de Vries", relation="mother", language="nl",
                             other_guardian_agrees=True)
    world.ids["receipt"] = receipt.pk
    consent = made["decided"].consents.order_by("pk").first()
    world.ids["consent_decided"] = consent.pk
    ConsentRequest.objects.filter(pk=made["open"].pk).update(short_code="FUZZ1234")


def _feed(world):
    from scheduling.services import feed_renew

    for key in (str(Role.SPECIALIST), str(Role.YOUTH_NURSE)):
        feed = feed_renew(professional=world.user(key), by=world.user(key))
        world.tokens[f"feed_{key}"] = feed.token


def _working_days_and_budgets(world):
    from accounts.models import Membership
    from organisations.models import District
    from scheduling.models import Availability, HourBudget
    from scheduling.services import availability_set, budget_set

    year = timezone.localdate().year
    for membership in Membership.objects.filter(role__in=[Role.SPECIALIST, Role.YOUTH_NURSE]).select_related("user"):
        if not Availability.objects.filter(professional=membership.user).exists():
            availability_set(professional=membership.user, weekdays=[0, 1, 2, 3], by=membership.user)
    coordinator = world.user(str(Role.COORDINATOR))
    for district in District.objects.filter(municipality__name="Hoogeveen"):
        for provider in district.municipality.care_providers.all():
            for y in (year, year + 1):
                if not HourBudget.objects.filter(district=district, care_provider=provider, year=y).exists():
                    budget_set(district=district, care_provider=provider, year=y, hours=400, by=coordinator)
        for service in district.municipality.youth_health_services.all():
            for y in (year, year + 1):
                if not HourBudget.objects.filter(district=district, youth_health_service=service, year=y).exists():
                    budget_set(district=district, youth_health_service=service, year=y, hours=400, by=coordinator)


def _plan(world):
    from organisations.models import Municipality
    from scheduling.models import HalfYearPlan
    from scheduling.services import plan_propose, plan_request

    coordinator = world.user(str(Role.COORDINATOR))
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    plan = HalfYearPlan.objects.filter(municipality=hoogeveen).order_by("pk").first()
    if plan is None:
        today = timezone.localdate()
        year, half = (today.year + 1, 1) if today.month > 6 else (today.year, 2)
        plan = plan_request(municipality=hoogeveen, year=year, half=half, by=coordinator)
        plan = plan_propose(plan=plan)
    world.ids["plan"] = plan.pk


def _walk_in(world):
    from accounts.models import Membership
    from children.models import Child
    from scheduling.services import walk_in_hour_create

    nurse = world.user(str(Role.YOUTH_NURSE))
    locations = Membership.objects.filter(user=nurse, role=Role.YOUTH_NURSE).first().fixed_contact_for.all()
    # At the pm'er's own location, so that she can open the notice for parents too.
    pmer_location = Child.objects.visible_to(world.user(str(Role.CHILDCARE_WORKER))).first().group.location
    location = pmer_location if pmer_location in locations else locations.first()
    starts = timezone.now() + datetime.timedelta(days=7)
    starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
    item = walk_in_hour_create(location=location, starts_at=starts, hours=1, by=nurse)
    world.ids["walk_in"] = item.pk


def _survey_links(world):
    from organisations.models import Municipality
    from surveys.models import Questionnaire, SurveyRound
    from surveys.services import response_start_from_share_link, round_open, share_link_make, share_link_open

    survey_round = SurveyRound.objects.filter(status=SurveyRound.Status.OPEN).order_by("pk").first()
    if survey_round is None:
        survey_round = round_open(title="Fuzz", municipalities=Municipality.objects.all(),
                                  questionnaires=Questionnaire.objects.all(),
                                  closes_on=timezone.localdate() + datetime.timedelta(days=30), reminder_days=[7],
                                  base_url="http://testserver", by=world.user(str(Role.PROGRAMME_COORDINATOR)))
    questionnaire = survey_round.questionnaires.order_by("pk").first()
    municipality = survey_round.municipalities.order_by("pk").first()
    share = share_link_make(survey_round=survey_round, questionnaire=questionnaire, municipality=municipality,
                            by=world.user(str(Role.PROGRAMME_COORDINATOR)))
    world.tokens["survey_share"] = share
    world.tokens["survey_respond"] = response_start_from_share_link(link=share_link_open(token=share))


def _trusted_device(world):
    from accounts.models import TrustedDevice

    for user in world.users.values():
        TrustedDevice.objects.create(user=user, secret_hash="0" * 64, label="fuzz",
                                     expires_at=timezone.now() + datetime.timedelta(days=30))


def _password_reset(world):
    user = world.user(str(Role.CHILDCARE_WORKER))
    world.tokens["reset_uidb64"] = urlsafe_base64_encode(force_bytes(user.pk))
    world.tokens["reset_token"] = default_token_generator.make_token(user)


def _notifications(world):
    """One unread in-app notification per role, linking to her home page (the worker that turns the
    outbox into notifications does not run inside the test's transaction)."""
    from notifications.models import Kind, Notification

    for user in world.users.values():
        Notification.objects.create(recipient=user, kind=Kind.values[0], url="/", about_at=timezone.now())


def _days_away(world):
    from scheduling.services import blocked_period_add

    today = timezone.localdate()
    for key in (str(Role.SPECIALIST), str(Role.YOUTH_NURSE)):
        user = world.user(key)
        blocked_period_add(professional=user, starts_on=today + datetime.timedelta(days=20),
                           ends_on=today + datetime.timedelta(days=22), reason="Cursus", by=user)


def _group_visit(world):
    """A preventive group visit the Hoogeveen specialist held two days ago, with advice for the group."""
    from accounts.models import Membership
    from observations import services
    from observations.models import VisitKind

    specialist = world.user(str(Role.SPECIALIST))
    membership = Membership.objects.filter(user=specialist, role=Role.SPECIALIST).first()
    location = membership.fixed_contact_for.order_by("pk").first()
    if location is None:
        from children.models import Child

        location = Child.objects.visible_to(world.user(str(Role.CHILDCARE_WORKER))).first().group.location
    held = (timezone.now() - datetime.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    visit = services.visit_plan_without_case(location=location, group=location.groups.order_by("pk").first(),
                                             kind=VisitKind.PREVENTIVE_VISIT, starts_at=held, by=specialist)
    services.visit_record_held_without_case(visit=visit, held_at=held, hours=[(specialist, 1)], by=specialist)
    world.ids["group_visit"] = visit.pk
    services.group_visit_advice_give(visit=visit, by=specialist, items=[{
        "target": sorted(services.GROUP_VISIT_TARGETS)[0], "category": sorted(services.GROUP_VISIT_CATEGORIES)[0],
        "text": "Vaste liedjes bij de overgangen."}])


def _meldcode_paths(world):
    """The specialist and the youth nurse each start a reporting-code path, through the page as
    they would (the demo has one, by a pm'er, which they may not see)."""
    from django.urls import reverse

    from children.models import Child

    from .html_forms import read_page

    for key in (str(Role.SPECIALIST), str(Role.YOUTH_NURSE)):
        client = world.actors[key].client()
        for child in Child.objects.visible_to(world.user(key)).order_by("pk")[:5]:
            path = reverse("safeguarding:start", args=[child.pk])
            response = client.get(path)
            if response.status_code != 200:
                continue
            form = next(f for f in read_page(response.content.decode(), path).forms
                        if f.method == "post" and f.action == path)
            data = form.defaults()
            for input_field in form.fields:
                if input_field.kind in ("textarea", "text") and not data.get(input_field.name, [""])[0]:
                    data[input_field.name] = ["Komt vaak hongerig binnen; een blauwe plek op de arm gezien."]
            response = client.post(form.action, data)
            if response.status_code == 302:
                break
        else:
            raise RuntimeError(f"{key} could not start a reporting-code path")
