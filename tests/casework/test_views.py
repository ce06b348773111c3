import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from audit.models import AuditBasis, AuditEvent
from casework.models import Case, CaseState
from casework.services import case_advance
from consent.models import PaperConsent
from tests.casework.factories import ask
from tests.consent.factories import consent_for, pdf_upload


def long_date(day):
    """The date as the Dutch UI writes it, e.g. "25 november 2023"."""
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")

pytestmark = pytest.mark.django_db


def detail(case):
    return reverse("casework:detail", args=[case.pk])


def names_of(child):
    return [f"{child.first_name} {child.last_name}", child.date_of_birth.strftime("%Y")]


class TestAskForHelp:
    def test_from_home_page_in_a_few_clicks(self, cw, client_for):
        client = client_for(cw.pmer_a)
        home = client.get(reverse("home")).content.decode()
        assert reverse("casework:request_create") in home
        child = cw.children_a[0]
        response = client.post(reverse("casework:request_create"), {
            "subject": "child", "group": cw.group_a.pk, "child": child.pk, "kind": "development",
            "question": "Ze praat nog weinig.", "already_tried": "Voorlezen", "urgency": "normal"})
        case = Case.objects.get()
        assert response.status_code == 302 and response.url == detail(case)
        home = client.get(reverse("home")).content.decode()
        assert child.first_name in home and "Wacht op toestemming" in home

    def test_empty_question_gets_a_message_next_to_the_field_and_keeps_the_rest(self, cw, client_for):
        response = client_for(cw.pmer_a).post(reverse("casework:request_create"), {
            "subject": "group", "group": cw.group_a.pk, "kind": "group_processes", "question": "  ",
            "already_tried": "Dagritme aangepast", "urgency": "soon"})
        assert response.status_code == 200
        assert "question" in response.context["form"].errors
        html = response.content.decode()
        assert "Dagritme aangepast" in html and 'id="error_1_id_question"' in html
        assert not Case.objects.exists()

    def test_a_child_of_twelve_is_refused_next_to_the_field(self, cw, client_for):
        child = cw.children_a[0]
        today = datetime.date.today()  # noqa: DTZ011
        child.date_of_birth = today.replace(year=today.year - 12)
        child.save()
        response = client_for(cw.pmer_a).post(reverse("casework:request_create"), {
            "subject": "child", "group": cw.group_a.pk, "child": child.pk, "kind": "behaviour",
            "question": "Vraag", "urgency": "normal"})
        assert "12" in str(response.context["form"].errors["child"])
        assert not Case.objects.exists()

    def test_a_child_of_another_location_is_not_a_choice(self, cw, client_for):
        response = client_for(cw.pmer_a).post(reverse("casework:request_create"), {
            "subject": "child", "group": cw.group_a.pk, "child": cw.child_b.pk, "kind": "behaviour",
            "question": "Vraag", "urgency": "normal"})
        assert "child" in response.context["form"].errors and not Case.objects.exists()

    def test_in_amsterdam_the_form_has_no_child_picker(self, cw, client_for):
        from accounts.models import Role
        from tests.accounts.factories import member
        from tests.organisations.factories import DistrictFactory, GroupFactory, LocationFactory, MunicipalityFactory

        location = LocationFactory(district=DistrictFactory(
            municipality=MunicipalityFactory(name="Amsterdam", preset="amsterdam")))
        group = GroupFactory(location=location)
        pmer = member(Role.CHILDCARE_WORKER, location=location)
        client = client_for(pmer)
        response = client.get(reverse("casework:request_create"))
        assert "child" not in response.context["form"].fields
        response = client.post(reverse("casework:request_create"), {
            "subject": "child", "group": group.pk, "kind": "behaviour", "question": "Een kind bijt.",
            "urgency": "normal"})
        case = Case.objects.get()
        assert case.child is None and case.request.became_group_visit

    @pytest.mark.parametrize("role", ["specialist", "coordinator", "youth_nurse", "privacy_officer"])
    def test_other_roles_cannot_ask(self, cw, client_for, role):
        assert client_for(getattr(cw, role)).get(reverse("casework:request_create")).status_code == 403

    def test_anonymous_goes_to_login(self, cw, client):
        response = client.get(reverse("casework:request_create"))
        assert response.status_code == 302 and reverse("login") in response.url


