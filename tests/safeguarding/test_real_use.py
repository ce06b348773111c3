"""Issue 12 on the reporting-code path: a form sent twice, absurd lengths and dates, and the youth
nurse's path with her own youth health service's safeguarding officer."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditBasis, AuditEvent, AuditPart
from safeguarding.models import MeldcodeEntry, MeldcodePath, Step
from tests.accounts.factories import MembershipFactory
from tests.observations.browserlike import page_form
from tests.organisations.factories import YouthHealthServiceFactory
from tests.safeguarding.conftest import SIGNALS, add, start

pytestmark = pytest.mark.django_db

LONG = "a" * 100_000


def detail(path):
    return reverse("safeguarding:detail", args=[path.pk])


def step_url(path, step):
    return reverse("safeguarding:step_add", args=[path.pk, step])


def start_url(child):
    return reverse("safeguarding:start", args=[child.pk])


def day(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


class TestSentTwice:
    def test_starting_twice_starts_one_path(self, mc, client_for):
        client = client_for(mc.pmer_a)
        first = client.post(start_url(mc.child), {"text": SIGNALS})
        second = client.post(start_url(mc.child), {"text": SIGNALS})
        assert first.status_code == second.status_code == 302 and second.url == first.url
        assert MeldcodePath.objects.count() == 1 and MeldcodeEntry.objects.count() == 1

    def test_the_same_step_sent_twice_is_saved_once(self, mc, client_for):
        path = start(mc.pmer_a, mc.child)
        client = client_for(mc.pmer_a)
        data = {"consulted_with": "veilig_thuis", "held_on": day(), "text": "Gesprek voorbereiden."}
        assert client.post(step_url(path, Step.CONSULTATION), data).status_code == 302
        assert client.post(step_url(path, Step.CONSULTATION), data).status_code == 302
        assert path.entries.filter(step=Step.CONSULTATION).count() == 1

    def test_every_create_view_is_guarded(self):
        from safeguarding import views

        for view in (views.path_start, views.step_add):
            assert getattr(view, "once_per_submission", False), view.__name__


class TestTooLong:
    def test_signals_of_100000_characters_are_refused_with_the_limit(self, mc, client_for):
        response = client_for(mc.pmer_a).post(start_url(mc.child), {"text": LONG})
        assert response.status_code == 200
        html = response.content.decode()
        assert "hoogstens 5000 tekens" in html and "100000" in html
        assert not MeldcodePath.objects.exists()

    def test_a_too_long_step_is_refused_and_the_path_keeps_its_steps(self, mc, client_for):
        path = start(mc.pmer_a, mc.child)
        response = client_for(mc.pmer_a).post(step_url(path, Step.WEIGHING), {
            "suspicion": "yes", "unsafety": "none", "help_possible": "yes", "text": LONG})
        assert response.status_code == 200 and "hoogstens 5000 tekens" in response.content.decode()
        assert path.entries.count() == 1

    def test_the_text_field_tells_the_browser_its_limit(self, mc, client_for):
        html = client_for(mc.pmer_a).get(start_url(mc.child)).content.decode()
        assert page_form(html, "text")["inputs"]["text"].get("maxlength") == "5000"

    def test_the_service_refuses_too_long_signals_too(self, mc):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            start(mc.pmer_a, mc.child, signals=LONG)
        assert not MeldcodePath.objects.exists()


class TestDates:
    @pytest.mark.parametrize("held_on", ["1900-01-01", "0001-01-01"])
    def test_a_talk_long_before_the_path_is_refused(self, mc, client_for, held_on):
        path = start(mc.pmer_a, mc.child)
        response = client_for(mc.pmer_a).post(step_url(path, Step.TALK), {
            "talk_held": "yes", "held_on": held_on, "text": "Moeder geschrokken."})
        assert response.status_code == 200 and "held_on" in response.context["form"].errors
        assert "een jaar" in response.content.decode()
        assert path.entries.count() == 1

    def test_a_consultation_in_2999_is_refused(self, mc, client_for):
        path = start(mc.pmer_a, mc.child)
        response = client_for(mc.pmer_a).post(step_url(path, Step.CONSULTATION), {
            "consulted_with": "colleague", "held_on": "2999-12-31", "text": "Besproken."})
        assert response.status_code == 200 and "held_on" in response.context["form"].errors
        assert path.entries.count() == 1

    def test_the_date_field_is_the_browsers_own_with_its_bounds(self, mc, client_for):
        path = start(mc.pmer_a, mc.child)
        html = client_for(mc.pmer_a).get(step_url(path, Step.TALK)).content.decode()
        attrs = page_form(html, "held_on")["inputs"]["held_on"]
        assert attrs["type"] == "date" and attrs.get("max") == day()
        assert attrs.get("min") == (timezone.localdate() - datetime.timedelta(days=365)).isoformat()

    def test_the_service_refuses_a_talk_long_before_the_path(self, mc):
        from django.core.exceptions import ValidationError

        path = start(mc.pmer_a, mc.child)
        with pytest.raises(ValidationError):
            add(path, Step.TALK, mc.pmer_a, talk_held=True, held_on=datetime.date(1900, 1, 1), text="x")
        assert path.entries.count() == 1


def ggd_officer_of(service):
    membership = MembershipFactory(role=Role.SAFEGUARDING_OFFICER, youth_health_service=service)
    membership.full_clean()  # accounts accepts an officer of a youth health service
    return membership.user


@pytest.fixture
def ggd_officer(mc):
    """The safeguarding officer of the youth health service the case's nurse works for (a membership
    accounts accepts: `member` runs its full_clean)."""
    return ggd_officer_of(mc.ggd)


class TestTheNursesOfficer:
    def test_the_nurses_path_goes_to_her_youth_health_services_officer(self, mc, ggd_officer, client_for,
                                                                      django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(mc.fixed_nurse).post(start_url(mc.child), {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        assert response.status_code == 302 and path.youth_health_service == mc.ggd
        assert [m.to for m in mail.outbox] == [[ggd_officer.email]]
        officer = client_for(ggd_officer)
        assert detail(path) in officer.get(reverse("safeguarding:list")).content.decode()
        page = officer.get(detail(path))
        assert page.status_code == 200 and SIGNALS in page.content.decode()
        row = AuditEvent.objects.filter(part=AuditPart.MELDCODE, actor_id=ggd_officer.pk).latest("pk")
        assert row.basis == AuditBasis.SAFEGUARDING and row.role == "safeguarding_officer"

    def test_the_officer_advises_and_the_nurse_is_told(self, mc, ggd_officer, client_for,
                                                       django_capture_on_commit_callbacks):
        path = start(mc.fixed_nurse, mc.child)
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(ggd_officer).post(step_url(path, Step.ADVICE), {"text": "Bespreek met moeder."})
        assert response.status_code == 302
        assert path.entries.filter(step=Step.ADVICE, by=ggd_officer).exists()
        assert [m.to for m in mail.outbox] == [[mc.fixed_nurse.email]]

    def test_the_nurse_sees_who_her_officer_is_when_she_starts(self, mc, ggd_officer, client_for):
        html = client_for(mc.fixed_nurse).get(start_url(mc.child)).content.decode()
        assert ggd_officer.get_full_name() in html

    @pytest.mark.parametrize("who", ["other_ggd_officer", "safeguarding_officer", "provider_officer",
                                     "fixed_specialist", "pmer_a", "youth_nurse"])
    def test_nobody_else_sees_the_nurses_path(self, mc, ggd_officer, client_for, who):
        mc.other_ggd_officer = ggd_officer_of(YouthHealthServiceFactory())
        path = start(mc.fixed_nurse, mc.child)
        client = client_for(getattr(mc, who))
        assert client.get(detail(path)).status_code in (403, 404)
        assert client.post(step_url(path, Step.ADVICE), {"text": "Meld het."}).status_code in (403, 404)
        assert detail(path) not in client.get(reverse("home")).content.decode()
        assert path.entries.count() == 1

    def test_without_an_officer_the_nurse_is_told_so(self, mc, client_for):
        html = client_for(mc.fixed_nurse).get(start_url(mc.child)).content.decode()
        assert "geen aandachtsfunctionaris" in html


class TestTheEmailLink:
    def test_the_officers_email_carries_a_link_a_mail_client_can_open(self, mc, client_for, settings,
                                                                      django_capture_on_commit_callbacks):
        settings.SITE_URL = "https://alert4you.example.nl"
        with django_capture_on_commit_callbacks(execute=True):
            client_for(mc.pmer_a).post(start_url(mc.child), {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        [message] = mail.outbox
        link = f"https://alert4you.example.nl{detail(path)}"
        assert link in message.body
        assert client_for(mc.safeguarding_officer).get(link.removeprefix(settings.SITE_URL)).status_code == 200
