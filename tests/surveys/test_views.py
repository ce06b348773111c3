import csv
import datetime
import io
import random
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from surveys import services
from surveys.models import Answer, Invitation, Question, Questionnaire, Reminder, Response
from tests.accounts.factories import member
from tests.organisations.factories import MunicipalityFactory

from .factories import open_round, questionnaire, submitted_response

pytestmark = pytest.mark.django_db


def link_from(message):
    # Links in e-mails are absolute on SITE_URL (tests/surveys/test_real_use.py); the path is what opens.
    return re.search(rf"{re.escape(settings.SITE_URL)}(/surveys/answer/[^\s]+/)", message.body).group(1)


# --- coordinators: access ---------------------------------------------------------------------

def test_a_coordinator_opens_a_round_for_her_municipality(world, client_for):
    client = client_for(world.coordinator)
    pmer, specialist = questionnaire("pmer"), questionnaire("specialist")
    response = client.post(reverse("surveys:round_create"), {
        "title": "Voorjaar", "municipalities": [world.municipality.pk], "questionnaires": [pmer.pk, specialist.pk],
        # Within the year ahead a round may run (tests/surveys/test_real_use.py).
        "closes_on": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(), "reminder_days": "7, 14",
    })
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Voorjaar" in detail.content.decode()


def test_round_form_refuses_another_municipality_and_bad_input_with_messages(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(reverse("surveys:round_create"), {
        "title": "Voorjaar", "municipalities": [world.other_municipality.pk],
        "questionnaires": [questionnaire("pmer").pk], "closes_on": "geen datum", "reminder_days": "zeven",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"municipalities", "closes_on", "reminder_days"}
    assert form.data["title"] == "Voorjaar"  # nothing lost
    assert 'value="Voorjaar"' in response.content.decode()


def test_coordinators_see_only_rounds_of_their_municipality(world, client_for):
    mine = open_round([world.municipality])
    other = open_round([world.other_municipality])
    client = client_for(world.coordinator)
    assert client.get(reverse("surveys:round_detail", args=[mine.pk])).status_code == 200
    for name in ("surveys:round_detail", "surveys:analysis", "surveys:export"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    page = client.get(reverse("surveys:round_list")).content.decode()
    assert reverse("surveys:round_detail", args=[other.pk]) not in page


def test_programme_coordinator_sees_every_municipality(world, client_for):
    survey_round = open_round([world.municipality, world.other_municipality])
    response = client_for(world.programme_coordinator).get(reverse("surveys:round_detail", args=[survey_round.pk]))
    names = {row["municipality"].name for row in response.context["rows"]}
    assert names == {"Hoogeveen", "Amersfoort"}
    response = client_for(world.coordinator).get(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert {row["municipality"].name for row in response.context["rows"]} == {"Hoogeveen"}


@pytest.mark.parametrize("name", ["round_list", "round_create", "questionnaire_list"])
def test_other_roles_and_anonymous_are_refused(world, client, client_for, name):
    url = reverse(f"surveys:{name}")
    assert client.get(url).status_code == 302  # to the login page
    for user in (world.pmer_a, world.specialist, world.privacy_officer):
        assert client_for(user).get(url).status_code == 403


def test_other_roles_are_refused_a_round(world, client_for):
    survey_round = open_round([world.municipality])
    for user in (world.pmer_a, world.youth_nurse):
        assert client_for(user).get(reverse("surveys:analysis", args=[survey_round.pk])).status_code == 403


# --- invitations, respondents, the tie cut ------------------------------------------------------

def test_invitation_mail_carries_only_a_link_and_the_token_is_stored_hashed(
    world, client_for, django_capture_on_commit_callbacks
):
    survey_round = open_round([world.municipality])
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:round_detail", args=[survey_round.pk]), {
            "action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
            "invite-municipality": world.municipality.pk, "invite-emails": "a@example.org\nb@example.org",
        })
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    path = link_from(mail.outbox[0])
    token = path.split("/")[-2]
    assert not Invitation.objects.filter(token_hash__contains=token).exists()
    assert all(len(h) == 64 for h in Invitation.objects.values_list("token_hash", flat=True))
    assert "Hoogeveen" not in mail.outbox[0].body


def test_invitation_form_bad_addresses_get_a_message_and_keep_the_text(world, client_for):
    survey_round = open_round([world.municipality])
    response = client_for(world.coordinator).post(reverse("surveys:round_detail", args=[survey_round.pk]), {
        "action": "invite", "invite-questionnaire": questionnaire("pmer").pk,
        "invite-municipality": world.municipality.pk, "invite-emails": "a@example.org\ngeen-adres",
    })
    assert response.status_code == 200
    assert "geen-adres" in response.context["invite_form"].errors["emails"][0]
    assert "a@example.org" in response.content.decode()
    assert not Invitation.objects.exists()


def _invite(survey_round, municipality, email="pm@example.org"):
    services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                              municipality=municipality, emails=[email], by=None)


def test_respondent_stops_resumes_and_submits_and_the_tie_is_cut(world, client, django_capture_on_commit_callbacks):
    survey_round = open_round([world.municipality])
    with django_capture_on_commit_callbacks(execute=True):
        _invite(survey_round, world.municipality)
    path = link_from(mail.outbox[-1])
    page = client.get(path)
    assert page.status_code == 200
    first = page.context["section"]
    q_years = first.questions.get(code="years_with_alert4you")
    response = client.post(path, {f"q_{q_years.pk}": "3-5", "step": "stop"})
    assert [t.name for t in response.templates][0] == "surveys/paused.html"
    assert path in response.content.decode()  # the respondent's own link to resume
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.STARTED
    stored = Response.objects.get()
    assert stored.key_hash and stored.submitted_on is None
    # Resume: the same link shows the saved answer.
    again = client.get(path)
    assert again.context["form"].initial[f"q_{q_years.pk}"] == "3-5"
    # Walk to the last page and submit.
    pages = Questionnaire.objects.get(key="pmer", version=1).sections.count()
    for index in range(1, pages - 1):  # page 1 was answered above; the others are left open
        client.post(f"{path}?page={index}", {"step": "next"})
    done = client.post(f"{path}?page={pages - 1}", {"step": "submit"})
    assert done.status_code == 302 and done["Location"] == reverse("surveys:thanks")
    stored.refresh_from_db()
    invitation.refresh_from_db()
    assert stored.submitted_on is not None and stored.key_hash is None
    assert invitation.status == Invitation.Status.SUBMITTED and invitation.email == ""
    assert Answer.objects.filter(response=stored, question=q_years, value="3-5").exists()
    # The link now only says thank you; no answers shown.
    after = client.get(path)
    assert after.context["already"] is True
    assert "form" not in after.context


def test_bad_answer_gets_a_message_next_to_the_field_and_nothing_is_lost(world, client):
    survey_round = open_round([world.municipality])
    link = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                    municipality=world.municipality, by=None)
    start = client.post(reverse("surveys:share", args=[link]))
    respond_path = start["Location"]
    page = client.get(respond_path)
    q_years = page.context["section"].questions.get(code="years_with_alert4you")
    q_hours = page.context["section"].questions.get(code="hours_per_week")
    bad = client.post(respond_path, {f"q_{q_years.pk}": "99", f"q_{q_hours.pk}": "2", "step": "next"})
    assert bad.status_code == 200
    assert f"q_{q_years.pk}" in bad.context["form"].errors
    assert bad.context["form"].data[f"q_{q_hours.pk}"] == "2"
    assert not Answer.objects.exists()