class TestCaseAccess:
    def test_worker_of_the_location_sees_case_child_and_timeline(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.pmer_a).get(detail(case))
        html = response.content.decode()
        assert response.status_code == 200
        assert names_of(case.child)[0] in html and "Tijdlijn" in html
        # Newest first: the request is the oldest event.
        assert [i["event"].kind for i in response.context["timeline"]][-1] == "submitted"
        row = AuditEvent.objects.get(part="case", object_id=str(case.pk), action="view")
        assert row.child_id == case.child_id and row.basis == AuditBasis.MEMBERSHIP

    def test_worker_of_another_location_gets_404_and_it_is_logged(self, cw, client_for):
        case = ask(cw)
        assert client_for(cw.pmer_b).get(detail(case)).status_code == 404
        assert AuditEvent.objects.filter(part="case", status_code=404, child_id=case.child_id).exists()

    def test_missing_case_is_the_same_404(self, cw, client_for):
        assert client_for(cw.pmer_a).get(reverse("casework:detail", args=[999999])).status_code == 404

    def test_unassigned_specialist_gets_404(self, cw, client_for):
        case = ask(cw)
        assert client_for(cw.other_specialist).get(detail(case)).status_code == 404
        assert client_for(cw.specialist).get(detail(case)).status_code == 404

    @pytest.mark.parametrize("role", ["privacy_officer", "programme_coordinator", "safeguarding_officer"])
    def test_other_roles_are_refused(self, cw, client_for, role):
        case = ask(cw)
        assert client_for(getattr(cw, role)).get(detail(case)).status_code == 403

    def test_anonymous_goes_to_login(self, cw, client):
        case = ask(cw)
        response = client.get(detail(case))
        assert response.status_code == 302 and reverse("login") in response.url

    def test_before_consent_the_assignee_sees_the_question_but_not_the_child(self, cw, client_for):
        case = ask(cw)
        client = client_for(cw.fixed_specialist)
        for url in (detail(case), reverse("casework:caseload"), reverse("home")):
            html = client.get(url).content.decode()
            child = case.child
            assert child.first_name not in html and child.last_name not in html, url
            assert long_date(child.date_of_birth) not in html, url
            for guardian in child.guardians.all():
                assert guardian.name not in html
        html = client.get(detail(case)).content.decode()
        assert "bijt" in html  # the question itself
        assert "Wacht op de toestemming van de ouders" in client.get(reverse("casework:caseload")).content.decode()

    def test_after_consent_the_assignee_sees_the_child(self, cw, client_for):
        case = ask(cw)
        consent_for(case.child)
        html = client_for(cw.fixed_specialist).get(detail(case)).content.decode()
        assert names_of(case.child)[0] in html
        row = AuditEvent.objects.filter(part="case", actor_id=cw.fixed_specialist.pk).latest("pk")
        assert row.basis == AuditBasis.CONSENT

    def test_nurse_sees_the_case_she_is_attached_to_but_the_child_only_under_consent(self, cw, client_for):
        case = ask(cw)
        client = client_for(cw.fixed_nurse)
        assert case.child.first_name not in client.get(detail(case)).content.decode()
        consent_for(case.child, parties=["youth_nurse"])
        assert case.child.first_name in client.get(detail(case)).content.decode()

    def test_coordinator_sees_metadata_never_the_child(self, cw, client_for):
        case = ask(cw)
        consent_for(case.child)
        client = client_for(cw.coordinator)
        for url in (detail(case), reverse("casework:overview"), reverse("home")):
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200
            assert case.child.first_name not in html and case.child.last_name not in html, url
            assert "bijt" not in html, url  # nor the question
        assert "Locatie A" in client.get(reverse("casework:overview")).content.decode()

    def test_coordinator_of_another_municipality_gets_404(self, cw, client_for):
        case = ask(cw)
        assert client_for(cw.coordinator_c).get(detail(case)).status_code == 404
        assert case.pk not in [c.pk for c in client_for(cw.coordinator_c).get(
            reverse("casework:overview")).context["cases"]]

    def test_children_filter_lets_the_assignee_see_the_child_only_under_consent(self, cw):
        from children.models import Child

        case = ask(cw)
        assert not Child.objects.visible_to(cw.fixed_specialist).exists()
        consent_for(case.child)
        assert list(Child.objects.visible_to(cw.fixed_specialist)) == [case.child]
        assert not Child.objects.visible_to(cw.other_specialist).exists()
        case_advance(case=case, to="closed", outcome="cancelled", by=cw.pmer_a)
        # Issue 15 item 1 (docs/visibility.md): a closed case keeps showing its child to its assignee
        # while the consent lasts, as the case page always did; withdrawal ends it at once.
        assert list(Child.objects.visible_to(cw.fixed_specialist)) == [case.child]
        from consent.models import PaperConsent
        from consent.services import paper_consent_withdraw

        paper_consent_withdraw(consent=PaperConsent.objects.get(child=case.child), by=cw.pmer_a)
        assert not Child.objects.visible_to(cw.fixed_specialist).exists()


