"""The reporting-code pages: who sees a path (only its author and her organisation's
safeguarding officer), that every look and step is audited, and that bad input is refused next to
the field with what was typed kept."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit.models import AuditAction, AuditBasis, AuditEvent, AuditPart
from safeguarding.models import MeldcodeEntry, MeldcodePath, Step
from tests.safeguarding.conftest import SIGNALS, add, start

pytestmark = pytest.mark.django_db


def nl(text):
    """The message as the (Dutch) UI shows it, whether or not it has been translated yet."""
    with translation.override("nl"):
        return translation.gettext(text)


def detail(path):
    return reverse("safeguarding:detail", args=[path.pk])


def step_url(path, step):
    return reverse("safeguarding:step_add", args=[path.pk, step])


def meldcode_rows():
    return AuditEvent.objects.filter(part=AuditPart.MELDCODE)


class TestStart:
    def test_pmer_starts_from_the_child_page_with_her_signals(self, mc, client_for):
        client = client_for(mc.pmer_a)
        page = client.get(reverse("children:detail", args=[mc.child.pk])).content.decode()
        start_url = reverse("safeguarding:start", args=[mc.child.pk])
        assert start_url in page
        response = client.post(start_url, {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        assert response.status_code == 302 and response.url == detail(path)
        assert path.started_by == mc.pmer_a and path.child == mc.child
        assert path.childcare_organisation == mc.location_a.organisation
        assert [(e.step, e.text) for e in path.entries.all()] == [(Step.SIGNALS, SIGNALS)]
        row = meldcode_rows().get(action=AuditAction.CREATE)
        assert (row.basis, row.child_id, row.actor_id, row.object_id) == (
            AuditBasis.SAFEGUARDING, mc.child.pk, mc.pmer_a.pk, str(path.pk))
        assert row.role == "childcare_worker"

    @pytest.mark.parametrize("who", ["pmer_a", "fixed_specialist", "fixed_nurse"])
    def test_opening_the_start_page_is_logged_as_a_look_at_the_child(self, mc, client_for, who):
        """NEN 7513: the start page shows the child (by name where she may see it); opening it is a read."""
        user = getattr(mc, who)
        response = client_for(user).get(reverse("safeguarding:start", args=[mc.child.pk]))
        assert response.status_code == 200
        row = meldcode_rows().get(action=AuditAction.VIEW)
        assert (row.actor_id, row.child_id, row.basis, row.status_code) == (
            user.pk, mc.child.pk, AuditBasis.SAFEGUARDING, 200)
        assert row.membership_id is not None

    def test_a_refused_signals_form_logs_the_look_and_saves_nothing(self, mc, client_for):
        client_for(mc.pmer_a).post(reverse("safeguarding:start", args=[mc.child.pk]), {"text": " "})
        assert meldcode_rows().filter(action=AuditAction.VIEW, child_id=mc.child.pk).count() == 1
        assert not meldcode_rows().filter(action=AuditAction.CREATE).exists()

    def test_the_officer_gets_an_email_without_the_childs_name_or_the_signals(self, mc, client_for,
                                                                              django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(mc.pmer_a).post(reverse("safeguarding:start", args=[mc.child.pk]), {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        assert [m.to for m in mail.outbox] == [[mc.safeguarding_officer.email]]
        message = mail.outbox[0]
        text = message.subject + message.body
        assert detail(path) in message.body
        for secret in (mc.child.first_name, mc.child.last_name, "Blauwe plekken", mc.location_a.name):
            assert secret not in text

    def test_empty_signals_get_a_message_next_to_the_field(self, mc, client_for):
        response = client_for(mc.pmer_a).post(reverse("safeguarding:start", args=[mc.child.pk]), {"text": "   "})
        assert response.status_code == 200
        assert "text" in response.context["form"].errors
        html = response.content.decode()
        assert 'id="error_1_id_text"' in html
        assert nl("Describe the signals you noticed: what you saw or heard, and when.") in html
        assert not MeldcodePath.objects.exists()

    def test_specialist_on_the_case_starts_from_the_case_page_for_her_care_provider(self, mc, client_for):
        client = client_for(mc.fixed_specialist)
        page = client.get(reverse("casework:detail", args=[mc.case.pk])).content.decode()
        start_url = reverse("safeguarding:start", args=[mc.child.pk])
        assert start_url in page
        client.post(start_url, {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        assert path.care_provider == mc.care_provider and path.childcare_organisation is None
        # The care provider's officer shares it; the childcare organisation's officer does not.
        assert client_for(mc.provider_officer).get(detail(path)).status_code == 200
        assert client_for(mc.safeguarding_officer).get(detail(path)).status_code == 404

    def test_youth_nurse_on_the_case_may_start(self, mc, client_for):
        response = client_for(mc.fixed_nurse).post(reverse("safeguarding:start", args=[mc.child.pk]),
                                                   {"text": SIGNALS})
        assert response.status_code == 302
        assert MeldcodePath.objects.get().youth_health_service == mc.ggd

    @pytest.mark.parametrize("who", ["pmer_b", "other_specialist", "pmer_c", "youke_specialist"])
    def test_someone_without_a_tie_to_the_child_cannot_start_and_the_attempt_is_logged(self, mc, client_for, who):
        client = client_for(getattr(mc, who))
        start_url = reverse("safeguarding:start", args=[mc.child.pk])
        assert client.get(start_url).status_code == 404
        assert client.post(start_url, {"text": SIGNALS}).status_code == 404
        assert not MeldcodePath.objects.exists()
        refused = meldcode_rows().filter(status_code=404, basis=AuditBasis.NONE)
        assert refused.count() == 2 and set(refused.values_list("child_id", flat=True)) == {mc.child.pk}

    @pytest.mark.parametrize("who", ["coordinator", "privacy_officer", "safeguarding_officer"])
    def test_roles_that_never_start_a_path_are_refused(self, mc, client_for, who):
        response = client_for(getattr(mc, who)).post(reverse("safeguarding:start", args=[mc.child.pk]),
                                                     {"text": SIGNALS})
        assert response.status_code == 403
        assert not MeldcodePath.objects.exists()

    def test_no_start_button_for_a_colleague_of_another_location_or_a_coordinator(self, mc, client_for):
        start_url = reverse("safeguarding:start", args=[mc.child.pk])
        page = client_for(mc.coordinator).get(reverse("casework:detail", args=[mc.case.pk])).content.decode()
        assert start_url not in page


class TestOnlyAuthorAndOfficerSeeIt:
    """Every other role: refused on every page of the path, and the path is in none of their lists."""

    @pytest.fixture
    def path(self, mc):
        path = start(mc.pmer_a, mc.child)
        add(path, Step.CONSULTATION, mc.pmer_a, consulted_with="veilig_thuis", held_on=timezone.localdate(),
            text="Veilig Thuis adviseert het gesprek met moeder voor te bereiden.")
        return path

    def test_author_and_officer_see_it_in_their_lists_and_pages(self, mc, path, client_for):
        for user in (mc.pmer_a, mc.safeguarding_officer):
            client = client_for(user)
            assert detail(path) in client.get(reverse("safeguarding:list")).content.decode()
            page = client.get(detail(path)).content.decode()
            assert "Blauwe plekken" in page and "Veilig Thuis adviseert" in page
        home = client_for(mc.safeguarding_officer).get(reverse("home")).content.decode()
        assert detail(path) in home and mc.child.first_name in home

    REFUSED = [
        ("pmer_a2", 404),  # another childcare worker of the same location
        ("pmer_b", 404),
        ("fixed_specialist", 404),  # the specialist on the child's case
        ("fixed_nurse", 404),  # the youth nurse on the child's case
        ("provider_officer", 404),  # officer of the care provider, not of the author's organisation
        ("other_officer", 404),  # officer of another childcare organisation
        ("coordinator", 403),
        ("privacy_officer", 403),
        ("programme_coordinator", 403),
        ("functional_administrator", 403),
    ]

    @pytest.mark.parametrize(("who", "status"), REFUSED)
    def test_every_page_of_the_path_is_refused(self, mc, path, client_for, who, status):
        client = client_for(getattr(mc, who))
        entries = MeldcodeEntry.objects.count()
        assert client.get(detail(path)).status_code == status
        assert client.get(step_url(path, Step.SIGNALS)).status_code == status
        assert client.post(step_url(path, Step.ADVICE), {"text": "Meld het."}).status_code == status
        assert client.post(step_url(path, Step.SIGNALS), {"text": "Nog meer."}).status_code == status
        assert client.post(reverse("safeguarding:close", args=[path.pk])).status_code == status
        assert MeldcodeEntry.objects.count() == entries
        assert MeldcodePath.objects.get().is_open

    @pytest.mark.parametrize(("who", "status"), REFUSED)
    def test_the_path_is_in_none_of_their_lists(self, mc, path, client_for, who, status):
        client = client_for(getattr(mc, who))
        pages = [reverse("home"), reverse("safeguarding:list"), reverse("children:detail", args=[mc.child.pk]),
                 reverse("casework:detail", args=[mc.case.pk]), reverse("casework:caseload"),
                 reverse("casework:my_requests"), reverse("audit:event_list")]
        for url in pages:
            response = client.get(url)
            html = response.content.decode()
            assert detail(path) not in html, url
            assert "Blauwe plekken" not in html and "Veilig Thuis adviseert" not in html, url

    def test_anonymous_is_sent_to_the_login_page(self, mc, path, client):
        for response in (client.get(detail(path)), client.get(reverse("safeguarding:list")),
                         client.post(step_url(path, Step.SIGNALS), {"text": "x"})):
            assert response.status_code == 302 and reverse("login") in response.url
        assert MeldcodeEntry.objects.count() == 2

    def test_a_refused_look_is_logged_with_the_child(self, mc, path, client_for):
        client_for(mc.pmer_a2).get(detail(path))
        row = meldcode_rows().get(actor_id=mc.pmer_a2.pk)
        assert (row.status_code, row.basis, row.child_id, row.object_id) == (
            404, AuditBasis.NONE, mc.child.pk, str(path.pk))

    def test_privacy_officer_sees_only_the_audit_rows(self, mc, path, client_for):
        client = client_for(mc.pmer_a)
        client.get(detail(path))
        response = client_for(mc.privacy_officer).get(reverse("audit:event_list"), {"child_id": mc.child.pk})
        html = response.content.decode()
        assert str(mc.pmer_a) in html
        assert "Blauwe plekken" not in html and "Veilig Thuis adviseert" not in html
        shown = [e for e in response.context["page"] if e.part == AuditPart.MELDCODE]
        assert {(e.actor_id, e.action) for e in shown} >= {(mc.pmer_a.pk, AuditAction.VIEW),
                                                          (mc.pmer_a.pk, AuditAction.CREATE)}
        assert str(AuditPart.MELDCODE.label) in html

    def test_specialist_sees_no_trace_on_the_case_page_she_is_on(self, mc, path, client_for):
        page = client_for(mc.fixed_specialist).get(reverse("casework:detail", args=[mc.case.pk])).content.decode()
        # She may start a path of her own, but is not told that one exists.
        assert detail(path) not in page


class TestStepsAndAudit:
    @pytest.fixture
    def path(self, mc):
        return start(mc.pmer_a, mc.child)

    def test_every_read_and_every_step_writes_an_audit_row(self, mc, path, client_for):
        client = client_for(mc.pmer_a)
        today = timezone.localdate().isoformat()
        steps = [
            (Step.SIGNALS, {"text": "Ze schrikt als een volwassene de stem verheft."}),
            (Step.CONSULTATION, {"consulted_with": "safeguarding_officer", "held_on": today,
                                 "text": "Besproken met de aandachtsfunctionaris."}),
            (Step.TALK, {"talk_held": "yes", "held_on": today, "text": "Moeder herkent het en schrok."}),
            (Step.WEIGHING, {"suspicion": "yes", "unsafety": "structural", "help_possible": "yes",
                             "text": "Vermoeden blijft; hulp is mogelijk via het wijkteam."}),
            (Step.DECISION, {"decision": "report_and_help", "text": "Melden en hulp organiseren."}),
        ]
        for step, data in steps:
            before = meldcode_rows().count()
            assert client.get(step_url(path, step)).status_code == 200
            assert meldcode_rows().count() == before + 1
            response = client.post(step_url(path, step), data)
            assert response.status_code == 302, response.context["form"].errors
            new = meldcode_rows().order_by("pk")[before + 1:]
            # The access to the path, then the step itself; both under the reporting code.
            assert [(r.action, r.basis, r.child_id) for r in new] == [
                (AuditAction.CREATE, AuditBasis.SAFEGUARDING, mc.child.pk)] * 2
        before = meldcode_rows().count()
        client.get(detail(path))
        assert meldcode_rows().count() == before + 1
        client.post(reverse("safeguarding:close", args=[path.pk]))
        assert [r.action for r in meldcode_rows().order_by("pk")[before + 1:]] == [AuditAction.CHANGE] * 2
        path.refresh_from_db()
        assert not path.is_open
        assert [e.step for e in path.entries.all()] == [Step.SIGNALS, *[s for s, _d in steps]]

    def test_the_list_logs_each_path_it_shows(self, mc, path, client_for):
        start(mc.pmer_a, mc.children_a[1])
        before = meldcode_rows().count()
        client_for(mc.safeguarding_officer).get(reverse("safeguarding:list"))
        rows = meldcode_rows().order_by("pk")[before:]
        assert sorted(r.child_id for r in rows) == sorted([mc.child.pk, mc.children_a[1].pk])
        assert {(r.role, r.basis) for r in rows} == {("safeguarding_officer", AuditBasis.SAFEGUARDING)}

    def test_officer_adds_her_advice_and_the_author_is_told_without_names(
            self, mc, path, client_for, django_capture_on_commit_callbacks):
        client = client_for(mc.safeguarding_officer)
        assert step_url(path, Step.ADVICE) in client.get(detail(path)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(step_url(path, Step.ADVICE), {"text": "Bespreek dit met Veilig Thuis."})
        assert response.status_code == 302
        entry = path.entries.get(step=Step.ADVICE)
        assert entry.by == mc.safeguarding_officer
        officer_rows = meldcode_rows().filter(actor_id=mc.safeguarding_officer.pk)
        assert set(officer_rows.values_list("action", "role", "basis", "child_id")) == {
            (AuditAction.VIEW, "safeguarding_officer", AuditBasis.SAFEGUARDING, mc.child.pk),
            (AuditAction.CREATE, "safeguarding_officer", AuditBasis.SAFEGUARDING, mc.child.pk)}
        assert [m.to for m in mail.outbox] == [[mc.pmer_a.email]]
        assert mc.child.first_name not in mail.outbox[0].body and "Veilig Thuis" not in mail.outbox[0].body
        # The author records steps 1-5; only the officer gives her advice.
        assert client_for(mc.safeguarding_officer).get(step_url(path, Step.WEIGHING)).status_code == 302
        assert client_for(mc.pmer_a).get(step_url(path, Step.ADVICE)).status_code == 302

    def test_a_later_step_never_alters_an_earlier_one(self, mc, path, client_for):
        first = path.entries.get()
        client_for(mc.pmer_a).post(step_url(path, Step.SIGNALS), {"text": "Nieuwe signalen."})
        first_again = MeldcodeEntry.objects.get(pk=first.pk)
        assert (first_again.text, first_again.at) == (first.text, first.at)
        with pytest.raises(PermissionError):
            first_again.save()
        with pytest.raises(PermissionError):
            MeldcodeEntry.objects.filter(pk=first.pk).update(text="weg")
        with pytest.raises(PermissionError):
            first_again.delete()


class TestBadInput:
    @pytest.fixture
    def path(self, mc):
        return start(mc.pmer_a, mc.child)

    def test_empty_signals_on_a_later_signals_step(self, mc, path, client_for):
        response = client_for(mc.pmer_a).post(step_url(path, Step.SIGNALS), {"text": ""})
        assert response.status_code == 200 and "text" in response.context["form"].errors
        assert 'id="error_1_id_text"' in response.content.decode()
        assert path.entries.count() == 1

    def test_a_decision_before_weighing_is_refused_next_to_the_field_and_kept(self, mc, path, client_for):
        response = client_for(mc.pmer_a).post(step_url(path, Step.DECISION), {
            "decision": "report", "text": "Ik wil direct melden."})
        assert response.status_code == 200
        html = response.content.decode()
        assert response.context["form"].errors["decision"] == [nl("Weigh the signals first (step 4), then decide.")]
        assert 'id="error_1_id_decision"' in html
        assert "Ik wil direct melden." in html
        chosen = [tag for tag in re.findall(r"<input[^>]*>", html) if 'name="decision"' in tag and " checked" in tag]
        assert len(chosen) == 1 and 'value="report"' in chosen[0]
        assert not path.entries.filter(step=Step.DECISION).exists()

    def test_a_held_talk_in_the_future_is_refused_and_what_was_typed_is_kept(self, mc, path, client_for):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = client_for(mc.pmer_a).post(step_url(path, Step.TALK), {
            "talk_held": "yes", "held_on": tomorrow, "text": "Vader was boos en liep weg."})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["held_on"] == [nl("A talk that was held cannot be in the future.")]
        html = response.content.decode()
        assert 'id="error_1_id_held_on"' in html
        assert "Vader was boos en liep weg." in html and tomorrow in html
        assert not path.entries.filter(step=Step.TALK).exists()

    def test_a_consultation_in_the_future_is_refused(self, mc, path, client_for):
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = client_for(mc.pmer_a).post(step_url(path, Step.CONSULTATION), {
            "consulted_with": "veilig_thuis", "held_on": tomorrow, "text": "Gebeld."})
        assert "held_on" in response.context["form"].errors

    def test_a_held_talk_needs_its_date_and_a_talk_not_held_needs_the_reason(self, mc, path, client_for):
        client = client_for(mc.pmer_a)
        response = client.post(step_url(path, Step.TALK), {"talk_held": "yes", "text": "Gesprek gevoerd."})
        assert response.context["form"].errors["held_on"] == [nl("Say when the talk was held.")]
        response = client.post(step_url(path, Step.TALK), {"talk_held": "no", "text": ""})
        assert "text" in response.context["form"].errors
        response = client.post(step_url(path, Step.TALK), {
            "talk_held": "no", "text": "Vader is mogelijk de pleger; een gesprek brengt het kind in gevaar."})
        assert response.status_code == 302
        entry = path.entries.get(step=Step.TALK)
        assert entry.talk_held is False and entry.held_on is None

    def test_the_weighing_needs_every_question_answered(self, mc, path, client_for):
        response = client_for(mc.pmer_a).post(step_url(path, Step.WEIGHING), {
            "suspicion": "yes", "text": "Mijn afweging."})
        errors = response.context["form"].errors
        assert set(errors) == {"unsafety", "help_possible"}
        assert "Mijn afweging." in response.content.decode()

    def test_closing_before_a_decision_is_refused(self, mc, path, client_for):
        response = client_for(mc.pmer_a).post(reverse("safeguarding:close", args=[path.pk]), follow=True)
        assert nl("Record the decision (step 5) before closing the path.") in response.content.decode()
        path.refresh_from_db()
        assert path.is_open


class TestClosedPathIsReadOnly:
    def test_no_step_can_be_added_after_closing(self, mc, client_for):
        path = start(mc.pmer_a, mc.child)
        add(path, Step.WEIGHING, mc.pmer_a, suspicion=False, unsafety="none", help_possible=True,
            text="Geen vermoeden meer na het gesprek.")
        add(path, Step.DECISION, mc.pmer_a, decision="no_further_action", text="Geen verdere actie.")
        client = client_for(mc.pmer_a)
        client.post(reverse("safeguarding:close", args=[path.pk]))
        page = client.get(detail(path)).content.decode()
        assert step_url(path, Step.SIGNALS) not in page
        assert reverse("safeguarding:close", args=[path.pk]) not in page
        for user, step in ((mc.pmer_a, Step.SIGNALS), (mc.safeguarding_officer, Step.ADVICE)):
            response = client_for(user).post(step_url(path, step), {"text": "Te laat."}, follow=True)
            assert nl("This path is closed: it can no longer be changed.") in response.content.decode()
        assert path.entries.count() == 3
        # Closing twice changes nothing either.
        closed_at = MeldcodePath.objects.get().closed_at
        client.post(reverse("safeguarding:close", args=[path.pk]))
        assert MeldcodePath.objects.get().closed_at == closed_at


class TestTheDatabaseKeepsStepsAppendOnly:
    """Even past the app (a raw query, a bug, a shell), a recorded step stays as it was."""

    def test_an_update_is_refused(self, mc):
        from django.db import DatabaseError, connection, transaction

        path = start(mc.pmer_a, mc.child)
        entry = path.entries.get()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE safeguarding_meldcodeentry SET text = %s WHERE id = %s", ["weg", entry.pk])
        assert MeldcodeEntry.objects.get(pk=entry.pk).text == SIGNALS

    def test_no_step_goes_into_a_closed_path(self, mc):
        from django.db import DatabaseError, transaction

        path = start(mc.pmer_a, mc.child)
        MeldcodePath.objects.filter(pk=path.pk).update(closed_at=timezone.now(), closed_by=mc.pmer_a)
        with pytest.raises(DatabaseError), transaction.atomic():
            MeldcodeEntry.objects.create(path=path, step=Step.SIGNALS, by=mc.pmer_a, text="Te laat.")
        assert path.entries.count() == 1


class TestNoConsentNoName:
    """The meldcode lets the specialist record and consult without consent, but does not hand her
    the child's identity that only consent would: her pages name the child only under consent."""

    def test_without_consent_the_specialist_records_but_is_not_told_who_the_child_is(self, mc, client_for):
        name = f"{mc.child.first_name} {mc.child.last_name}"
        with translation.override("nl"):
            born = date_format(mc.child.date_of_birth, "j F Y")
        client = client_for(mc.fixed_specialist)
        start_url = reverse("safeguarding:start", args=[mc.child.pk])
        assert name not in client.get(start_url).content.decode()
        client.post(start_url, {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        for url in (detail(path), reverse("safeguarding:list"), step_url(path, Step.CONSULTATION)):
            html = client.get(url).content.decode()
            assert name not in html and mc.child.last_name not in html, url
            assert SIGNALS in html or url == reverse("safeguarding:list")
        assert born not in client.get(detail(path)).content.decode()
        # Her organisation's officer has to know whom it is about.
        assert name in client_for(mc.provider_officer).get(detail(path)).content.decode()

    def test_under_consent_the_specialist_sees_the_name(self, mc, client_for):
        from tests.consent.factories import consent_for

        consent_for(mc.child)
        client = client_for(mc.fixed_specialist)
        client.post(reverse("safeguarding:start", args=[mc.child.pk]), {"text": SIGNALS})
        path = MeldcodePath.objects.get()
        assert f"{mc.child.first_name} {mc.child.last_name}" in client.get(detail(path)).content.decode()
