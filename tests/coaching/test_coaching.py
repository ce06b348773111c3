"""Coaching on the job (issue 17, items 1 and 3): who records, who sees, what a pm'er reads of her growth."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from coaching.models import CoachingFocus, CoachingMoment, SelfAssessment
from coaching.services import coaching_moment_record
from tests.accounts.factories import member
from tests.organisations.factories import CareProviderFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("coaching:moment_create")
GROWTH = reverse("coaching:growth")
SELF = reverse("coaching:self_assessment_create")


@pytest.fixture
def coaching(world):
    provider = CareProviderFactory(name="Yorneo")
    provider.municipalities.add(world.municipality)
    world.coach = member(Role.SPECIALIST, care_provider=provider)
    world.colleague_a = member(Role.CHILDCARE_WORKER, location=world.location_a)
    world.pmer_c = member(Role.CHILDCARE_WORKER, location=world.location_c)
    return world


def _post(location, **overrides):
    data = {"held_on": timezone.localdate().isoformat(), "occasion": "on_call", "participants": [],
            "competences": ["striking_behaviour"], "methods": ["question"], "discussed": "Bijten in de kring",
            "will_try": "Kring korter maken", "look_back_on": "", "hours": "1,5", "group": ""}
    data.update(overrides)
    return f"{CREATE}?location={location.pk}", data


def _moment(w, **kw):
    values = {"by": w.coach, "location": w.location_a, "group": None, "participants": [w.pmer_a],
              "held_on": timezone.localdate(), "occasion": "on_call", "methods": ["question"],
              "discussed": "Over bijten", "will_try": "", "look_back_on": None, "hours": Decimal("1"),
              "competences": ["striking_behaviour"]}
    values.update(kw)
    return coaching_moment_record(**values)


def test_a_specialist_records_a_coaching_moment_with_a_pmer_and_the_hours_as_typed(coaching, client_for):
    w = coaching
    url, data = _post(w.location_a, participants=[w.pmer_a.pk, w.colleague_a.pk],
                      competences=["striking_behaviour", "parents"], methods=["video", "case"])
    response = client_for(w.coach).post(url, data)
    assert response.status_code == 302 and response.url == reverse("coaching:moments")
    moment = CoachingMoment.objects.get()
    assert moment.hours == Decimal("1.5")
    assert set(moment.participants.all()) == {w.pmer_a, w.colleague_a}
    assert sorted(CoachingFocus.objects.values_list("competence", flat=True)) == ["parents", "striking_behaviour"]
    assert moment.coach_membership.care_provider.name == "Yorneo"
    page = client_for(w.coach).get(reverse("coaching:moments")).content.decode()
    assert "Omgaan met opvallend gedrag" in page and "Locatie A" in page
    assert "<title>Coaching op de werkvloer · Alert4you</title>" in page


def test_the_form_says_that_no_video_is_stored(coaching, client_for):
    page = client_for(coaching.coach).get(f"{CREATE}?location={coaching.location_a.pk}").content.decode()
    assert "slaat geen video op" in page


@pytest.mark.parametrize("field, value, message", [
    ("held_on", "2999-01-01", "Deze datum ligt in de toekomst."),
    ("look_back_on", "2999-01-01", "binnen een jaar"),
    ("hours", "1e309", "Vul een getal in"),
    ("hours", "13", "Vul hoogstens 12 uur in"),
    ("competences", [], "Kies minstens één competentie"),
    ("participants", [], "Kies minstens één pm"),
    ("discussed", "", "Dit veld is verplicht"),
])
def test_bad_input_gets_a_message_and_keeps_what_was_typed(coaching, client_for, field, value, message):
    w = coaching
    url, data = _post(w.location_a, **{"participants": [w.pmer_a.pk], field: value})
    response = client_for(w.coach).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert CoachingMoment.objects.count() == 0
    assert "Kring korter maken" in page or field == "will_try"


def test_a_pmer_of_another_location_cannot_be_chosen(coaching, client_for):
    w = coaching
    url, data = _post(w.location_a, participants=[w.pmer_c.pk])
    response = client_for(w.coach).post(url, data)
    assert response.status_code == 200 and CoachingMoment.objects.count() == 0
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_a_location_outside_her_care_providers_municipalities_is_refused_with_a_message(coaching, client_for):
    w = coaching
    response = client_for(w.coach).get(f"{CREATE}?location={w.location_c.pk}")
    assert response.status_code == 400
    assert "Kies een van je locaties" in response.content.decode()
    response = client_for(w.coach).get(f"{CREATE}?location=abc")
    assert response.status_code == 400


def test_the_same_post_twice_records_one_moment(coaching, client_for):
    w = coaching
    url, data = _post(w.location_a, participants=[w.pmer_a.pk])
    client = client_for(w.coach)
    client.post(url, data)
    second = client.post(url, data)
    assert second.status_code == 302
    assert CoachingMoment.objects.count() == 1


@pytest.mark.parametrize("role", ["pmer_a", "coordinator", "youth_nurse", "privacy_officer", "programme_coordinator"])
def test_only_specialists_record_coaching(coaching, client_for, role):
    w = coaching
    url, data = _post(w.location_a, participants=[w.pmer_a.pk])
    assert client_for(getattr(w, role)).post(url, data).status_code == 403
    assert client_for(getattr(w, role)).get(reverse("coaching:moments")).status_code == 403
    assert CoachingMoment.objects.count() == 0


def test_anonymous_is_sent_to_login(coaching, client):
    for url in (CREATE, GROWTH, SELF, reverse("coaching:moments")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_a_specialist_sees_only_the_moments_she_recorded(coaching, client_for):
    w = coaching
    _moment(w, discussed="Eigen coaching")
    other_provider = CareProviderFactory()
    other_provider.municipalities.add(w.municipality)
    other = member(Role.SPECIALIST, care_provider=other_provider)
    _moment(w, by=other, discussed="Coaching van een ander")
    page = client_for(w.coach).get(reverse("coaching:moments")).content.decode()
    assert "Locatie A" in page
    assert CoachingMoment.objects.visible_to(w.coach).count() == 1
    assert CoachingMoment.objects.visible_to(w.coordinator).count() == 0


def test_her_growth_shows_her_own_moments_per_competence_and_not_a_colleagues(coaching, client_for):
    w = coaching
    _moment(w, discussed="Bijten in de kring", competences=["striking_behaviour"], will_try="Kring korter")
    _moment(w, participants=[w.colleague_a], discussed="Alleen voor de collega", competences=["parents"])
    page = client_for(w.pmer_a).get(GROWTH).content.decode()
    assert "Mijn groei" in page
    assert "Bijten in de kring" in page and "Kring korter" in page
    assert "Alleen voor de collega" not in page


def test_a_self_assessment_is_seen_by_its_author_alone(coaching, client_for):
    w = coaching
    response = client_for(w.pmer_a).post(SELF, {"assessed_on": timezone.localdate().isoformat(),
                                                "child_development": "2", "striking_behaviour": "3",
                                                "asking_for_help": "4", "parents": "5", "note": "Mijn eigen notitie"})
    assert response.status_code == 302 and response.url == GROWTH
    assessment = SelfAssessment.objects.get()
    assert (assessment.child_development, assessment.parents) == (2, 5)
    assert client_for(w.pmer_a).get(GROWTH).content.decode().count("<polyline") == 4
    for role in ("colleague_a", "coach", "coordinator", "privacy_officer", "programme_coordinator"):
        user = getattr(w, role)
        assert SelfAssessment.objects.visible_to(user).count() == 0
        client = client_for(user)
        for url in (GROWTH, reverse("coaching:moments")):
            page = client.get(url)
            assert b"Mijn eigen notitie" not in page.content


@pytest.mark.parametrize("data, message", [
    ({"assessed_on": "2999-01-01"}, "Deze datum ligt in de toekomst."),
    ({"parents": "6"}, "Selecteer een geldige keuze"),
    ({"assessed_on": ""}, "Dit veld is verplicht"),
])
def test_a_bad_self_assessment_gets_a_message(coaching, client_for, data, message):
    w = coaching
    values = {"assessed_on": timezone.localdate().isoformat(), "child_development": "2", "striking_behaviour": "3",
              "asking_for_help": "4", "parents": "5", "note": "bewaard"}
    values.update(data)
    response = client_for(w.pmer_a).post(SELF, values)
    assert response.status_code == 200
    assert message in response.content.decode() and "bewaard" in response.content.decode()
    assert SelfAssessment.objects.count() == 0


def test_the_line_rises_when_she_rates_herself_higher(coaching):
    from coaching.selectors import chart_dots, chart_points

    points = chart_points(chart_dots([(datetime.date(2026, 1, 1), 2), (datetime.date(2026, 6, 1), 4)]))
    (x1, y1), (x2, y2) = (tuple(map(int, p.split(","))) for p in points.split())
    assert x2 > x1 and y2 < y1  # SVG's y grows downwards


def test_growth_counts_the_advice_she_tried_and_the_questions_she_asked(coaching, client_for):
    from observations.models import Advice
    from tests.casework.factories import ask

    w = coaching
    case = ask(w, kind="behaviour")
    ask(w, kind="behaviour", question="Ze slaat.")
    common = {"case": case, "target": "childcare_worker", "category": "child_approach", "given_by": w.coach}
    Advice.objects.create(text="Benoem wat ze goed doet", tried="tried", worked="worked", evaluated_by=w.pmer_a,
                          **common)
    Advice.objects.create(text="Time-out", tried="tried", worked="partly", evaluated_by=w.pmer_a, **common)
    Advice.objects.create(text="Prentenboek", tried="not_tried", evaluated_by=w.pmer_a, **common)
    Advice.objects.create(text="Door een collega", tried="tried", worked="worked", evaluated_by=w.colleague_a,
                          **common)
    page = client_for(w.pmer_a).get(GROWTH).content.decode()
    assert "Je hebt 3 adviezen geëvalueerd: je probeerde er 2, waarvan 1 werkte en 1 deels werkte." in page
    assert "Omgaan met gedrag of interactie van een kind: 2" in page


# The pedagogical coach (issue 17, item 4) ---------------------------------------------------------

@pytest.fixture
def ped_coach(coaching):
    coaching.ped_coach = member(Role.PEDAGOGICAL_COACH, childcare_organisation=coaching.location_a.organisation)
    return coaching


def test_the_pedagogical_coach_records_her_own_coaching_at_her_organisations_location(ped_coach, client_for):
    w = ped_coach
    url, data = _post(w.location_a, participants=[w.pmer_a.pk])
    assert client_for(w.ped_coach).post(url, data).status_code == 302
    moment = CoachingMoment.objects.get()
    assert moment.coach == w.ped_coach
    assert moment.coach_membership.role == Role.PEDAGOGICAL_COACH
    assert client_for(w.ped_coach).get(f"{CREATE}?location={w.location_c.pk}").status_code == 400


def test_the_pedagogical_coach_sees_the_coaching_at_her_organisation_only(ped_coach, client_for):
    w = ped_coach
    _moment(w, discussed="Bij ons")
    _moment(w, location=w.location_b, participants=[w.pmer_b], discussed="Elders")
    assert w.location_b.organisation_id != w.location_a.organisation_id
    assert list(CoachingMoment.objects.visible_to(w.ped_coach).values_list("discussed", flat=True)) == ["Bij ons"]
    page = client_for(w.ped_coach).get(reverse("coaching:moments")).content.decode()
    assert "Locatie A" in page and "Locatie B" not in page


def test_the_pedagogical_coach_reads_no_self_assessment_and_no_child_file(ped_coach, client_for):
    w = ped_coach
    SelfAssessment.objects.create(author=w.pmer_a, assessed_on=timezone.localdate(), child_development=2,
                                  striking_behaviour=2, asking_for_help=2, parents=2, note="Privé")
    assert SelfAssessment.objects.visible_to(w.ped_coach).count() == 0
    client = client_for(w.ped_coach)
    assert client.get(GROWTH).status_code == 403
    assert client.get(reverse("children:list")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert "Pedagogisch coach" in home and reverse("coaching:moments") in home