class TestCaseActions:
    def test_paper_consent_upload_moves_the_case_on(self, cw, client_for):
        case = ask(cw)
        client = client_for(cw.pmer_a)
        response = client.post(reverse("casework:consent", args=[case.pk]), {
            "signed_by": "Anouk de Vries", "relation": "mother", "signed_on": datetime.date.today().isoformat(),  # noqa: DTZ011
            "purposes": ["observation"], "parties": ["specialist", "youth_nurse"], "scan": pdf_upload()})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.READY_TO_PLAN

    @pytest.mark.parametrize(("name", "content"), [("scan.exe", b"MZ\x90"), ("scan.pdf", b"GIF89a not a pdf")])
    def test_bad_upload_gets_a_message_and_keeps_what_was_typed(self, cw, client_for, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        case = ask(cw)
        response = client_for(cw.pmer_a).post(reverse("casework:consent", args=[case.pk]), {
            "signed_by": "Anouk de Vries", "relation": "mother", "signed_on": datetime.date.today().isoformat(),  # noqa: DTZ011
            "purposes": ["observation"], "parties": ["specialist"], "scan": SimpleUploadedFile(name, content)})
        assert response.status_code == 200 and "scan" in response.context["form"].errors
        assert "Anouk de Vries" in response.content.decode()
        assert not PaperConsent.objects.exists()

    def test_the_case_page_offers_the_allowed_next_actions_as_buttons(self, cw, client_for):
        case = ask(cw)
        consent_for(case.child)
        for to in (CaseState.READY_TO_PLAN, CaseState.PLANNED, CaseState.OBSERVED, CaseState.ADVISED):
            case = case_advance(case=case, to=to, by=cw.pmer_a if to == CaseState.READY_TO_PLAN
                                else cw.fixed_specialist)
        client = client_for(cw.fixed_specialist)
        names = [t.name for t in client.get(detail(case)).context["actions"]]
        assert "close_resolved" in names and "follow_up" not in names
        response = client.post(reverse("casework:advance", args=[case.pk]), {"transition": "close_resolved"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.state == CaseState.CLOSED and case.outcome == "resolved"

    @pytest.mark.parametrize("name", ["observe", "advise", "follow_up"])
    def test_a_step_recorded_through_a_visit_cannot_be_posted_as_a_button(self, cw, client_for, name):
        case = ask(cw)
        consent_for(case.child)
        for to in (CaseState.READY_TO_PLAN, CaseState.PLANNED, CaseState.OBSERVED, CaseState.ADVISED)[
                :{"observe": 2, "advise": 3, "follow_up": 4}[name]]:
            case = case_advance(case=case, to=to, by=cw.pmer_a if to == CaseState.READY_TO_PLAN
                                else cw.fixed_specialist)
        state = case.state
        response = client_for(cw.fixed_specialist).post(
            reverse("casework:advance", args=[case.pk]), {"transition": name}, follow=True)
        assert "eigen formulier" in response.content.decode()
        case.refresh_from_db()
        assert case.state == state and not case.events.filter(kind=name).exists()

    def test_an_illegal_post_gets_a_clear_message_and_changes_nothing(self, cw, client_for):
        case = ask(cw)
        response = client_for(cw.fixed_specialist).post(
            reverse("casework:advance", args=[case.pk]), {"transition": "close_resolved"}, follow=True)
        assert "kan niet" in response.content.decode()
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CONSENT and not case.outcome

    def test_the_worker_cannot_take_the_specialist_steps(self, cw, client_for):
        case = ask(cw)
        consent_for(case.child)
        case_advance(case=case, to=CaseState.READY_TO_PLAN, by=cw.pmer_a)
        response = client_for(cw.pmer_a).get(reverse("observations:plan", args=[case.pk]))
        assert response.status_code in (403, 404)
        response = client_for(cw.pmer_a).post(reverse("casework:advance", args=[case.pk]), {"transition": "plan"})
        case.refresh_from_db()
        assert case.state == CaseState.READY_TO_PLAN

    def test_planner_assigns_from_the_queue(self, cw, client_for):
        case = ask(cw, by=cw.pmer_c, child=cw.child_c)
        client = client_for(cw.planner)
        assert [c.pk for c in client.get(reverse("casework:caseload")).context["queue"]] == [case.pk]
        html = client.get(detail(case)).content.decode()
        assert cw.child_c.first_name not in html
        client.post(reverse("casework:assign", args=[case.pk]), {"assignee": cw.youke_specialist.pk})
        case.refresh_from_db()
        assert case.assigned_to == cw.youke_specialist
        assert client_for(cw.youke_specialist).get(detail(case)).status_code == 200


class TestQueriesStayConstant:
    def test_caseload_and_worker_home_do_not_grow_with_cases(self, cw, client_for):
        consent_for(cw.children_a[0])
        ask(cw)
        pages = [(cw.fixed_specialist, reverse("casework:caseload")), (cw.pmer_a, reverse("home")),
                 (cw.coordinator, reverse("casework:overview"))]
        few = {}
        for user, url in pages:
            client = client_for(user)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            few[url] = len(queries)
        for child in cw.children_a[1:]:
            consent_for(child)
            ask(cw, child=child)
        ask(cw, subject="group", child=None)
        for user, url in pages:
            client = client_for(user)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            assert len(queries) == few[url], url
