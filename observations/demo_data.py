"""Demo cases with visits and advice, made through the real services so that the demo shows
exactly what the app records (states, timeline, hours, audit rows). Idempotent: a municipality's
demo case is made once, found again by its question. Called by `load_demo_data`."""

import datetime

from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from casework.models import Case
from casework.services import case_assign, case_record_paper_consent, request_create
from children.models import Child
from organisations.models import Location

from .models import Advice
from .services import advice_evaluate, advice_give, visit_plan, visit_record_held

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INDIVIDUAL_QUESTION = "Ze praat nog weinig en wijst vooral naar wat ze wil. Hoe helpen we haar taal op gang?"
PLANNED_QUESTION = "Hij raakt in paniek bij de overgang naar buiten spelen. Hoe bereiden we hem voor?"
GROUP_QUESTION = "Een kind bijt als het druk is in de kring. Hoe kan ik de kring anders aanpakken?"


def _request(user):
    request = RequestFactory().get("/demo/", REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="load_demo_data")
    request.user = user
    return request


def _at(days_ago, hour):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _ask(pmer, location, child, question, subject="child"):
    existing = Case.objects.filter(request__requested_by=pmer, request__question=question).first()
    if existing is not None:
        return existing, False
    group = child.group if child else location.groups.order_by("name").first()
    case = request_create(request=_request(pmer), location=location, group=group, subject=subject,
                          kind="development" if subject == "child" and child else "behaviour",
                          question=question, already_tried="Veel benoemen en voorlezen.", urgency="normal",
                          child=child, by=pmer)
    return case, True


def _ensure_assigned(case, specialist, coordinator):
    if case.assigned_to_id is None:
        case = case_assign(case=case, to=specialist, by=coordinator)
    return Case.objects.with_related().get(pk=case.pk)


def _consent(case, pmer):
    case_record_paper_consent(
        request=_request(pmer), case=case, by=pmer, signed_by="Anouk de Vries", relation="mother",
        signed_on=timezone.localdate() - datetime.timedelta(days=20), purposes=["observation"],
        parties=["specialist", "youth_nurse"], scan=ContentFile(PDF, name="toestemming.pdf"),
    )
    return Case.objects.with_related().get(pk=case.pk)


def load_demo_visits() -> int:
    """Returns how many demo cases it made."""
    made = 0
    # Hoogeveen: an individual observation, advice (one evaluated by the pm'er) and a follow-up talk;
    # a second case with its observation still planned.
    pmer, specialist = User.objects.get(username="pmer.hoogeveen"), User.objects.get(username="specialist.hoogeveen")
    coordinator = User.objects.get(username="coordinator.hoogeveen")
    location = pmer.memberships.filter(location__isnull=False).first().location
    children = list(Child.objects.filter(group__location=location).order_by("first_name", "last_name")[:2])
    case, created = _ask(pmer, location, children[0], INDIVIDUAL_QUESTION)
    if created:
        made += 1
        case = _consent(_ensure_assigned(case, specialist, coordinator), pmer)
        by = case.assigned_to
        visit_plan(request=_request(by), case=case, kind="observation", starts_at=_at(-1, 9),
                   place="Groepsruimte", by=by)
        case = Case.objects.with_related().get(pk=case.pk)
        hours = [(by, 2)] + ([(case.nurse, 1)] if case.nurse else [])
        visit_record_held(request=_request(by), case=case, kind="observation", held_at=_at(7, 9),
                          hours=hours, participants=["specialist", "childcare_worker"],
                          notes="Speelt vooral naast andere kinderen; wijst en kijkt de pm'er aan als ze iets wil. "
                                "Reageert goed als het woord voor haar wordt benoemd.", by=by)
        advice_give(request=_request(by), case=case, by=by, items=[
            {"target": "childcare_worker", "category": "child_approach",
             "text": "Benoem wat ze aanwijst en wacht even zodat zij het woord kan herhalen."},
            {"target": "group", "category": "day_programme",
             "text": "Vaste liedjes bij de overgangen, zodat de dag voorspelbaar is."},
            {"target": "guardian", "category": "guardian_talk",
             "text": "Bespreek met de ouders hoe ze thuis samen prentenboeken lezen."},
        ])
        case = Case.objects.with_related().get(pk=case.pk)
        first = Advice.objects.filter(case=case).order_by("pk").first()
        advice_evaluate(request=_request(pmer), advice=first, tried="tried", worked="partly",
                        remark="Ze zegt vaker een woord, vooral bij het eten.", by=pmer)
        visit_record_held(request=_request(by), case=case, kind="follow_up", held_at=_at(1, 14),
                          hours=[(by, 1)], participants=["specialist", "childcare_worker"],
                          notes="Taal komt op gang; advies over voorlezen nog niet geprobeerd.",
                          advice_remarks={first.pk: "Werkt ook bij het eten."}, by=by)
    if len(children) > 1:
        case, created = _ask(pmer, location, children[1], PLANNED_QUESTION)
        if created:
            made += 1
            case = _consent(_ensure_assigned(case, specialist, coordinator), pmer)
            visit_plan(request=_request(case.assigned_to), case=case, kind="observation", starts_at=_at(-3, 10),
                       place="Groepsruimte en buitenspeelplaats", by=case.assigned_to)

    # Amsterdam: a question about one child becomes a group visit on the pm'er's own handling.
    pmer = User.objects.get(username="pmer.amsterdam")
    specialist = User.objects.get(username="specialist.amsterdam")
    coordinator = User.objects.get(username="coordinator.amsterdam")
    location = pmer.memberships.filter(location__isnull=False).first().location
    case, created = _ask(pmer, Location.objects.get(pk=location.pk), None, GROUP_QUESTION)
    if created:
        made += 1
        case = _ensure_assigned(case, specialist, coordinator)
        by = case.assigned_to
        visit_plan(request=_request(by), case=case, kind="group_visit", starts_at=_at(-1, 9), by=by)
        case = Case.objects.with_related().get(pk=case.pk)
        visit_record_held(request=_request(by), case=case, kind="group_visit", held_at=_at(2, 9),
                          hours=[(by, 3)], participants=["specialist", "childcare_worker"],
                          notes="Kring duurt lang; de pm'er zit tegenover de drukste kinderen. Besproken: korter, "
                                "naast het kind zitten, vooraf benoemen wat er gaat gebeuren.", by=by)
        advice_give(request=_request(by), case=Case.objects.with_related().get(pk=case.pk), by=by, items=[
            {"target": "childcare_worker", "category": "group_dynamics",
             "text": "Houd de kring kort en ga naast het kind zitten dat het moeilijk heeft."},
        ])
    assert not Case.objects.filter(request__question=GROUP_QUESTION, child__isnull=False).exists()
    return made