@pytest.mark.parametrize("token", ["nonsense", "abc:def:ghi"])
def test_a_wrong_link_gives_a_clear_page(client, token):
    for name in ("surveys:respond", "surveys:share"):
        response = client.get(reverse(name, args=[token]))
        assert response.status_code == 404
        assert "link" in response.content.decode().lower()


def test_an_expired_link_gives_a_clear_page(world, client, settings, monkeypatch):
    survey_round = open_round([world.municipality])
    link = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                    municipality=world.municipality, by=None)
    import datetime
    monkeypatch.setattr(services, "LINK_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.get(reverse("surveys:share", args=[link]))
    assert response.status_code == 410


def test_a_closed_round_refuses_answers(world, client):
    survey_round = open_round([world.municipality])
    link = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                    municipality=world.municipality, by=None)
    services.round_close(survey_round=survey_round, by=None)
    assert client.get(reverse("surveys:share", args=[link])).status_code == 410
    assert client.post(reverse("surveys:share", args=[link])).status_code == 410
    assert not Response.objects.exists()


def test_share_link_resumes_on_the_same_device_and_starts_fresh_on_another(world, client):
    from django.test import Client

    survey_round = open_round([world.municipality])
    link = services.share_link_make(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                    municipality=world.municipality, by=None)
    url = reverse("surveys:share", args=[link])
    assert client.get(url).status_code == 200  # a start page; nothing made on GET
    assert not Response.objects.exists()
    first = client.post(url)["Location"]
    assert client.get(url)["Location"] == first  # same device: back to the same response
    other = Client().post(url)["Location"]
    assert other != first and Response.objects.count() == 2


# --- reminders ---------------------------------------------------------------------------------

def test_reminders_are_sent_once_per_invitation_and_due_moment(world, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    survey_round = open_round([world.municipality], reminder_days=(7,))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(survey_round=survey_round, questionnaire=questionnaire("pmer"),
                                  municipality=world.municipality, emails=["a@example.org", "b@example.org"], by=None)
    first_link = link_from(mail.outbox[0])
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=later) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=later) == 0  # idempotent
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2
    new_link = link_from(mail.outbox[0])
    assert new_link != first_link
    assert "a@example.org" not in mail.outbox[0].body


def test_a_reminder_keeps_the_answers_given_so_far(world, client, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    survey_round = open_round([world.municipality], reminder_days=(7,))
    with django_capture_on_commit_callbacks(execute=True):
        _invite(survey_round, world.municipality)
    path = link_from(mail.outbox[-1])
    page = client.get(path)
    q_years = page.context["section"].questions.get(code="years_with_alert4you")
    client.post(path, {f"q_{q_years.pk}": "gt5", "step": "stop"})
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send_due(now=timezone.now() + datetime.timedelta(days=8))
    new_path = link_from(mail.outbox[-1])
    assert client.get(path).status_code == 404  # the old link was replaced
    resumed = client.get(new_path)
    assert resumed.context["form"].initial[f"q_{q_years.pk}"] == "gt5"


def test_submitted_invitations_get_no_reminder(world, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    survey_round = open_round([world.municipality], reminder_days=(7,))
    with django_capture_on_commit_callbacks(execute=True):
        _invite(survey_round, world.municipality)
    Invitation.objects.update(status=Invitation.Status.SUBMITTED, email="")
    mail.outbox.clear()
    assert services.reminders_send_due(now=timezone.now() + datetime.timedelta(days=8)) == 0
    assert mail.outbox == []


def test_the_beat_schedule_runs_the_reminder_sweep(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "surveys.tasks.send_survey_reminders" in tasks


# --- analysis and export -----------------------------------------------------------------------

def test_response_rates_show_counts_and_small_cells_as_less_than_five(world, client_for):
    survey_round = open_round([world.municipality])
    for _ in range(3):
        submitted_response(survey_round, world.municipality)
    page = client_for(world.coordinator).get(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert page.context["total"] == "<5"
    for _ in range(3):
        submitted_response(survey_round, world.municipality)
    page = client_for(world.coordinator).get(reverse("surveys:round_detail", args=[survey_round.pk]))
    assert page.context["total"] == 5  # six, rounded to base 5 like every count (monitoring/disclosure.py)


def test_analysis_withholds_figures_below_five_respondents(world, client_for):
    survey_round = open_round([world.municipality])
    for _ in range(4):
        submitted_response(survey_round, world.municipality)
    page = client_for(world.coordinator).get(reverse("surveys:analysis", args=[survey_round.pk]))
    assert page.context["result"]["too_small"]
    assert page.context["result"]["n"] == "<5"
    assert "nan" not in page.content.decode().lower()


def test_analysis_figures_match_an_independent_computation(world, client_for):
    from scipy import stats as scipy_stats

    survey_round = open_round([world.municipality])
    rng = random.Random(4)
    befores, nows, satisfaction_1 = [], [], []
    for _ in range(12):
        b, n = rng.randint(1, 4), rng.randint(3, 5)
        befores.append(b)
        nows.append(n)
        s1 = rng.randint(1, 5)
        satisfaction_1.append(s1)
        answers = {"competence_before_1": b, "competence_now_1": n, "satisfaction_1": s1}
        submitted_response(survey_round, world.municipality, answers=answers)
    submitted_response(survey_round, world.municipality, answers={"satisfaction_1": "dont_know"})
    page = client_for(world.coordinator).get(
        reverse("surveys:analysis", args=[survey_round.pk]), {"group": "childcare_worker"})
    result = page.context["result"]
    item = next(i for i in result["items"] if i["question"].code == "satisfaction_1")
    assert item["n"] == 12
    assert item["mean"] == round(sum(satisfaction_1) / 12, 2)
    pair = next(p for p in result["pairs"] if not p["together"] and "kinderlijke" in p["label"])
    expected = scipy_stats.ttest_rel(befores, nows)  # SPSS's order: before - now
    assert expected.statistic < 0  # these pm'ers grew
    assert pair["t"] == round(expected.statistic, 2)
    assert pair["df"] == 11
    assert pair["p"] == pytest.approx(expected.pvalue)
    together = next(p for p in result["pairs"] if p["together"])
    assert together["n"] == 0 or together["enough"] is False  # no one answered all four: withheld
    assert "nan" not in page.content.decode().lower()


def test_analysis_filters_by_municipality_and_shows_no_names(world, client_for):
    survey_round = open_round([world.municipality, world.other_municipality])
    rng = random.Random(1)
    for _ in range(6):
        submitted_response(survey_round, world.municipality, rng=rng)
    for _ in range(2):
        submitted_response(survey_round, world.other_municipality, rng=rng)
    client = client_for(world.programme_coordinator)
    url = reverse("surveys:analysis", args=[survey_round.pk])
    all_page = client.get(url, {"group": "childcare_worker"})
    # Pooled (8) minus Hoogeveen (6, shown to its coordinator) would describe Amersfoort's two:
    # the pooled figures are withheld, and the page says why.
    assert all_page.context["result"]["withheld"] and all_page.context["result"]["scales"] == []
    assert 'data-testid="withheld"' in all_page.content.decode()
    own = client.get(url, {"group": "childcare_worker", "municipality": world.municipality.pk})
    assert own.context["result"]["n"] == 6
    assert own.context["result"]["scales"][0]["lambda2"] is not None
    other = client.get(url, {"group": "childcare_worker", "municipality": world.other_municipality.pk})
    assert other.context["result"]["n"] == "<5"
    bad = client.get(url, {"municipality": "999999"})
    assert bad.status_code == 200 and "municipality" in bad.context["form"].errors
    assert world.coordinator.last_name not in all_page.content.decode()


def test_analysis_queries_do_not_grow_with_responses(world, client_for):
    survey_round = open_round([world.municipality])
    client = client_for(world.coordinator)
    url = reverse("surveys:analysis", args=[survey_round.pk])
    rng = random.Random(2)
    for _ in range(6):
        submitted_response(survey_round, world.municipality, rng=rng)
    client.get(url)
    # One more response: the analysis is computed, not the kept one (tests/surveys/test_kept_analysis.py).
    submitted_response(survey_round, world.municipality, rng=rng)
    with CaptureQueriesContext(connection) as few:
        assert not client.get(url).context["result"]["kept"]
    for _ in range(20):
        submitted_response(survey_round, world.municipality, rng=rng)
    with CaptureQueriesContext(connection) as many:
        assert not client.get(url).context["result"]["kept"]
    assert len(many) == len(few)


def test_csv_export_is_wide_and_hides_small_municipalities(world, client_for):
    third = MunicipalityFactory(name="Amsterdam", preset="amsterdam")
    survey_round = open_round([world.municipality, world.other_municipality, third])
    rng = random.Random(3)
    for _ in range(5):
        submitted_response(survey_round, world.municipality, rng=rng)
    for _ in range(2):
        submitted_response(survey_round, world.other_municipality, rng=rng)
    for _ in range(3):
        submitted_response(survey_round, third, rng=rng)
    response = client_for(world.programme_coordinator).get(
        reverse("surveys:export", args=[survey_round.pk]), {"group": "childcare_worker"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert header[:4] == ["respondent", "municipality", "questionnaire", "version"]
    assert "satisfaction_1" in header and "competence_now_4" in header
    assert len(rows) == 1 + 10
    # Amersfoort's 2 and Amsterdam's 3 are "<5" together: five rows nobody can tell apart.
    assert sorted(r[1] for r in rows[1:]) == ["<5"] * 5 + ["Hoogeveen"] * 5


def test_csv_export_below_five_is_refused_with_a_message(world, client_for):
    survey_round = open_round([world.municipality])
    submitted_response(survey_round, world.municipality)
    response = client_for(world.coordinator).get(reverse("surveys:export", args=[survey_round.pk]))
    assert response.status_code == 302


# --- questionnaire versions -------------------------------------------------------------------

def test_copy_a_version_and_edit_wording_only(world, client_for):
    client = client_for(world.coordinator)
    original = questionnaire("pmer")
    response = client.post(reverse("surveys:questionnaire_copy", args=[original.pk]))
    copy = Questionnaire.objects.get(key="pmer", version=2)
    assert response["Location"] == reverse("surveys:questionnaire_edit", args=[copy.pk])
    assert copy.questions.count() == original.questions.count()
    assert copy.scales.get(code="competence_before").before_of.code == "competence_now"
    question = copy.questions.get(code="satisfaction_4")
    section = copy.sections.get(code="factors")
    page = client.get(reverse("surveys:questionnaire_edit", args=[copy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Verbatim from the report: bijlage 3, tabel 1" in html
    assert "Written from a label in the report (reconstructed): par. 3.2" in html
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data[f"nl_{question.pk}"] = "Ik ben tevreden over het verloop van het project"
    data[f"section_stem_en_{section.pk}"] = "What helps this approach work?"
    data["title_en"] = "Questionnaire for childcare staff"
    data[f"nl_{copy.questions.get(code='satisfaction_1').pk}"] = ""
    bad = client.post(reverse("surveys:questionnaire_edit", args=[copy.pk]), data)
    assert bad.status_code == 200 and f"nl_{copy.questions.get(code='satisfaction_1').pk}" in bad.context["form"].errors
    assert "Ik ben tevreden over het verloop van het project" in bad.content.decode()  # what was typed is kept
    data[f"nl_{copy.questions.get(code='satisfaction_1').pk}"] = "Ik voel me ondersteund"
    ok = client.post(reverse("surveys:questionnaire_edit", args=[copy.pk]), data)
    assert ok.status_code == 302
    question.refresh_from_db()
    section.refresh_from_db()
    copy.refresh_from_db()
    assert question.text_nl == "Ik ben tevreden over het verloop van het project"
    assert section.stem_en == "What helps this approach work?"
    assert copy.title_en == "Questionnaire for childcare staff"
    assert question.options == original.questions.get(code="satisfaction_4").options
    assert original.questions.get(code="satisfaction_4").text_nl == "Ik ben tevreden over hoe het project loopt"
    assert original.sections.get(code="factors").stem_en != "What helps this approach work?"
    # Items, order, scales and options cannot be reached through the form: extra fields are ignored.
    data[f"options_{question.pk}"] = "[]"
    data["scale"] = "x"
    client.post(reverse("surveys:questionnaire_edit", args=[copy.pk]), data)
    question.refresh_from_db()
    assert question.options == original.questions.get(code="satisfaction_4").options
    assert question.scale.code == "satisfaction"


def test_a_version_with_answers_cannot_be_changed(world, client_for):
    survey_round = open_round([world.municipality])
    submitted_response(survey_round, world.municipality)
    original = questionnaire("pmer")
    q = Question.objects.filter(questionnaire=original).first()
    with translation.override("en"), pytest.raises(ValidationError, match="cannot be changed"):
        services.questionnaire_update_wording(questionnaire=original, texts={q.pk: ("x", "y")}, by=None)
    client = client_for(world.coordinator)
    data = {f"nl_{x.pk}": "x" for x in original.questions.all()} | {f"en_{x.pk}": "y" for x in original.questions.all()}
    client.post(reverse("surveys:questionnaire_edit", args=[original.pk]), data)
    q.refresh_from_db()
    assert q.text_nl != "x"


def test_questionnaire_pages_refuse_other_roles(world, client_for):
    original = questionnaire("pmer")
    client = client_for(member(Role.CHILDCARE_WORKER, location=world.location_b))
    assert client.post(reverse("surveys:questionnaire_copy", args=[original.pk])).status_code == 403
    assert client.get(reverse("surveys:questionnaire_edit", args=[original.pk])).status_code == 403
